import { DirectDb } from '../support/direct-db.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ApiClient, freePort, ServiceProcess } from '../support/service-process.js';
import { buildWorld } from '../support/fixture.js';
import { describeWith } from '../support/requirements.js';
import { WebhookReceiver, type Received } from '../support/webhook-receiver.js';

const T0 = '2025-03-03T02:00:00.000Z';
const ADMIN_PASSWORD = 'reliability-admin-1';

const env = (database: TestDatabase, extra: Record<string, string> = {}) => ({
  DATABASE_URL: database.url,
  SEED: 'none',
  ADMIN_PASSWORD,
  APP_CLOCK: 'manual',
  APP_CLOCK_START: T0,
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1:*',
  ...extra,
});

const pairs = (received: Received[]) => received.map((r) => `${String(r.headers['webhook-id'])}#${String(r.headers['webhook-attempt'])}`);
const duplicatesOf = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The outbox through crashes: the real service as a child process, killed with SIGKILL while
 * attempts are in flight, restarted; every event committed before the kill reaches the receiver.
 */
describe('webhook outbox: SIGKILL mid-delivery loses no event', () => {
  let database: TestDatabase;
  let service: ServiceProcess;
  let receiver: WebhookReceiver;
  let db: DirectDb;

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await new WebhookReceiver().start();
    service = new ServiceProcess(await freePort(), env(database));
    await service.start(180_000);
  }, 240_000);

  afterAll(async () => {
    await service?.stop();
    await db?.close();
    await receiver?.stop();
    await database?.drop();
  });

  it('every delivery queued before the kill is delivered after the restart, no attempt twice', async () => {
    const api = new ApiClient(service.base);
    const world = await buildWorld(api, ADMIN_PASSWORD, ['nc-inspector']);
    const admin = await api.login('admin', ADMIN_PASSWORD);
    const hook = await api.ok('POST', '/webhooks', admin, { url: receiver.url('/crash'), events: ['case.created'] });
    // The receiver is slow: attempts are in flight when the process dies.
    receiver.reply = () => ({ status: 204, delayMs: 400 });
    const created: string[] = [];
    for (let i = 0; i < 40; i++) {
      created.push((await api.ok('POST', '/cases', world.as('nc-inspector'), { title: `崩溃 ${i}`, description: 'd', source: 'audit', category: 'air', regionCode: '360100' })).id);
    }
    await receiver.until((r) => r.length >= 3);
    await service.kill();
    const seenAtKill = receiver.received.length;

    db = await DirectDb.open(database.url);
    const queued = await db.all<{ id: string; case_id: string }>('SELECT id, case_id FROM webhook_deliveries WHERE endpoint_id = ?', [hook.id]);
    expect(new Set(queued.map((d) => d.case_id))).toEqual(new Set(created)); // one row per committed event
    const notDone = await db.count("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status <> 'delivered'");
    expect(notDone).toBeGreaterThan(0); // the kill did interrupt deliveries

    receiver.reply = () => ({ status: 204 });
    await service.start(60_000);
    // The manual clock restarts at T0: move it past the 60 s lease of the rows claimed before the kill.
    await api.ok('PUT', '/admin/clock', await api.login('admin', ADMIN_PASSWORD), { now: '2025-03-03T02:02:00.000Z' });
    await waitFor('every delivery delivered', async () => (await db.count("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status <> 'delivered'")) === 0);

    const ids = new Set(receiver.received.map((r) => String(r.headers['webhook-id'])));
    for (const d of queued) expect(ids.has(d.id)).toBe(true);
    expect(duplicatesOf(pairs(receiver.received))).toEqual([]);
    expect(receiver.received.length).toBeGreaterThan(seenAtKill);
  }, 180_000);
});

describeWith({ postgres: true }, 'webhook outbox: two instances on PostgreSQL', () => {
  let database: TestDatabase;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let receiver: WebhookReceiver;
  let db: DirectDb;

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await new WebhookReceiver().start();
    a = new ServiceProcess(await freePort(), env(database));
    await a.start(180_000);
    b = new ServiceProcess(await freePort(), env(database));
    await b.start(60_000);
    db = await DirectDb.open(database.url);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.close();
    await receiver?.stop();
    await database?.drop();
  });

  it('each event reaches each endpoint; no attempt is delivered twice', async () => {
    const apiA = new ApiClient(a.base);
    const apiB = new ApiClient(b.base);
    const world = await buildWorld(apiA, ADMIN_PASSWORD, ['nc-inspector']);
    const admin = await apiA.login('admin', ADMIN_PASSWORD);
    await apiA.ok('POST', '/webhooks', admin, { url: receiver.url('/one'), events: ['case.created'] });
    await apiB.ok('POST', '/webhooks', admin, { url: receiver.url('/two'), events: ['*'] });
    receiver.reply = () => ({ status: 204, delayMs: 2 });
    const inspectorB = await apiB.login('nc-inspector', world.password);
    const N = 200;
    for (let i = 0; i < N; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, k) =>
          (k % 2 ? apiA : apiB).ok('POST', '/cases', k % 2 ? world.as('nc-inspector') : inspectorB, { title: `双实例 ${i + k}`, description: 'd', source: 'audit', category: 'air', regionCode: '360100' }),
        ),
      );
    }
    await waitFor('every delivery delivered', async () => (await db.count("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status <> 'delivered'")) === 0, 60_000);
    expect(await db.count('SELECT COUNT(*) AS n FROM webhook_deliveries')).toBe(2 * N);
    const byPath = (path: string) => receiver.received.filter((r) => r.url === path);
    expect(new Set(byPath('/one').map((r) => r.headers['webhook-id'])).size).toBe(N);
    expect(new Set(byPath('/two').map((r) => r.headers['webhook-id'])).size).toBe(N);
    expect(duplicatesOf(pairs(receiver.received))).toEqual([]);
    // nothing failed, so each delivery took exactly one attempt
    expect(await db.count('SELECT COUNT(*) AS n FROM webhook_attempts')).toBe(2 * N);
    expect(receiver.received).toHaveLength(2 * N);
  }, 180_000);
});
