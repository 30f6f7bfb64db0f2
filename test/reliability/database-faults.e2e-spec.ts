import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import type BetterSqlite3 from 'better-sqlite3';
import type { Response } from 'supertest';
import type { Database } from '@rectify/database';
import { describeWith, itIf } from '../support/requirements.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createTestDatabase, POSTGRES_URL, type TestDatabase } from '../support/test-database.js';
import { ApiClient, freePort, ServiceProcess } from '../support/service-process.js';
import { buildWorld, type World } from '../support/fixture.js';

/** Issue 11 item 1: a lost PostgreSQL connection, an outage and a full disk are 503/507 with a retry hint, never a crash or a 500. */

/** The writer connection under the app's Database (TypeORM keeps one per data source). */
const sqliteConnectionOf = (db: Database) => (db.dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;

interface Reply {
  status: number;
  retryAfter: string | null;
  body: any;
}

async function call(base: string, method: string, path: string, token: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: text ? JSON.parse(text) : null };
}

describeWith({ postgres: true }, 'PostgreSQL connections lost under concurrent writes', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let api: ApiClient;
  let world: World;
  let admin: pg.Client;
  let dbName: string;
  const caseIds: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dbName = new URL(db.url).pathname.slice(1);
    service = new ServiceProcess(await freePort(), { DATABASE_URL: db.url, SEED: 'none', ADMIN_PASSWORD: 'reliability-admin-1' });
    await service.start(120_000);
    api = new ApiClient(service.base);
    world = await buildWorld(api, 'reliability-admin-1', ['nc-inspector', 'nc-supervisor', 'nc-bureau']);
    for (let i = 0; i < 8; i++) {
      const c = await api.ok('POST', '/cases', world.as('nc-inspector'), { title: `断连测试 ${i}`, description: 'd', source: 'routine', category: 'air', regionCode: '360100' });
      await api.ok('POST', `/cases/${c.id}/events`, world.as('nc-supervisor'), { type: 'ASSIGN', leadUnitId: world.units.ncEeb });
      await api.ok('POST', `/cases/${c.id}/events`, world.as('nc-bureau'), { type: 'ACCEPT' });
      caseIds.push(c.id);
    }
    admin = new pg.Client({ connectionString: POSTGRES_URL! });
    await admin.connect();
  }, 300_000);

  afterAll(async () => {
    await admin?.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin?.end();
    await service?.stop();
    await db?.drop();
  });

  const terminateBackends = () =>
    admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);

  it('answers 200 or 503 with Retry-After while backends are terminated every 1.5 s, keeps running, and loses no acknowledged write', async () => {
    const acknowledged = new Map<string, string>();
    const statuses = new Map<number, number>();
    const unexpected: Reply[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const caseId = caseIds[(w + i) % caseIds.length]!;
        const note = `w${w}-${i}`;
        const res = await call(service.base, 'POST', `/cases/${caseId}/events`, world.as('nc-bureau'), { type: 'REPORT_PROGRESS', note });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) acknowledged.set(note, caseId);
        else if (!(res.status === 503 && res.retryAfter !== null) && res.status !== 409) unexpected.push(res);
      }
    };
    const writers = Array.from({ length: 16 }, (_, w) => writer(w));
    for (let round = 0; round < 4; round++) {
      await sleep(1500);
      await terminateBackends();
    }
    await sleep(500);
    stop = true;
    await Promise.all(writers);

    expect(unexpected).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(0);
    // still the same process, serving on fresh connections
    expect((await fetch(`${service.base}/health`)).status).toBe(200);
    for (const caseId of caseIds) {
      const history: Array<{ type: string; payload: { note?: string } }> = (await api.ok('GET', `/cases/${caseId}/history`, world.as('nc-supervisor'))).items;
      const notes = new Set(history.filter((e) => e.type === 'REPORT_PROGRESS').map((e) => e.payload.note));
      for (const [note, id] of acknowledged) if (id === caseId) expect(notes.has(note)).toBe(true);
      expect(await api.ok('GET', `/cases/${caseId}/history/verify`, world.as('nc-supervisor'))).toMatchObject({ valid: true });
    }
  }, 120_000);

  it('answers reads and writes with 503 and Retry-After during an outage, and recovers without a restart', async () => {
    const caseId = caseIds[0]!;
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    await terminateBackends();
    try {
      const read = await call(service.base, 'GET', `/cases/${caseId}`, world.as('nc-supervisor'));
      expect(read).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE' } });
      expect(read.retryAfter).toMatch(/^\d+$/);
      const write = await call(service.base, 'POST', `/cases/${caseId}/events`, world.as('nc-bureau'), { type: 'REPORT_PROGRESS', note: 'during the outage' });
      expect(write).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE' } });
      expect(write.retryAfter).toMatch(/^\d+$/);
      expect((await fetch(`${service.base}/health`)).status).toBe(503);
    } finally {
      await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    }
    expect((await call(service.base, 'GET', `/cases/${caseId}`, world.as('nc-supervisor'))).status).toBe(200);
    expect((await call(service.base, 'POST', `/cases/${caseId}/events`, world.as('nc-bureau'), { type: 'REPORT_PROGRESS', note: 'after the outage' })).status).toBe(200);
  }, 60_000);
});

describe('a full disk', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  itIf(!POSTGRES_URL, 'SQLite only: SQLITE_FULL is produced with max_page_count')('answers 507 with Retry-After, never 500, keeps what was acknowledged, and recovers', async () => {
    const writer = sqliteConnectionOf(t.db);
    const pages = writer.pragma('page_count', { simple: true }) as number;
    writer.pragma(`max_page_count = ${pages}`);
    const created: string[] = [];
    const statuses: number[] = [];
    let full: Response | undefined;
    try {
      for (let i = 0; i < 200 && !full; i++) {
        const res = await t.http
          .post('/api/v1/cases')
          .set(await t.auth('jx-inspector'))
          .send({ title: `满盘 ${i}`, description: '填满磁盘'.repeat(400), source: 'routine', category: 'air', regionCode: '360100' });
        statuses.push(res.status);
        if (res.status === 201) created.push(res.body.id);
        else full = res;
      }
    } finally {
      writer.pragma('max_page_count = 4294967294');
    }
    expect(full?.status).toBe(507);
    expect(full?.body).toMatchObject({ code: 'INSUFFICIENT_STORAGE' });
    expect(full?.headers['retry-after']).toMatch(/^\d+$/);
    for (const id of created) expect((await t.http.get(`/api/v1/cases/${id}`).set(await t.auth('jx-supervisor'))).status).toBe(200);
    const after = await t.http
      .post('/api/v1/cases')
      .set(await t.auth('jx-inspector'))
      .send({ title: '恢复后', description: 'd', source: 'routine', category: 'air', regionCode: '360100' });
    expect(after.status).toBe(201);
  });
});
