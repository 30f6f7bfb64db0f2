import { DEMO_CASES, DEMO_PASSWORD, DEMO_USERS, demoTargetCounts } from '@rectify/seeds';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** What each demo target looks like once driven through the engine. */
const STATE_OF_TARGET: Record<string, string> = {
  reported: 'reported',
  withdrawn: 'withdrawn',
  returned: 'reported',
  assigned: 'assigned',
  rectifying: 'rectifying.inProgress',
  awaitingVerification: 'rectifying.awaitingVerification',
  verified: 'verified',
  closed: 'closed',
  reboundCheck: 'reboundCheck',
};
const NOW = '2026-06-01T02:00:00.000Z';

/**
 * `npm start`'s demo data (SEED=demo): the seed documents' regions, units, users and 267 cases, each
 * driven through the engine; a second start on the same database seeds nothing again.
 */
describe('demo seeder: SEED=demo on a fresh database, then a second start', () => {
  let t: TestApp;
  const env = { SEED: 'demo', ADMIN_PASSWORD: 'demo-admin-pass-1' };
  let counts: { cases: number; events: number; users: number; units: number; regions: number };

  const countAll = async (app: TestApp) => {
    const row = await app.db.one<Record<string, number | string>>(
      'SELECT (SELECT COUNT(*) FROM cases) AS cases, (SELECT COUNT(*) FROM case_events) AS events, (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM units) AS units, (SELECT COUNT(*) FROM regions) AS regions',
    );
    return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)])) as typeof counts;
  };

  beforeAll(async () => {
    t = await startTestApp({ start: NOW, env, fixture: false });
    counts = await countAll(t);
  }, 300_000);
  afterAll(async () => t?.close());

  it('drives every demo case to its target state through the engine', async () => {
    expect(counts.cases).toBe(DEMO_CASES.length);
    const expected: Record<string, number> = {};
    for (const [target, n] of Object.entries(demoTargetCounts())) if (n > 0) expected[STATE_OF_TARGET[target]!] = (expected[STATE_OF_TARGET[target]!] ?? 0) + n;
    const rows = await t.db.all<{ state_detail: string; n: number | string }>('SELECT state_detail, COUNT(*) AS n FROM cases GROUP BY state_detail');
    expect(Object.fromEntries(rows.map((r) => [r.state_detail, Number(r.n)]))).toEqual(expected);
    // a real history: as many events as the row's version, and the hash chain verifies
    const mismatched = await t.db.all('SELECT c.id FROM cases c WHERE c.version <> (SELECT COUNT(*) FROM case_events e WHERE e.case_id = c.id)');
    expect(mismatched).toEqual([]);
  });

  it('lets the demo users log in with the published password and see their cases', async () => {
    const login = async (username: string) => (await t.http.post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD })).body.accessToken as string;
    // one user of each role (scrypt makes every login slow on purpose)
    for (const username of ['jx-inspector', 'qz-bureau', 'ah-admin']) {
      expect({ username, token: typeof (await login(username)) }).toEqual({ username, token: 'string' });
    }
    const supervisor = await login('jx-supervisor');
    const page = await t.http.get('/api/v1/cases?pageSize=5').set('Authorization', `Bearer ${supervisor}`);
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBe(5);
    for (const item of page.body.items as Array<{ id: string }>) {
      expect((await t.http.get(`/api/v1/cases/${item.id}/history/verify`).set('Authorization', `Bearer ${supervisor}`)).body).toMatchObject({ valid: true });
    }
  });

  it('a second start on the same database does not seed again', async () => {
    // A demo user who never acted (an admin), removed between the starts: seeding again would bring it back.
    expect(DEMO_USERS.map((u) => u.username)).toContain('zj-admin');
    expect(await t.db.all("SELECT actor_id FROM case_events WHERE actor_username = 'zj-admin'")).toEqual([]);
    await t.db.run("DELETE FROM users WHERE username = 'zj-admin'");
    await t.app.close();
    t = await startTestApp({ start: NOW, env, fixture: false, database: t.database });
    expect(await countAll(t)).toEqual({ ...counts, users: counts.users - 1 });
    expect(await t.db.all("SELECT id FROM users WHERE username = 'zj-admin'")).toEqual([]);
  }, 300_000);
});
