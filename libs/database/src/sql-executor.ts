import type { Dialect } from './database-url.js';

/** What a repository needs to run SQL: write it once with `?` placeholders; it runs on both databases. */
export interface SqlExecutor {
  readonly dialect: Dialect;
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  one<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Runs a statement and returns the number of affected rows. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

const converted = new Map<string, string>();

/** `?` → `$1, $2, …` for PostgreSQL (our SQL never has a literal `?`). */
export function toPostgresPlaceholders(sql: string): string {
  let out = converted.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (converted.size < 5000) converted.set(sql, out);
  }
  return out;
}
