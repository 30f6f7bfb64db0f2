import { setTimeout as sleep } from 'node:timers/promises';
import { USER_SESSION_CACHE_TTL_MS } from '@rectify/identity';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ApiClient, freePort, ServiceProcess } from '../support/service-process.js';
import { buildWorld, type World } from '../support/fixture.js';

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
  let world: World;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, SEED: 'none', ADMIN_PASSWORD: 'reliability-admin-1' };
    a = new ServiceProcess(await freePort(), env);
    await a.start(120_000);
    apiA = new ApiClient(a.base);
    world = await buildWorld(apiA, 'reliability-admin-1', ['nc-inspector', 'nc-bureau']);
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
    expect((await apiB.call('GET', '/cases', world.as('nc-inspector'))).status).toBe(200);
    expect((await apiA.call('GET', '/cases', world.as('nc-inspector'))).status).toBe(200);
    const users = await apiA.ok('GET', '/users?role=inspector', world.admin);
    const inspector = users.items.find((u: { username: string }) => u.username === 'nc-inspector');
    await apiA.ok('POST', `/users/${inspector.id}/disable`, world.admin);
    expect((await apiA.call('GET', '/cases', world.as('nc-inspector'))).status).toBe(401);
    expect(await refusedWithin(apiB, world.as('nc-inspector'), USER_SESSION_CACHE_TTL_MS + 1500)).toBeLessThanOrEqual(USER_SESSION_CACHE_TTL_MS + 500);
    expect((await apiB.call('POST', '/auth/login', null, { username: 'nc-inspector', password: world.password })).status).toBe(401);
  });

  it('logging out on B ends the session on A within the TTL; a fresh login works on both', async () => {
    expect((await apiA.call('GET', '/me', world.as('nc-bureau'))).status).toBe(200);
    expect((await apiB.call('POST', '/auth/logout', world.as('nc-bureau'))).status).toBe(204);
    expect((await apiB.call('GET', '/me', world.as('nc-bureau'))).status).toBe(401);
    expect(await refusedWithin(apiA, world.as('nc-bureau'), USER_SESSION_CACHE_TTL_MS + 1500)).toBeLessThanOrEqual(USER_SESSION_CACHE_TTL_MS + 500);
    const fresh = await apiA.login('nc-bureau', world.password);
    expect((await apiB.call('GET', '/me', fresh)).status).toBe(200);
  });
});
