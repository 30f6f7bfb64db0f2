import { Logger } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations/index.js';
import { parseDatabaseUrl, sqliteDirectory } from './database-url.js';
import { isBusy } from './database-errors.js';
import { Database } from './database.js';
import { refreshSqliteStatistics } from './planner-statistics.js';

export interface OpenDatabaseOptions {
  url: string;
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  /** Run pending migrations (default true). */
  migrate?: boolean;
  poolSize?: number;
  /** SQLite: the WAL size past which the writer truncates it itself (default 64 MiB; tests use less). */
  walLimitBytes?: number;
  /** SQLite: stop the checkpoint worker after this long without a commit (default 30 s; tests use less). */
  checkpointerIdleMs?: number;
}

const BUSY_TIMEOUT_MS = 10000;
const PG_CONNECT_TIMEOUT_MS = 5000;

/**
 * A pg client with an 'error' listener from birth to end. pg reports a terminated backend as an 'error' event, and
 * a client between owners (handed back after a failed query while its socket still reports the end, say) would
 * otherwise have none: an unhandled 'error' ends the process. Whoever uses the client still sees the failure (its
 * query fails; the pool drops it). Given to the pool as its Client class, so that no client escapes it — the
 * ones TypeORM opens while it initialises and migrates included.
 */
class ListenedClient extends pg.Client {
  private static readonly logger = new Logger('Database');
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', (error) => ListenedClient.logger.debug(`PostgreSQL client error: ${error.message}`));
  }
}

function sqliteOptions(file: string, synchronous: string, readonly: boolean) {
  return {
    type: 'better-sqlite3' as const,
    database: file,
    readonly,
    timeout: BUSY_TIMEOUT_MS,
    enableWAL: !readonly,
    statementCacheSize: 200,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'all' as const,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (!readonly) db.pragma(`synchronous = ${synchronous}`);
    },
  };
}

/** Opens the database named by a DATABASE_URL, runs migrations, and returns the app's Database. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const parsed = parseDatabaseUrl(options.url);
  if (parsed.dialect === 'postgres') {
    const dataSource = new DataSource({
      type: 'postgres',
      url: parsed.target,
      migrations: MIGRATIONS,
      migrationsTransactionMode: 'all',
      poolSize: options.poolSize ?? 10,
      // An unreachable server fails a request within seconds (a 503), instead of queueing it for ever.
      extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS, Client: ListenedClient },
    });
    await dataSource.initialize();
    if (options.migrate !== false) await migratePostgres(dataSource);
    return new Database('postgres', dataSource);
  }
  const file = parsed.target;
  const synchronous = options.sqliteSynchronous ?? 'FULL';
  if (file !== ':memory:') mkdirSync(sqliteDirectory(file), { recursive: true });
  const writer = new DataSource(sqliteOptions(file, synchronous, false));
  await writer.initialize();
  if (options.migrate !== false) await migrateSqlite(writer);
  // Planner statistics before the first read (the reader connection, opened next, loads them).
  if (options.migrate !== false) {
    try {
      refreshSqliteStatistics((writer.driver as unknown as { databaseConnection: Parameters<typeof refreshSqliteStatistics>[0] }).databaseConnection);
    } catch (error) {
      // Another process holds the write lock for longer than the busy timeout: it will do it, or the next start.
      if (!isBusy(error)) throw error;
    }
  }
  let reader: DataSource | undefined;
  if (file !== ':memory:') {
    reader = new DataSource(sqliteOptions(file, synchronous, true));
    await reader.initialize();
  }
  const database = new Database('sqlite', writer, reader);
  if (file !== ':memory:') database.enableCheckpointer(file, synchronous, { walLimitBytes: options.walLimitBytes, idleMs: options.checkpointerIdleMs });
  return database;
}

/** Several instances may start at once: one migrates while the others wait on an advisory lock. */
async function migratePostgres(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(7315001)');
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(7315001)').catch(() => undefined);
    await runner.release();
  }
}

/** Two processes starting on one file: the loser of the write lock retries after the winner commits. */
async function migrateSqlite(dataSource: DataSource): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.runMigrations({ transaction: 'all' });
      return;
    } catch (error) {
      if (attempt >= 20 || !(isBusy(error) || /already exists/.test(String((error as Error).message)))) throw error;
      await sleep(100 * attempt);
    }
  }
}
