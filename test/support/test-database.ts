import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  dialect: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

/** The PostgreSQL server the suites use when DATABASE_URL names one; SQLite files otherwise. */
export const POSTGRES_URL = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL! : null;

/** A fresh, empty database for one suite: a temporary SQLite file, or a new PostgreSQL database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  assertDatabaseSuite();
  if (!POSTGRES_URL) {
    const dir = mkdtempSync(join(tmpdir(), 'rectify-test-'));
    return { url: `sqlite:${join(dir, 'test.sqlite')}`, dialect: 'sqlite', drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `rectify_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dialect: 'postgres',
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * The PostgreSQL pass of CI runs only `*.e2e-spec.ts` (and other non-unit) suites: a unit `*.spec.ts`
 * that asked for the suite database would silently never run on PostgreSQL, so it is refused here.
 */
function assertDatabaseSuite(): void {
  const testPath = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath ?? '';
  // `x.e2e-spec.ts` does not end in `.spec.ts`; a unit spec does
  if (/\.spec\.ts$/.test(testPath)) {
    throw new Error(`${testPath}: a unit spec (*.spec.ts) runs only on SQLite; a suite that needs the test database is a *.e2e-spec.ts`);
  }
}
