import type { Dialect } from './database-url.js';

/** What a repository needs to run SQL: write it once with `?` placeholders; it runs on both databases. */
export interface SqlExecutor {
  readonly dialect: Dialect;
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  one<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Runs a statement and returns the number of affected rows. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs `callback` once the write transaction these statements belong to has committed, and never if it
   * does not: a job rolled back to its savepoint, a group commit retried job by job, or a write retried on a
   * fresh PostgreSQL connection drops what it registered (the work runs again and registers again). Outside
   * a write transaction (a read executor, autocommit) it runs after the current turn. For telling others,
   * in this process, that committed rows exist (the webhook worker, the notification streams); a callback
   * must not throw (one that does is logged).
   */
  afterCommit(callback: () => void): void;
}

/** Runs callbacks registered with {@link SqlExecutor.afterCommit}; one that throws does not stop the rest. */
export function runCommitCallbacks(callbacks: readonly (() => void)[], onError: (error: unknown) => void): void {
  for (const callback of callbacks) {
    try {
      callback();
    } catch (error) {
      onError(error);
    }
  }
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
