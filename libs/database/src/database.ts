import { Logger } from '@nestjs/common';
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type BetterSqlite3 from 'better-sqlite3';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '@rectify/core';
import type { Dialect } from './database-url.js';
import { isBusy, isConnectionLost, isRetryable, toServiceError } from './database-errors.js';
import { runCommitCallbacks, SqlExecutor, toPostgresPlaceholders } from './sql-executor.js';
import { SqliteExecutor } from './sqlite-executor.js';
import { refreshSqliteStatistics } from './planner-statistics.js';
import { CHECKPOINTER_IDLE_MS, WAL_LIMIT_BYTES, WalCheckpointer } from './wal-checkpointer.js';


/** The largest number of queued write transactions committed together (group commit). */
const MAX_GROUP_SIZE = 64;
const MAX_WRITE_ATTEMPTS = 8;
/** Attempts of a PostgreSQL write whose connection dropped before COMMIT was sent (then nothing is durable). */
const MAX_RECONNECT_ATTEMPTS = 2;
/** Rows the writer changes between two checks of the planner statistics (see refreshPlannerStatistics). */
const STATISTICS_EVERY_ROWS = 100_000;

const rethrowAsServiceError = (error: unknown): never => {
  throw toServiceError(error);
};

type WriteWork<T> = (tx: SqlExecutor) => Promise<T>;
interface QueuedWrite {
  work: WriteWork<unknown>;
  /** Runs a function in the async context of the caller who queued the job (see runJob). */
  inCallerContext: <R>(fn: () => R) => R;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Statements on PostgreSQL, `?` placeholders converted: on the pool (reads, one statement each) or on
 * the pooled client that holds a write transaction, where they go as named statements.
 */
class PgExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;
  /** A write transaction's afterCommit callbacks, run by writePostgres after its COMMIT; null on the pool. */
  readonly commitCallbacks: Array<() => void> | null;
  constructor(
    private readonly target: Pool | PoolClient,
    private readonly named: boolean,
  ) {
    this.commitCallbacks = named ? [] : null;
  }

  afterCommit(callback: () => void): void {
    if (this.commitCallbacks) this.commitCallbacks.push(callback);
    else queueMicrotask(callback);
  }

  private query(sql: string, params: readonly unknown[]) {
    const config = this.named ? preparedQuery(sql, params) : { text: toPostgresPlaceholders(sql), values: params as unknown[] };
    return this.target.query(config);
  }

  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async one<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }
}

/** Distinct statements given a name; past this, SQL built with variable IN lists runs unnamed. */
const MAX_NAMED_STATEMENTS = 300;
const statementNames = new Map<string, string>();

/**
 * A write's statement as a *named* (prepared) statement: PostgreSQL parses and plans it once per
 * connection instead of on every execution (10–20% of the raw reference's throughput here).
 */
function preparedQuery(sql: string, params: readonly unknown[]): QueryConfig {
  const text = toPostgresPlaceholders(sql);
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `rectify_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return { name, text, values: params as unknown[] };
}

/**
 * The one way the application reaches its database.
 *
 * SQLite: one writer connection, so concurrent transactions would interleave. Every write
 * transaction here goes through one in-process queue, starts with `BEGIN IMMEDIATE` (so a second
 * process waits on the busy timeout instead of failing at its first write) and the queue commits the
 * transactions waiting together as one group, each inside its own savepoint: one fsync for many
 * commands, and no promise resolves before the commit that made its work durable. Reads use a
 * second, read-only connection so they never see a transaction that is still open. Statements run
 * straight on better-sqlite3 ({@link SqliteExecutor}); WAL checkpoints run on a worker thread
 * ({@link WalCheckpointer}), never inside a user's commit.
 *
 * PostgreSQL: each write transaction takes a pooled connection and sends its statements as named
 * (prepared) statements; serialization failures and deadlocks are retried.
 */
export class Database implements SqlExecutor {
  private readonly logger = new Logger('Database');
  private readonly queue: QueuedWrite[] = [];
  private generation = 0;
  private draining = false;
  private readonly writer?: SqliteExecutor;
  private readonly readExecutor: SqlExecutor;
  private checkpointing?: { file: string; synchronous: string; idleMs: number };
  private checkpointer?: WalCheckpointer;
  private checkpointerStarted?: Promise<void>;
  private idleTimer?: NodeJS.Timeout;
  private lastCommitAt = 0;
  private rowsChangedAtLastCommit = 0;
  private rowsChangedAtStatistics = 0;
  private statistics?: Promise<string>;
  /**
   * `:memory:` only: the transaction a queued job is running in, seen by everything that job awaits.
   * Not used on a file: on Node 20 an active AsyncLocalStorage puts a hook on every promise, which
   * cost ~30% more CPU per transition in the bench; there, reads use the reader connection and
   * code inside a write passes its `tx` on.
   */
  private readonly currentWrite?: AsyncLocalStorage<{ tx: SqliteExecutor; open: boolean }>;
  private walFile?: string;
  private walLimitBytes = WAL_LIMIT_BYTES;

  constructor(
    readonly dialect: Dialect,
    readonly dataSource: DataSource,
    /** SQLite only: a read-only data source on the same file (absent for `:memory:`). */
    private readonly readerSource?: DataSource,
  ) {
    if (dialect === 'sqlite') {
      this.writer = new SqliteExecutor(sqliteConnection(dataSource));
      this.readExecutor = readerSource ? new SqliteExecutor(sqliteConnection(readerSource)) : this.writer;
      if (!readerSource) this.currentWrite = new AsyncLocalStorage();
    } else {
      this.readExecutor = new PgExecutor(postgresPool(dataSource), false);
    }
  }

  /**
   * SQLite on a file: hand WAL checkpoints to a worker thread, started at the first commit and
   * stopped after {@link CHECKPOINTER_IDLE_MS} without one (an idle instance keeps no thread). While
   * no worker runs (and for `:memory:`) the writer checkpoints automatically, as SQLite does by default.
   */
  enableCheckpointer(file: string, synchronous: string, opts: { walLimitBytes?: number; idleMs?: number } = {}): void {
    if (this.dialect !== 'sqlite' || !this.readerSource) return;
    this.checkpointing = { file, synchronous, idleMs: opts.idleMs ?? CHECKPOINTER_IDLE_MS };
    this.walFile = `${file}-wal`;
    this.walLimitBytes = opts.walLimitBytes ?? WAL_LIMIT_BYTES;
  }

  /** Whether a checkpoint worker is running (or starting) now. */
  get checkpointerRunning(): boolean {
    return this.checkpointer !== undefined;
  }

  private afterSqliteCommit(): void {
    // A commit that changed no row (an idempotent insert at start-up, a read on `:memory:`) wrote
    // nothing to the WAL: it neither needs nor keeps alive a checkpointer.
    if (this.writer!.rowsChanged === this.rowsChangedAtLastCommit) return;
    this.rowsChangedAtLastCommit = this.writer!.rowsChanged;
    this.lastCommitAt = Date.now();
    // Many rows changed since the statistics were last checked: check them (ANALYZE only if a table grew a lot).
    if (this.writer!.rowsChanged - this.rowsChangedAtStatistics >= STATISTICS_EVERY_ROWS) void this.refreshPlannerStatistics().catch(() => undefined);
    this.limitWal();
    if (this.checkpointing && !this.checkpointer) this.launchCheckpointer(this.checkpointing);
  }

  private launchCheckpointer(config: { file: string; synchronous: string; idleMs: number }): void {
    const connection = sqliteConnection(this.dataSource);
    const checkpointer: WalCheckpointer = new WalCheckpointer(config.file, config.synchronous, () => {
      // The worker could not run or died: automatic checkpoints from now on, no second attempt.
      connection.pragma('wal_autocheckpoint = 1000');
      this.checkpointing = undefined;
      if (this.checkpointer === checkpointer) this.checkpointer = undefined;
    });
    this.checkpointer = checkpointer;
    this.checkpointerStarted = checkpointer.start().then((ok) => {
      if (ok && this.checkpointer === checkpointer) connection.pragma('wal_autocheckpoint = 0');
    });
    this.idleTimer ??= setInterval(() => this.stopIdleCheckpointer(config.idleMs), Math.max(50, config.idleMs / 4)).unref();
  }

  private stopIdleCheckpointer(idleMs: number): void {
    const checkpointer = this.checkpointer;
    if (!checkpointer || Date.now() - this.lastCommitAt < idleMs) return;
    this.checkpointer = undefined;
    sqliteConnection(this.dataSource).pragma('wal_autocheckpoint = 1000');
    void this.checkpointerStarted?.then(() => checkpointer.close());
  }

  /**
   * The backstop of the checkpointer: after each group (a stat, a few µs), a WAL grown past
   * the limit (default {@link WAL_LIMIT_BYTES}) is checkpointed and truncated here, on the writer (which cannot be starved
   * of its own lock). A stall, but only when writes have not paused for long enough to let the
   * worker's passive checkpoints restart the WAL.
   */
  private limitWal(): void {
    if (!this.walFile) return;
    try {
      if (statSync(this.walFile).size <= this.walLimitBytes) return;
      sqliteConnection(this.dataSource).pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      this.logger.warn(`WAL checkpoint (TRUNCATE) failed: ${(error as Error).message}`);
    }
  }

  /**
   * Keeps the query planner's statistics current after a large change (the demo seed, a 台账 import,
   * every {@link STATISTICS_EVERY_ROWS} rows written here): on SQLite ANALYZE when a table is new to
   * the statistics or grew or shrank 2× since (else `PRAGMA optimize`), as one write job; on PostgreSQL
   * `ANALYZE` of the case tables (autovacuum does it too, later). One check at a time.
   */
  refreshPlannerStatistics(): Promise<string> {
    this.statistics ??= (async () => {
      try {
        if (this.dialect === 'postgres') {
          await this.readExecutor.run('ANALYZE cases, case_events, case_co_units, clocks, escalations, revisits');
          return 'analyzed';
        }
        const connection = sqliteConnection(this.dataSource);
        return await this.write(async () => {
          this.rowsChangedAtStatistics = this.writer!.rowsChanged;
          return refreshSqliteStatistics(connection);
        });
      } finally {
        this.statistics = undefined;
      }
    })();
    return this.statistics;
  }

  // `:memory:` has no second connection: reads queue as writes, so that they never see a group that
  // is still open — except reads made by a job itself, which run in its transaction (see write()).
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    if (this.dialect === 'sqlite' && !this.readerSource) return this.write((tx) => tx.all<T>(sql, params));
    return this.readExecutor.all<T>(sql, params).catch(rethrowAsServiceError);
  }

  one<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    if (this.dialect === 'sqlite' && !this.readerSource) return this.write((tx) => tx.one<T>(sql, params));
    return this.readExecutor.one<T>(sql, params).catch(rethrowAsServiceError);
  }

  /** Outside a transaction there is nothing to wait for: after this turn (see SqlExecutor.afterCommit). */
  afterCommit(callback: () => void): void {
    queueMicrotask(callback);
  }

  /**
   * Rises after every commit this process makes: a cache of query results keyed on it never
   * serves a result older than this process's own last write.
   */
  get writeGeneration(): number {
    return this.generation;
  }

  /** A single statement outside any larger unit of work. */
  run(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.write((tx) => tx.run(sql, params));
  }

  /**
   * Runs `work` in a write transaction; resolves only after the commit. A lost connection or an
   * unreachable database rejects with a 503 DomainError, a full disk with a 507 (see toServiceError).
   */
  write<T>(work: WriteWork<T>): Promise<T> {
    if (this.dialect === 'postgres') return this.writePostgres(work).catch(rethrowAsServiceError);
    // `:memory:`: a read or write made from inside a queued job joins that job's transaction (queued
    // behind the job, it would wait for ever); work the job left behind, say a timer it started,
    // finds the transaction closed and queues.
    const current = this.currentWrite?.getStore();
    if (current?.open) return work(current.tx);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, inCallerContext: AsyncResource.bind(<R>(fn: () => R): R => fn()), resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    }).catch(rethrowAsServiceError);
  }

  private async writePostgres<T>(work: WriteWork<T>): Promise<T> {
    const pool = postgresPool(this.dataSource);
    for (let attempt = 1, reconnects = 0; ; attempt++) {
      const client = await pool.connect();
      // A backend terminated while this transaction waits between statements arrives as an 'error' event
      // (every client also has a listener for its life: ListenedClient): note it, so that the connection is
      // dropped rather than reused and the work is retried on a fresh one.
      let broken: Error | undefined;
      const onError = (error: Error) => (broken ??= error);
      client.on('error', onError);
      let committing = false;
      try {
        await client.query('BEGIN');
        const tx = new PgExecutor(client, true);
        const result = await work(tx);
        committing = true;
        await client.query('COMMIT');
        this.generation++;
        this.runCommitted(tx.commitCallbacks!);
        return result;
      } catch (error) {
        const lost = broken !== undefined || isConnectionLost(error);
        if (!lost) await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        else broken ??= error as Error;
        if (isRetryable(error) && attempt < MAX_WRITE_ATTEMPTS) {
          await sleep(5 * attempt + Math.random() * 10);
          continue;
        }
        // Lost before COMMIT was sent: the server rolled the transaction back, so running it again on a
        // fresh connection cannot apply it twice. Lost during COMMIT the outcome is unknown: the caller gets a 503.
        if (lost && !committing && ++reconnects < MAX_RECONNECT_ATTEMPTS) {
          this.logger.warn(`PostgreSQL connection lost in a write transaction (${(error as Error).message}); retrying on a new connection`);
          continue;
        }
        // A statement that failed only because the connection had died reports the connection's error.
        throw lost && !(error instanceof DomainError) && !isConnectionLost(error) ? broken : error;
      } finally {
        // A connection that failed or cannot even roll back is dropped from the pool, not reused.
        client.off('error', onError);
        client.release(broken);
      }
    }
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        // Let requests that are already in flight reach the queue first: one turn of the event
        // loop costs microseconds and lets one commit (one fsync) serve all of them.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const group = this.queue.splice(0, MAX_GROUP_SIZE);
        await this.commitGroup(group);
        this.afterSqliteCommit();
      }
    } finally {
      this.draining = false;
    }
  }

  private async begin(tx: SqliteExecutor): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        tx.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        // The busy timeout already waited; another process holds the write lock for long.
        if (isBusy(error) && attempt < MAX_WRITE_ATTEMPTS) {
          await sleep(20 * attempt + Math.random() * 20);
          continue;
        }
        if (isBusy(error)) throw new DomainError(ErrorCode.Unavailable, 'The database is busy; try again shortly');
        throw error;
      }
    }
  }

  private async commitGroup(group: QueuedWrite[]): Promise<void> {
    const tx = this.writer!;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.begin(tx);
    } catch (error) {
      for (const job of group) job.reject(error);
      return;
    }
    // What the group's committed jobs registered with afterCommit; a job rolled back to its savepoint adds nothing.
    const committed: Array<() => void> = [];
    try {
      const single = group.length === 1;
      for (const job of group) {
        if (!single) tx.exec('SAVEPOINT w');
        const callbacks: Array<() => void> = [];
        tx.commitCallbacks = callbacks;
        try {
          const value = await this.runJob(job, tx);
          if (!single) tx.exec('RELEASE w');
          outcomes.push({ ok: true, value });
          committed.push(...callbacks);
        } catch (error) {
          if (single) throw error;
          tx.exec('ROLLBACK TO w');
          tx.exec('RELEASE w');
          outcomes.push({ ok: false, error });
        } finally {
          tx.commitCallbacks = null;
        }
      }
      await this.commit(tx);
      this.generation++;
    } catch (error) {
      try {
        tx.exec('ROLLBACK');
      } catch {
        // SQLite already rolled back (for instance after SQLITE_FULL); nothing is open.
      }
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      // The group as a whole failed (for instance at COMMIT): nothing of it is durable.
      // Run each job again on its own so one job's failure does not fail the others.
      this.logger.warn(`group commit of ${group.length} failed (${(error as Error).message}); retrying one by one`);
      for (const job of group) await this.commitGroup([job]);
      return;
    }
    this.runCommitted(committed);
    outcomes.forEach((outcome, i) => (outcome.ok ? group[i]!.resolve(outcome.value) : group[i]!.reject(outcome.error)));
  }

  private runCommitted(callbacks: readonly (() => void)[]): void {
    if (callbacks.length > 0) runCommitCallbacks(callbacks, (error) => this.logger.error(`an after-commit callback failed: ${(error as Error).message}`));
  }

  /**
   * A job runs in the async context of whoever queued it, not of the drain that happens to run it:
   * what its caller's AsyncLocalStorages hold (a replayed instant of the Clock, say) holds inside it.
   */
  private runJob(job: QueuedWrite, tx: SqliteExecutor): Promise<unknown> {
    return job.inCallerContext(() => {
      if (!this.currentWrite) return job.work(tx);
      const scope = { tx, open: true };
      return this.currentWrite.run(scope, () => job.work(tx)).finally(() => (scope.open = false));
    });
  }

  private async commit(tx: SqliteExecutor): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        tx.exec('COMMIT');
        return;
      } catch (error) {
        if (isBusy(error) && attempt < MAX_WRITE_ATTEMPTS) {
          await sleep(10 * attempt);
          continue;
        }
        throw error;
      }
    }
  }

  async close(): Promise<void> {
    while (this.draining || this.queue.length > 0) await sleep(5);
    clearInterval(this.idleTimer);
    const checkpointer = this.checkpointer;
    this.checkpointer = undefined;
    await this.checkpointerStarted;
    await checkpointer?.close();
    if (this.readerSource?.isInitialized) await this.readerSource.destroy();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The better-sqlite3 connection under a TypeORM data source (TypeORM keeps one per data source). */
function sqliteConnection(dataSource: DataSource): BetterSqlite3.Database {
  return (dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
}

/** The `pg` pool under a TypeORM data source. */
function postgresPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
