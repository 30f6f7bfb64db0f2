import { toIso } from '@rectify/core';
import { DEFAULT_POLICY } from '@rectify/policies';
import { DEMO_CASES, DEMO_PASSWORD, DEMO_TIMELINE_DAYS, DEMO_USERS, demoTargetCounts, demoTimeline } from '@rectify/seeds';
import { bruteForceProgress, comparableGroup, progressReport, type HistoryEvent } from '../support/progress-brute-force.js';
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
const DAY_MS = 86_400_000;
const iso = (v: unknown) => toIso(v as string | Date)!;

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

  it('replays each case at its dates over the past year: the history in order, as planned, spread over the year, and it verifies', async () => {
    const events = await t.db.all<{ case_id: string; seq: number | string; at: string | Date; type: string }>('SELECT case_id, seq, at, type FROM case_events ORDER BY case_id, seq');
    const cases = await t.db.all<{ id: string; source: string; external_ref: string; reported_at: string | Date }>('SELECT id, source, external_ref, reported_at FROM cases');
    const byCase = new Map<string, Array<{ seq: number; at: string; type: string }>>();
    for (const e of events) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), { seq: Number(e.seq), at: iso(e.at), type: e.type }]);
    const windowStart = new Date(new Date(NOW).getTime() - DEMO_TIMELINE_DAYS * DAY_MS).toISOString();
    const problems: string[] = [];
    const months = new Set<string>();
    for (const c of cases) {
      const history = byCase.get(c.id)!;
      const demo = DEMO_CASES.find((d) => d.source === c.source && d.externalRef === c.external_ref)!;
      const plan = demoTimeline(demo, new Date(NOW), { revisitAfterCloseDays: DEFAULT_POLICY.revisit.afterCloseDays });
      // the engine recorded each event at the instant the seeder replayed it
      const recorded = history.map((e) => `${e.type}@${e.at}`);
      const planned = [`CREATED@${plan.reportedAt}`, ...plan.steps.map((s) => `${s.type}@${s.at}`)];
      if (JSON.stringify(recorded) !== JSON.stringify(planned)) problems.push(`${c.external_ref}: ${recorded.join(' ')} ≠ ${planned.join(' ')}`);
      if (iso(c.reported_at) !== plan.reportedAt) problems.push(`${c.external_ref}: reportedAt ${iso(c.reported_at)}`);
      history.forEach((e, i) => {
        if (e.seq !== i + 1) problems.push(`${c.external_ref}: seq ${e.seq} at position ${i + 1}`);
        if (i > 0 && e.at <= history[i - 1]!.at) problems.push(`${c.external_ref}: ${e.type} at ${e.at} not after ${history[i - 1]!.at}`);
        if (e.at < windowStart || e.at > NOW) problems.push(`${c.external_ref}: ${e.type} at ${e.at} outside the replayed year`);
      });
      months.add(history[0]!.at.slice(0, 7));
    }
    expect(problems).toEqual([]);
    expect(months.size).toBeGreaterThanOrEqual(10); // logged over the year, not on one day
    // clocks start and end when their events happened
    const clocks = await t.db.all<{ started_at: string | Date; ended_at: string | Date | null }>('SELECT started_at, ended_at FROM clocks');
    expect(clocks.filter((k) => iso(k.started_at) < windowStart || iso(k.started_at) > NOW || (k.ended_at !== null && iso(k.ended_at) < iso(k.started_at)))).toEqual([]);
    // and every hash chain verifies (the engine's own check, over HTTP)
    const admin = await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: env.ADMIN_PASSWORD });
    const auth = { Authorization: `Bearer ${admin.body.accessToken as string}` };
    const invalid: string[] = [];
    for (const c of cases) {
      const res = await t.http.get(`/api/v1/cases/${c.id}/history/verify`).set(auth);
      if (res.status !== 200 || res.body.valid !== true || res.body.length !== byCase.get(c.id)!.length) invalid.push(`${c.external_ref}: ${JSON.stringify(res.body)}`);
    }
    expect(invalid).toEqual([]);
  });

  it('climbs the ladder at its dates: each level recorded within a day of its threshold, resolved when its clock ended', async () => {
    const rows = await t.db.all<{ threshold_at: string | Date; fired_at: string | Date; resolved_at: string | Date | null; started_at: string | Date; ended_at: string | Date | null }>(
      'SELECT e.threshold_at, e.fired_at, e.resolved_at, cl.started_at, cl.ended_at FROM escalations e JOIN clocks cl ON cl.id = e.clock_id',
    );
    expect(rows.length).toBeGreaterThan(100);
    // the replay sweeps daily: a level fires at the first sweep after its threshold (or after its clock started, when a
    // short clock starts past its first threshold)
    const ms = (v: string | Date) => new Date(iso(v)).getTime();
    const late = rows.filter((r) => ms(r.fired_at) - Math.max(ms(r.threshold_at), ms(r.started_at)) > DAY_MS || ms(r.fired_at) <= ms(r.threshold_at));
    expect(late).toEqual([]);
    const monthsAgo = new Date(new Date(NOW).getTime() - 90 * DAY_MS).toISOString();
    expect(rows.filter((r) => iso(r.fired_at) < monthsAgo).length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.ended_at !== null && (r.resolved_at === null || iso(r.resolved_at) !== iso(r.ended_at)))).toEqual([]);
    expect(rows.filter((r) => r.ended_at === null && r.resolved_at !== null)).toEqual([]);
  });

  it('a report as of months ago differs from today’s and equals a brute-force count over the history', async () => {
    const admin = await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: env.ADMIN_PASSWORD });
    const auth = { Authorization: `Bearer ${admin.body.accessToken as string}` };
    const histories = new Map<string, HistoryEvent[]>();
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    const reports: Record<string, Awaited<ReturnType<typeof progressReport>>> = {};
    for (const [name, query] of [['six months ago', 'asOf=2025-12-01'], ['two months ago', 'asOf=2026-04-01'], ['today', '']] as const) {
      for (const groupBy of ['unit', 'region'] as const) {
        const api = await progressReport(t, `${query}&groupBy=${groupBy}`, auth);
        const brute = await bruteForceProgress(t, api.asOf, groupBy, auth, histories);
        expect({ name, groupBy, groups: api.groups.map(comparableGroup).sort(byKey) }).toEqual({ name, groupBy, groups: [...brute.values()].map(comparableGroup).sort(byKey) });
        if (groupBy === 'region') reports[name] = api;
      }
    }
    const [past, recent, today] = [reports['six months ago']!.total, reports['two months ago']!.total, reports.today!.total];
    expect(today.total).toBe(DEMO_CASES.length);
    expect(past.total).toBeLessThan(recent.total);
    expect(past.closed).toBeLessThan(today.closed);
    expect(comparableGroup(past)).not.toEqual(comparableGroup(today));
    // the ladder, as the sweeps of the replay had raised it: something open then, in the past
    expect(Object.values(past.escalatedByLevel).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 120_000);

  it('the start-up sweep fires nothing long past: one announcement per running clock’s current level, then only what falls due', async () => {
    const count = async (sql: string) => Number((await t.db.one<{ n: number | string }>(sql))!.n);
    const running = await count('SELECT COUNT(*) AS n FROM clocks WHERE ended_at IS NULL');
    const escalations = await count('SELECT COUNT(*) AS n FROM escalations');
    const announced = await count("SELECT COUNT(*) AS n FROM notifications WHERE kind = 'escalation'");
    // the seeder announced each late clock's current level once, not the levels it climbed through
    expect(announced).toBeGreaterThan(0);
    expect(announced).toBeLessThanOrEqual(running);
    expect(escalations).toBeGreaterThan(announced * 2);
    const notifications = await count('SELECT COUNT(*) AS n FROM notifications');
    const admin = await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: env.ADMIN_PASSWORD });
    const auth = { Authorization: `Bearer ${admin.body.accessToken as string}` };
    const first = await t.http.post('/api/v1/admin/sweep').set(auth);
    expect(first.status).toBe(200);
    expect({ fired: first.body.escalations.fired, started: first.body.revisits.started }).toEqual({ fired: 0, started: 0 });
    expect(await count('SELECT COUNT(*) AS n FROM notifications')).toBe(notifications);
    // a day later: only levels whose threshold passed that day, at most one per running clock each
    t.setNow(new Date(new Date(NOW).getTime() + DAY_MS).toISOString());
    const next = await t.http.post('/api/v1/admin/sweep').set(auth);
    expect(next.status).toBe(200);
    expect(next.body.escalations.fired).toBeLessThanOrEqual(running);
    expect(await count('SELECT COUNT(*) AS n FROM notifications')).toBeLessThanOrEqual(notifications + running);
    const states = await t.db.all<{ state_detail: string; n: number | string }>('SELECT state_detail, COUNT(*) AS n FROM cases GROUP BY state_detail');
    expect(Object.fromEntries(states.map((r) => [r.state_detail, Number(r.n)]))).toEqual(
      Object.fromEntries(Object.entries(demoTargetCounts()).reduce((acc, [target, n]) => {
        if (n > 0) acc.set(STATE_OF_TARGET[target]!, (acc.get(STATE_OF_TARGET[target]!) ?? 0) + n);
        return acc;
      }, new Map<string, number>())),
    );
    t.setNow(NOW);
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
