import pg from 'pg';
import { param } from './bench-params.util.js';

/** The benchmark's database (`--pg-database=NAME`, default rectify_bench): several runs can share one server. */
export const BENCH_PG_DATABASE = param('pg-database', 'rectify_bench').replace(/[^a-z0-9_]/g, '');

/** The server named by DATABASE_URL (if it is a postgres:// URL) or the local default. */
export function adminUrl(): string {
  const url = process.env.DATABASE_URL ?? '';
  return /^postgres(ql)?:\/\//.test(url) ? url : 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** The same server, database `rectify_bench`. */
export function benchPgUrl(): string {
  const url = new URL(adminUrl());
  url.pathname = `/${BENCH_PG_DATABASE}`;
  return url.toString();
}

/** Null when PostgreSQL answers, else why not. */
export async function postgresUnreachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops the benchmark database (closing its connections first) and, unless `drop`, creates it empty. */
export async function resetBenchDatabase(opts: { create: boolean }): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [BENCH_PG_DATABASE]);
    await client.query(`DROP DATABASE IF EXISTS ${BENCH_PG_DATABASE}`);
    if (opts.create) await client.query(`CREATE DATABASE ${BENCH_PG_DATABASE}`);
  } finally {
    await client.end();
  }
}
