import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, QueryRunner } from 'typeorm';
import { DomainError, ErrorCode } from '@rectify/core';
import type { Dialect } from './database-url.js';
import { isBusy, isRetryable } from './database-errors.js';
import { SqlExecutor, toPostgresPlaceholders } from './sql-executor.js';

/** The largest number of queued write transactions committed together (group commit). */
const MAX_GROUP_SIZE = 64;
const MAX_WRITE_ATTEMPTS = 8;

type WriteWork<T> = (tx: SqlExecutor) => Promise<T>;
interface QueuedWrite {
  work: WriteWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

class RunnerExecutor implements SqlExecutor {
  constructor(
    readonly dialect: Dialect,
    private readonly runner: QueryRunner,
  ) {}

  private sql(sql: string): string {
    return this.dialect === 'postgres' ? toPostgresPlaceholders(sql) : sql;
  }

  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    // Structured results: TypeORM's PostgreSQL runner otherwise returns [rows, count] for UPDATE … RETURNING.
    const result = await this.runner.query(this.sql(sql), params as unknown[], true);
    return ((result as { records?: T[] }).records ?? []) as T[];
  }

  async one<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    const result = await this.runner.query(this.sql(sql), params as unknown[], true);
    return (result as { affected?: number }).affected ?? 0;
  }
}

/**
 * The one way the application reaches its database.
 *
 * SQLite: TypeORM's better-sqlite3 driver shares one connection (one query runner) per data source,
 * so concurrent `transaction()` calls would interleave. Every write transaction here goes through one
 * in-process queue, starts with `BEGIN IMMEDIATE` (so a second process waits on the busy timeout
 * instead of failing at its first write) and the queue commits the transactions waiting together as
 * one group, each inside its own savepoint: one fsync for many commands, and no promise resolves
 * before the commit that made its work durable. Reads use a second, read-only connection so they
 * never see a transaction that is still open.
 *
 * PostgreSQL: each write transaction takes a pooled connection; serialization failures and
 * deadlocks are retried.
 */
export class Database implements SqlExecutor {
  private readonly logger = new Logger('Database');
  private readonly queue: QueuedWrite[] = [];
  private generation = 0;
  private draining = false;
  private readonly writerRunner?: QueryRunner;
  private readonly readExecutor: SqlExecutor;

  constructor(
    readonly dialect: Dialect,
    readonly dataSource: DataSource,
    /** SQLite only: a read-only data source on the same file (absent for `:memory:`). */
    private readonly readerSource?: DataSource,
  ) {
    if (dialect === 'sqlite') {
      this.writerRunner = dataSource.createQueryRunner();
      const readRunner = readerSource ? readerSource.createQueryRunner() : undefined;
      this.readExecutor = readRunner ? new RunnerExecutor('sqlite', readRunner) : new RunnerExecutor('sqlite', this.writerRunner);
    } else {
      this.readExecutor = new PoolExecutor(dataSource);
    }
  }

  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    if (this.dialect === 'sqlite' && !this.readerSource) return this.write((tx) => tx.all<T>(sql, params));
    return this.readExecutor.all<T>(sql, params);
  }

  one<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    if (this.dialect === 'sqlite' && !this.readerSource) return this.write((tx) => tx.one<T>(sql, params));
    return this.readExecutor.one<T>(sql, params);
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

  /** Runs `work` in a write transaction; resolves only after the commit. */
  write<T>(work: WriteWork<T>): Promise<T> {
    if (this.dialect === 'postgres') return this.writePostgres(work);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async writePostgres<T>(work: WriteWork<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const runner = this.dataSource.createQueryRunner();
      try {
        await runner.connect();
        await runner.query('BEGIN');
        const result = await work(new RunnerExecutor('postgres', runner));
        await runner.query('COMMIT');
        this.generation++;
        return result;
      } catch (error) {
        await runner.query('ROLLBACK').catch(() => undefined);
        if (isRetryable(error) && attempt < MAX_WRITE_ATTEMPTS) {
          await sleep(5 * attempt + Math.random() * 10);
          continue;
        }
        throw error;
      } finally {
        await runner.release();
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
      }
    } finally {
      this.draining = false;
    }
  }

  private async begin(runner: QueryRunner): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await runner.query('BEGIN IMMEDIATE');
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
    const runner = this.writerRunner!;
    const tx = new RunnerExecutor('sqlite', runner);
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.begin(runner);
    } catch (error) {
      for (const job of group) job.reject(error);
      return;
    }
    try {
      const single = group.length === 1;
      for (const job of group) {
        if (!single) await runner.query('SAVEPOINT w');
        try {
          const value = await job.work(tx);
          if (!single) await runner.query('RELEASE w');
          outcomes.push({ ok: true, value });
        } catch (error) {
          if (single) throw error;
          await runner.query('ROLLBACK TO w');
          await runner.query('RELEASE w');
          outcomes.push({ ok: false, error });
        }
      }
      await this.commit(runner);
      this.generation++;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
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
    outcomes.forEach((outcome, i) => (outcome.ok ? group[i]!.resolve(outcome.value) : group[i]!.reject(outcome.error)));
  }

  private async commit(runner: QueryRunner): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await runner.query('COMMIT');
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
    await this.writerRunner?.release().catch(() => undefined);
    if (this.readerSource?.isInitialized) await this.readerSource.destroy();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Reads on PostgreSQL: straight to the pool, one statement at a time. */
class PoolExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;
  constructor(private readonly dataSource: DataSource) {}

  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(toPostgresPlaceholders(sql), params as unknown[], true);
      return ((result as { records?: T[] }).records ?? []) as T[];
    } finally {
      await runner.release();
    }
  }

  async one<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(toPostgresPlaceholders(sql), params as unknown[], true);
      return (result as { affected?: number }).affected ?? 0;
    } finally {
      await runner.release();
    }
  }
}
