import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ApiClient, freePort, ServiceProcess } from '../support/service-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const GOOD_SECRET = 'k'.repeat(16) + 'production-secret-of-32b';
const ANCHOR_KEY = 'a'.repeat(16) + 'history-anchor-key-of-32b';

/** Issue 11 item 3: production must not start with demo accounts, a weak JWT key or weak passwords. */
describe('production start-up', () => {
  let db: TestDatabase;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    for (const s of services) await s.stop();
    await db?.drop();
  });

  async function service(env: Record<string, string>): Promise<ServiceProcess> {
    const s = new ServiceProcess(await freePort(), { DATABASE_URL: db.url, NODE_ENV: 'production', ...env });
    services.push(s);
    return s;
  }

  it('refuses to start without a JWT_SECRET of at least 32 bytes', async () => {
    const short = await service({ JWT_SECRET: 'reliability-secret' });
    await expect(short.start(60_000)).rejects.toThrow(/exited with 2[\s\S]*JWT_SECRET must be set to at least 32 bytes/);
    const none = await service({ JWT_SECRET: '' });
    await expect(none.start(60_000)).rejects.toThrow(/exited with 2[\s\S]*JWT_SECRET/);
  }, 300_000);

  // Issue 11 item 8: the key that signs the history chain heads and checkpoints is not in the database.
  it('refuses to start without a HISTORY_ANCHOR_KEY of at least 32 bytes, or with the JWT_SECRET as one', async () => {
    const none = await service({ JWT_SECRET: GOOD_SECRET, ADMIN_PASSWORD: 'production-admin-1' });
    await expect(none.start(60_000)).rejects.toThrow(/exited with 2[\s\S]*HISTORY_ANCHOR_KEY must be set to at least 32 bytes when NODE_ENV=production/);
    const short = await service({ JWT_SECRET: GOOD_SECRET, HISTORY_ANCHOR_KEY: 'short', ADMIN_PASSWORD: 'production-admin-1' });
    await expect(short.start(60_000)).rejects.toThrow(/exited with 2[\s\S]*HISTORY_ANCHOR_KEY must be at least 32 bytes/);
    const same = await service({ JWT_SECRET: GOOD_SECRET, HISTORY_ANCHOR_KEY: GOOD_SECRET, ADMIN_PASSWORD: 'production-admin-1' });
    await expect(same.start(60_000)).rejects.toThrow(/exited with 2[\s\S]*HISTORY_ANCHOR_KEY must differ from JWT_SECRET/);
  }, 300_000);

  it('refuses an ADMIN_PASSWORD that fails the password policy', async () => {
    const weak = await service({ JWT_SECRET: GOOD_SECRET, HISTORY_ANCHOR_KEY: ANCHOR_KEY, ADMIN_PASSWORD: '12345678' });
    await expect(weak.start(60_000)).rejects.toThrow(/exited with 2[\s\S]*ADMIN_PASSWORD: The password must have at least 10/);
  }, 300_000);

  it('loads no demo data unless SEED=demo is explicit', async () => {
    const s = await service({ JWT_SECRET: GOOD_SECRET, HISTORY_ANCHOR_KEY: ANCHOR_KEY, ADMIN_PASSWORD: 'production-admin-1' });
    await s.start(120_000);
    const api = new ApiClient(s.base);
    expect((await api.call('POST', '/auth/login', null, { username: 'jx-admin', password: 'rectify-demo-2026' })).status).toBe(401);
    const admin = await api.login('admin', 'production-admin-1');
    const cases = await api.ok('GET', '/cases', admin);
    expect(cases.total ?? cases.items?.length ?? cases.length).toBe(0);
    await s.stop();
  }, 300_000);
});

describe('password policy on user creation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it.each(['12345678', 'password123', 'qwertyuiop', 'short-1'])('refuses %s with a 400 that says why, and creates nobody', async (password) => {
    const res = await t.http
      .post('/api/v1/users')
      .set(await t.auth('admin'))
      .send({ username: 'weak-user', password, displayName: 'w', role: 'inspector', regionCode: '360000' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/password/i);
    const users = await t.http.get('/api/v1/users').set(await t.auth('admin'));
    expect(users.status).toBe(200);
    expect(JSON.stringify(users.body)).not.toContain('weak-user');
  });

  it('accepts a long uncommon password', async () => {
    const res = await t.http
      .post('/api/v1/users')
      .set(await t.auth('admin'))
      .send({ username: 'strong-user', password: 'Ganjiang-river-7', displayName: 's', role: 'inspector', regionCode: '360000' });
    expect(res.status).toBe(201);
  });
});
