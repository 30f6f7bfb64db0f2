import { createCase } from '../support/case-factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Policies and calendar overrides per region, inherited down the tree (docs/administration.md):
 * nation → province → city. A 浙江 admin's decision moves 浙江's deadlines only.
 * The clock starts on Monday 2025-03-03 10:00 (Shanghai); with the default 3 working days to assign,
 * an assignment clock is due at the end of Thursday 2025-03-06 (15:59:59.999Z).
 */
describe('policies and calendars per region, inherited down the tree', () => {
  let t: TestApp;
  const THU = '2025-03-06T15:59:59.999Z';
  const FRI = '2025-03-07T15:59:59.999Z';
  const MON = '2025-03-10T15:59:59.999Z';

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.auth('admin');
    for (const r of [
      { code: '330000', name: '浙江省', level: 'province', parentCode: '100000' },
      { code: '330100', name: '杭州市', level: 'city', parentCode: '330000' },
      { code: '330800', name: '衢州市', level: 'city', parentCode: '330000' },
    ]) {
      expect((await t.http.post('/api/v1/regions').set(admin).send(r)).status).toBe(201);
    }
    for (const [username, role, regionCode] of [
      ['zj-admin', 'admin', '330000'],
      ['zj-inspector', 'inspector', '330000'],
      ['hz-admin', 'admin', '330100'],
    ]) {
      const res = await t.http.post('/api/v1/users').set(admin).send({ username, password: t.fixture.password, displayName: username, role, regionCode });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => t.close());

  const as = (who: string) => t.auth(who);
  const dueOf = async (regionCode: string) => {
    const c = await createCase(t, { regionCode }, regionCode.startsWith('33') ? 'zj-inspector' : 'jx-inspector');
    return (c.clock as { dueAt: string }).dueAt;
  };
  const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const day = async (regionCode: string, date: string) => {
    const res = await t.http.get('/api/v1/calendar').query({ from: date, to: nextDay(date), regionCode }).set(await as('nc-inspector'));
    expect(res.status).toBe(200);
    return res.body.days[0].workday as boolean;
  };

  it("a 浙江 admin's day off moves 浙江's deadlines (and its cities'), never 江西's", async () => {
    const put = await t.http.put('/api/v1/calendar/overrides/2025-03-05').set(await as('zj-admin')).send({ workday: false, name: '浙江防汛' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ regionCode: '330000', date: '2025-03-05', workday: false });
    expect(await dueOf('360100')).toBe(THU);
    expect(await dueOf('330000')).toBe(FRI);
    expect(await dueOf('330800')).toBe(FRI);
    expect(await day('360000', '2025-03-05')).toBe(true);
    expect(await day('330800', '2025-03-05')).toBe(false);
    const sum = await t.http.get('/api/v1/calendar/add-working-days?from=2025-03-04&days=1&regionCode=330100').set(await as('nc-bureau'));
    expect(sum.body.date).toBe('2025-03-06');
  });

  it('a city decides for its own subtree; the nearest region wins; the national layer reaches everyone', async () => {
    // 杭州 works on the day 浙江 gave off: 杭州's cases keep Thursday, 衢州's still move to Friday.
    expect((await t.http.put('/api/v1/calendar/overrides/2025-03-05').set(await as('hz-admin')).send({ workday: true, name: '杭州照常' })).status).toBe(200);
    expect(await dueOf('330100')).toBe(THU);
    expect(await dueOf('330800')).toBe(FRI);
    const listed = await t.http.get('/api/v1/calendar/overrides?regionCode=330100').set(await as('hz-admin'));
    expect(listed.body.items.map((o: { regionCode: string }) => o.regionCode)).toEqual(['330000', '330100']);
    // a national day off on Tuesday moves everyone (江西 by a day; 浙江 by two, 杭州 by one)
    expect((await t.http.put('/api/v1/calendar/overrides/2025-03-04').set(await as('admin')).send({ workday: false, name: '全国' })).status).toBe(200);
    expect(await dueOf('360100')).toBe(FRI);
    expect(await dueOf('330800')).toBe(MON);
    expect((await t.http.delete('/api/v1/calendar/overrides/2025-03-04').set(await as('admin'))).status).toBe(204);
    expect(await dueOf('360100')).toBe(THU);
  });

  it('calendar overrides outside the admin’s subtree are 403; an unknown region 404; non-admins 403', async () => {
    expect((await t.http.put('/api/v1/calendar/overrides/2025-03-05?regionCode=330000').set(await as('jx-admin')).send({ workday: true })).status).toBe(403);
    expect((await t.http.delete('/api/v1/calendar/overrides/2025-03-05?regionCode=330000').set(await as('jx-admin'))).status).toBe(403);
    expect((await t.http.put('/api/v1/calendar/overrides/2025-03-05?regionCode=330000').set(await as('hz-admin')).send({ workday: true })).status).toBe(403);
    expect((await t.http.put('/api/v1/calendar/overrides/2025-03-05?regionCode=999999').set(await as('admin')).send({ workday: true })).status).toBe(404);
    expect((await t.http.put('/api/v1/calendar/overrides/2025-03-05').set(await as('jx-supervisor')).send({ workday: true })).status).toBe(403);
    expect((await t.http.put('/api/v1/calendar/overrides/2025-03-05').set(await as('admin')).send({ workday: true, regionCode: '330000' })).status).toBe(400);
    expect(await day('330800', '2025-03-05')).toBe(false);
  });

  it("a province's policy applies to its subtree and its cases only; GET /policies says where it comes from", async () => {
    const base = (await t.http.get('/api/v1/policies').set(await as('zj-admin'))).body;
    expect(base).toMatchObject({ version: 0, requestedRegionCode: '330000', regionCode: null, inherited: true });
    const policy = { ...base.policy, deadlines: { ...base.policy.deadlines, assignmentWorkingDays: 4 } };
    const saved = await t.http.put('/api/v1/policies').set(await as('zj-admin')).set('If-Match', '"0"').send(policy);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, requestedRegionCode: '330000', regionCode: '330000', inherited: false });
    // 衢州 (no calendar change of its own beyond 浙江's Wednesday): 4 working days = Thu, Fri… → Monday
    expect(await dueOf('330800')).toBe(MON);
    expect(await dueOf('360100')).toBe(THU);
    const city = await t.http.get('/api/v1/policies?regionCode=330800').set(await as('zj-admin'));
    expect(city.body).toMatchObject({ version: 1, requestedRegionCode: '330800', regionCode: '330000', inherited: true });
    expect(city.body.sources.deadlines).toEqual({ regionCode: '330000', version: 1 });
    expect(city.body.policy.deadlines.assignmentWorkingDays).toBe(4);
    expect((await t.http.get('/api/v1/policies').set(await as('jx-admin'))).body).toMatchObject({ version: 0, regionCode: null, requestedRegionCode: '360000' });
    expect((await t.http.get('/api/v1/policies?regionCode=330000').set(await as('jx-admin'))).status).toBe(403);
    expect((await t.http.put('/api/v1/policies?regionCode=330000').set(await as('jx-admin')).send(policy)).status).toBe(403);
    expect((await t.http.put('/api/v1/policies?regionCode=330000').set(await as('hz-admin')).send(policy)).status).toBe(403);
    expect((await t.http.get('/api/v1/policies?regionCode=999999').set(await as('admin'))).status).toBe(404);
    // If-Match is the version in force for that region: a stale one is a conflict, and nothing is saved
    expect((await t.http.put('/api/v1/policies?regionCode=330800').set(await as('zj-admin')).set('If-Match', '"0"').send(policy)).status).toBe(409);
    expect((await t.http.get('/api/v1/policies?regionCode=330800').set(await as('zj-admin'))).body.version).toBe(1);
  });

  it('a running clock keeps the version it started under; dropping a region’s own policy makes it inherit again', async () => {
    const c = await createCase(t, { regionCode: '330800' }, 'zj-inspector');
    const versionOf = async () =>
      Number((await t.db.one<{ v: number }>('SELECT policy_version AS v FROM clocks WHERE case_id = ? AND ended_at IS NULL', [c.id]))!.v);
    expect(await versionOf()).toBe(1);
    const dropped = await t.http.delete('/api/v1/policies').set(await as('zj-admin'));
    expect(dropped.status).toBe(200);
    expect(dropped.body).toMatchObject({ version: 0, regionCode: null, inherited: true });
    expect(await versionOf()).toBe(1);
    expect((await t.http.get(`/api/v1/cases/${c.id}`).set(await as('zj-inspector'))).body.clock.dueAt).toBe(MON);
    expect(await dueOf('330800')).toBe(FRI);
    expect((await t.http.delete('/api/v1/policies').set(await as('zj-admin'))).status).toBe(404);
    const history = await t.db.all<{ version: number; region_code: string }>('SELECT version, region_code FROM policies ORDER BY version');
    expect(history.map((r) => [Number(r.version), r.region_code])).toEqual([
      [1, '330000'],
      [2, '330000'],
    ]);
  });
  it('GET /policies/versions lists a region’s own versions newest first, with who saved them, to its admins only', async () => {
    const res = await t.http.get('/api/v1/policies/versions').set(await as('zj-admin'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    const [dropped, saved] = res.body.items;
    // the newest version dropped 浙江's own policy: nothing of its own is in force now
    expect(dropped).toMatchObject({ version: 2, regionCode: '330000', inherits: true, policy: null, current: false, createdByName: 'zj-admin' });
    expect(saved).toMatchObject({ version: 1, regionCode: '330000', inherits: false, current: false });
    expect(saved.policy.deadlines.assignmentWorkingDays).toBe(4);
    expect(Date.parse(dropped.createdAt)).toBeGreaterThanOrEqual(Date.parse(saved.createdAt));
    // paged
    const second = await t.http.get('/api/v1/policies/versions?pageSize=1&page=2').set(await as('zj-admin'));
    expect(second.body).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [{ version: 1 }] });
    // a city with no versions of its own has an empty history; the national layer has none either
    expect((await t.http.get('/api/v1/policies/versions?regionCode=330800').set(await as('zj-admin'))).body).toMatchObject({ total: 0, items: [] });
    expect((await t.http.get('/api/v1/policies/versions?regionCode=100000').set(await as('admin'))).body.total).toBe(0);
    // outside the admin's subtree 403, non-admins 403, unknown region 404, bad paging 400
    expect((await t.http.get('/api/v1/policies/versions?regionCode=330000').set(await as('jx-admin'))).status).toBe(403);
    expect((await t.http.get('/api/v1/policies/versions?regionCode=330000').set(await as('hz-admin'))).status).toBe(403);
    expect((await t.http.get('/api/v1/policies/versions').set(await as('zj-inspector'))).status).toBe(403);
    expect((await t.http.get('/api/v1/policies/versions?regionCode=999999').set(await as('admin'))).status).toBe(404);
    expect((await t.http.get('/api/v1/policies/versions?pageSize=0').set(await as('zj-admin'))).status).toBe(400);
    // saving again makes the new version current
    const policy = { ...saved.policy, deadlines: { ...saved.policy.deadlines, assignmentWorkingDays: 5 } };
    expect((await t.http.put('/api/v1/policies').set(await as('zj-admin')).send(policy)).status).toBe(200);
    const after = (await t.http.get('/api/v1/policies/versions').set(await as('zj-admin'))).body;
    expect(after.items[0]).toMatchObject({ version: 3, inherits: false, current: true });
  });
});
