import { dirname, resolve } from 'node:path';

export type Dialect = 'sqlite' | 'postgres';

export interface ParsedDatabaseUrl {
  dialect: Dialect;
  /** For SQLite: an absolute file path or ':memory:'. For PostgreSQL: the URL itself. */
  target: string;
}

export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === ':memory:' || path === '') return { dialect: 'sqlite', target: ':memory:' };
    return { dialect: 'sqlite', target: resolve(path) };
  }
  return { dialect: 'postgres', target: url };
}

export const sqliteDirectory = (target: string): string => dirname(target);
