import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../apps/api/src/app.factory.js';
import { loadConfig } from '@rectify/config';
import { Clock, ManualClock } from '@rectify/core';
import { Database } from '@rectify/database';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { FIXTURE_PASSWORD, seedFixture, type Fixture } from './fixture.js';
import { OpenApiResponseValidator, validatingAgent } from './openapi-validator.js';

export const TEST_START = '2025-03-03T02:00:00.000Z'; // Monday 10:00 in Shanghai
/** Every demo user's password (README "Demo users"). */
export const DEMO_PASSWORD = 'rectify-demo-2026';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  db: Database;
  clock: ManualClock;
  database: TestDatabase;
  fixture: Fixture;
  /** Where this suite's evidence files are stored (removed on close). */
  attachmentsDir: string;
  /** This suite's history checkpoint file (HISTORY_CHECKPOINT_FILE, in a directory removed on close). */
  checkpointFile: string;
  /** Bearer header for a fixture user. */
  auth(username: string): Promise<{ Authorization: string }>;
  setNow(iso: string): void;
  close(): Promise<void>;
}

/** An in-process app on a fresh database with the manual clock and the test fixture loaded. */
export async function startTestApp(
  opts: { start?: string; env?: Record<string, string>; database?: TestDatabase; fixture?: boolean; demo?: boolean } = {},
): Promise<TestApp> {
  // `database`: reuse one (a second start on the same data); `fixture: false`: no test users (the demo seed brings its own);
  // `demo`: SEED=demo, the README's users and cases, no fixture.
  const database = opts.database ?? (await createTestDatabase());
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'rectify-files-'));
  const anchorDir = mkdtempSync(join(tmpdir(), 'rectify-anchor-'));
  const checkpointFile = join(anchorDir, 'history-checkpoints.jsonl');
  const config = loadConfig(
    { ATTACHMENTS_DIR: attachmentsDir, SEED: opts.demo ? 'demo' : 'none', APP_CLOCK: 'manual', APP_CLOCK_START: opts.start ?? TEST_START, SWEEP_INTERVAL_SECONDS: '0', HISTORY_CHECKPOINT_FILE: checkpointFile, HISTORY_CHECKPOINT_INTERVAL_SECONDS: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error', ...opts.env },
    { databaseUrl: database.url, jwtSecret: 'test-secret', sqliteSynchronous: 'NORMAL' },
  );
  const app = await createApp(config, { swaggerUi: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = app.get(Database);
  const clock = app.get(Clock) as ManualClock;
  const fixture: Fixture =
    opts.demo || opts.fixture === false
      ? { password: opts.demo ? DEMO_PASSWORD : FIXTURE_PASSWORD, units: {} as Fixture['units'] }
      : await seedFixture(app);
  // Every response a suite receives is checked against the OpenAPI document (test/support/openapi-validator.ts).
  let validator: OpenApiResponseValidator | undefined;
  const http = validatingAgent(request(app.getHttpServer()), () => (validator ??= OpenApiResponseValidator.forApp(app)));
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    db,
    clock,
    database,
    fixture,
    attachmentsDir,
    checkpointFile: config.historyAnchor.checkpointFile,
    async auth(username: string) {
      let token = tokens.get(username);
      if (!token) {
        const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ username, password: fixture.password });
        if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
        token = res.body.accessToken as string;
        tokens.set(username, token);
      }
      return { Authorization: `Bearer ${token}` };
    },
    setNow(iso: string) {
      clock.set(new Date(iso));
    },
    async close() {
      await app.close();
      await database.drop();
      rmSync(attachmentsDir, { recursive: true, force: true });
      rmSync(anchorDir, { recursive: true, force: true });
    },
  };
}
