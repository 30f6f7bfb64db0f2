import type { Dialect } from './database-url.js';

/**
 * SQL reading one value inside a JSON text column (history payloads, case snapshots are JSON text on
 * both databases), so that a reader of many rows ships that value instead of the whole document.
 * `text`: a JSON string's content (SQLite json_extract, PostgreSQL #>>); `value`: the JSON value itself
 * (numbers stay numbers: SQLite json_extract, PostgreSQL #> as json, which the driver parses).
 */
export function jsonField(dialect: Dialect, column: string, path: readonly string[], as: 'text' | 'value' = 'text'): string {
  if (dialect === 'postgres') return `(${column}::json ${as === 'text' ? '#>>' : '#>'} '{${path.join(',')}}')`;
  return `json_extract(${column}, '$.${path.join('.')}')`;
}
