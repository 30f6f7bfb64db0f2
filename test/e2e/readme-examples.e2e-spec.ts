import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The worked examples of README.md and docs/revisits.md, run as written against the demo data (SEED=demo)
 * with the same users, regions, units and bodies. If an example changes, change it here too.
 */
/** README "Demo users": ADMIN_PASSWORD also creates a national `admin` (who runs the sweep here). */
const ADMIN_PASSWORD = 'readme-examples-national-admin';

describe('the worked examples of the README and docs run on the demo data', () => {
  let t: TestApp;
  const api = (path: string) => `/api/v1${path}`;
  const as = (username: string) => t.auth(username);

  beforeAll(async () => {
    // 2025-09-01 10:00 Shanghai: before the README's 2025-09-30 due, so the deadline example can be set up.
    t = await startTestApp({ demo: true, start: '2025-09-01T02:00:00.000Z', env: { ADMIN_PASSWORD: ADMIN_PASSWORD } });
  }, 240_000);
  afterAll(() => t?.close());

  let unit: string;
  let supervisor: { Authorization: string };

  it('README "Walking a case from reported to closed"', async () => {
    const bureau = await as('jx-bureau');
    const inspector = await as('jx-inspector');
    supervisor = await as('jx-supervisor');
    const units = (await t.http.get(api('/units?regionCode=360400')).set(bureau)).body.items as Array<{ id: string; name: string }>;
    unit = units.find((u) => u.name === '九江市生态环境局')!.id;
    expect(unit).toBeDefined();
    const created = await t.http
      .post(api('/cases'))
      .set(inspector)
      .send({ title: '九江市某码头粉尘污染', description: '现场检查发现堆场未覆盖', source: 'routine', category: 'air', regionCode: '360400' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const event = async (who: { Authorization: string }, body: Record<string, unknown>) => {
      const res = await t.http.post(api(`/cases/${id}/events`)).set(who).send(body);
      expect(res.status).toBe(200);
      return res.body.stateDetail as string;
    };
    expect(await event(supervisor, { type: 'ASSIGN', leadUnitId: unit, rectificationWorkingDays: 30 })).toBe('assigned');
    expect(await event(bureau, { type: 'ACCEPT' })).toBe('rectifying.inProgress');
    expect(await event(bureau, { type: 'SUBMIT_EVIDENCE', summary: '已覆盖', evidence: [{ kind: 'photo', title: '现场照片', ref: 'p-1' }] })).toBe(
      'rectifying.awaitingVerification',
    );
    expect(await event(inspector, { type: 'VERIFY_PASS', note: '现场核查通过' })).toBe('verified');
    expect(await event(supervisor, { type: 'CLOSE', note: '同意销号' })).toBe('closed');
    expect((await t.http.get(api(`/cases/${id}/history/verify`)).set(supervisor)).body).toMatchObject({ valid: true, length: 6 });
  });

  it('README "Routing a whole list in one go": a rule, then one bulk request; repeating it changes nothing', async () => {
    const list = await t.http.get(api('/cases?regionCode=360400&state=reported&pageSize=100')).set(supervisor);
    const ids = (list.body.items as Array<{ id: string }>).map((c) => c.id);
    expect(ids.length).toBeGreaterThan(0);
    const rule = await t.http.post(api('/assignment-rules')).set(supervisor).send({ regionCode: '360400', leadUnitId: unit, rectificationWorkingDays: 60 });
    expect(rule.status).toBe(201);
    const first = await t.http.post(api('/assignments/bulk')).set(supervisor).send({ caseIds: ids });
    expect(first.status).toBe(200);
    expect(new Set(first.body.results.map((r: { status: string }) => r.status))).toEqual(new Set(['assigned']));
    const again = await t.http.post(api('/assignments/bulk')).set(supervisor).send({ caseIds: ids });
    expect(new Set(again.body.results.map((r: { status: string }) => r.status))).toEqual(new Set(['unchanged']));
  });

  it('README "回头看 by example" and docs/revisits.md "Campaigns": the draw matches closed demo cases', async () => {
    const jj = await as('jx-jiujiang-supervisor');
    const readme = await t.http
      .post(api('/revisit-campaigns'))
      .set(jj)
      .send({ regionCode: '360400', source: 'provincial_inspection', sampleRate: 0.2, seed: '2026-Q1', dueAt: '2027-03-31T09:00:00+08:00' });
    expect(readme.status).toBe(201);
    expect(readme.body.matched).toBeGreaterThan(0);
    expect(readme.body.selected).toBe(Math.ceil(0.2 * readme.body.matched - 1e-9));
    const docs = await t.http
      .post(api('/revisit-campaigns'))
      .set(jj)
      .send({ regionCode: '360400', source: 'provincial_inspection', sampleSize: 2, seed: '2026-Q1-九江-双随机', dueAt: '2027-03-31T09:00:00+08:00' });
    expect(docs.status).toBe(201);
    expect(docs.body).toMatchObject({ matched: readme.body.matched, selected: Math.min(2, readme.body.matched) });
  });

  it('README "Deadlines and the escalation ladder, by example": a 常山县 case due 2025-09-30 climbs the ladder on the holiday calendar', async () => {
    const qzInspector = await as('qz-inspector');
    const qzSupervisor = await as('qz-supervisor');
    const qzBureau = await as('qz-bureau');
    const units = (await t.http.get(api('/units?regionCode=330822')).set(qzSupervisor)).body.items as Array<{ id: string; name: string }>;
    const county = units.find((u) => u.name === '常山县人民政府')!.id;
    const created = await t.http
      .post(api('/cases'))
      .set(qzInspector)
      .send({ title: '常山县某企业废水超标排放', description: '暗访发现', source: 'routine', category: 'water', regionCode: '330822' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await t.http.post(api(`/cases/${id}/events`)).set(qzSupervisor).send({ type: 'ASSIGN', leadUnitId: county, rectificationDueAt: '2025-09-30T15:59:59.999Z' })).status).toBe(200);
    expect((await t.http.post(api(`/cases/${id}/events`)).set(qzBureau).send({ type: 'ACCEPT' })).status).toBe(200);
    t.setNow('2025-10-29T02:00:00.000Z');
    const login = await t.http.post(api('/auth/login')).send({ username: 'admin', password: ADMIN_PASSWORD });
    const admin = { Authorization: `Bearer ${login.body.accessToken as string}` };
    expect((await t.http.post(api('/admin/sweep')).set(admin)).status).toBe(200);
    const inbox = await t.http.get(api(`/escalations?caseId=${id}&pageSize=100`)).set(admin);
    const ladder = (inbox.body.items as Array<{ clock: { name: string }; level: number; thresholdAt: string; targetRegionCode: string; targetUnitId: string | null }>)
      .filter((e) => e.clock.name === 'rectification')
      .sort((a, b) => a.level - b.level)
      .map((e) => ({ level: e.level, thresholdAt: e.thresholdAt, target: e.targetRegionCode, unit: e.targetUnitId }));
    expect(ladder).toEqual([
      { level: 0, thresholdAt: '2025-09-28T15:59:59.999Z', target: '330822', unit: county }, // Sun 28 Sep, a make-up working day
      { level: 1, thresholdAt: '2025-09-30T15:59:59.999Z', target: '330822', unit: null },
      { level: 2, thresholdAt: '2025-10-14T15:59:59.999Z', target: '330800', unit: null }, // 9, 10, Sat 11, 13, 14 Oct
      { level: 3, thresholdAt: '2025-10-28T15:59:59.999Z', target: '330000', unit: null },
    ]);
  });
});
