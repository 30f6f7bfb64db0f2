import { setTimeout as sleep } from 'node:timers/promises';
import { USER_SESSION_CACHE_TTL_MS } from '@rectify/identity';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ApiClient, freePort, ServiceProcess, setUpWorld } from '../support/service-process.js';

/**
 * Tokens stop working on every instance when their user changes (issue 11 item 4): two service
 * processes on one database (SQLite file, or PostgreSQL with DATABASE_URL). The instance that made
 * the change refuses the token at once; the other within the session cache's TTL.
 */
describe('two instances: a disabled or logged-out user is refused on both', () => {
  let database: TestDatabase;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let apiA: ApiClient;
  let apiB: ApiClient;
  let world: Awaited<ReturnType<typeof setUpWorld>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, SEED: 'none', ADMIN_PASSWORD: 'reliability-admin-1' };
    a = new ServiceProcess(await freePort(), env);
    await a.start(120_000);
    apiA = new ApiClient(a.base);
    world = await setUpWorld(apiA, 'reliability-admin-1');
    b = new ServiceProcess(await freePort(), env);
    await b.start(120_000);
    apiB = new ApiClient(b.base);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  /** Milliseconds until `api` refuses `token` with 401 (polling), or Infinity after `limitMs`. */
  async function refusedWithin(api: ApiClient, token: string, limitMs: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < limitMs) {
      const res = await api.call('GET', '/me', token);
      if (res.status === 401) return Date.now() - started;
      expect(res.status).toBe(200);
      await sleep(50);
    }
    return Infinity;
  }

  it('a token from one instance works on the other; disabling on A refuses it on A at once and on B within the TTL', async () => {
    expect((await apiB.call('GET', '/cases', world.inspector)).status).toBe(200);
    expect((await apiA.call('GET', '/cases', world.inspector)).status).toBe(200);
    const users = await apiA.ok('GET', '/users?role=inspector', world.admin);
    const inspector = users.items.find((u: { username: string }) => u.username === 'inspector');
    await apiA.ok('POST', `/users/${inspector.id}/disable`, world.admin);
    expect((await apiA.call('GET', '/cases', world.inspector)).status).toBe(401);
    expect(await refusedWithin(apiB, world.inspector, USER_SESSION_CACHE_TTL_MS + 1500)).toBeLessThanOrEqual(USER_SESSION_CACHE_TTL_MS + 500);
    expect((await apiB.call('POST', '/auth/login', null, { username: 'inspector', password: 'reliability-pass-1' })).status).toBe(401);
  });

  it('logging out on B ends the session on A within the TTL; a fresh login works on both', async () => {
    expect((await apiA.call('GET', '/me', world.bureau)).status).toBe(200);
    expect((await apiB.call('POST', '/auth/logout', world.bureau)).status).toBe(204);
    expect((await apiB.call('GET', '/me', world.bureau)).status).toBe(401);
    expect(await refusedWithin(apiA, world.bureau, USER_SESSION_CACHE_TTL_MS + 1500)).toBeLessThanOrEqual(USER_SESSION_CACHE_TTL_MS + 500);
    const fresh = await apiA.login('bureau', 'reliability-pass-1');
    expect((await apiB.call('GET', '/me', fresh)).status).toBe(200);
  });
});
