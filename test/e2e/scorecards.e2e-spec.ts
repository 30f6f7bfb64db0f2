import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCase, EVIDENCE, sendOk } from '../support/case-factory.js';

/**
 * Unit scorecards on a hand-computed March 2025 (Asia/Shanghai), driven with the manual clock.
 * No holidays in March 2025; acceptance is due 2 working days after 交办 (policy default).
 *
 * 南昌市生态环境局 (nc-eeb):
 *   F  assigned Thu 27 Feb (acceptance due Mon 3 Mar), accepted Mon 3 → on time; open at the end (due in May)
 *   A  assigned Mon 3, 5 working days (due Mon 10); accepted Tue 4 (on time); evidence Fri 7 (on time);
 *      verified Mon 10; closed; 回头看 found a rebound Thu 13 (new due Tue 18) → open and overdue at the end
 *   B  assigned Mon 3, 5 working days (due Mon 10); accepted Fri 7 (late); evidence Wed 12 (late); verified Thu 13
 *   C  assigned Mon 3; returned Tue 4 (then assigned to 东湖区人民政府 Wed 5, never accepted)
 *   D  assigned Mon 3, 5 working days; accepted Mon 3; extension to Thu 20 approved Fri 7; evidence Tue 18,
 *      verification failed Wed 19, evidence again Thu 20 (on time: the approved due); verified Fri 21
 *   E  assigned Mon 31 (acceptance due Wed 2 Apr) → open, not overdue at the end
 *   ⇒ assigned 5 (A B C D E), accepted 4 (F A B D), on time 3; returned 1; rectified 3 (A B D), on time 2;
 *     revisited 1, rebounds 1; open 3 (A E F), overdue 1 (A)
 * 九江市生态环境局 (jj-eeb): G assigned Mon 3, returned Tue 4, assigned again Tue 4 (due Thu 6), accepted Wed 5.
 * 东湖区人民政府 (dh-gov): C assigned Wed 5 (acceptance due Fri 7), not accepted → open and overdue.
 */
describe('unit scorecards', () => {
  let t: TestApp;
  let u: TestApp['fixture']['units'];
  const ids: Record<string, string> = {};
  const MARCH = 'from=2025-03-01&to=2025-04-01';
  const at = (day: string) => t.setNow(`${day}T02:00:00.000Z`); // 10:00 in Shanghai

  const scorecard = async (unitId: string, as: string, query = MARCH) => t.http.get(`/api/v1/units/${unitId}/scorecard?${query}`).set(await t.auth(as));
  const ranking = async (as: string, query: string) => t.http.get(`/api/v1/scorecards?${query}`).set(await t.auth(as));
  const assign = (id: string, leadUnitId: string, extra: Record<string, unknown> = {}, as = 'nc-supervisor') =>
    sendOk(t, id, as, { type: 'ASSIGN', leadUnitId, ...extra });

  beforeAll(async () => {
    t = await startTestApp({ start: '2025-02-27T02:00:00.000Z' });
    u = t.fixture.units;
    const nc = u.ncEeb;
    at('2025-02-27');
    ids.F = (await createCase(t)).id;
    await assign(ids.F, nc, { rectificationWorkingDays: 60 });

    at('2025-03-03');
    for (const k of ['A', 'B', 'C', 'D']) ids[k] = (await createCase(t)).id;
    for (const k of ['A', 'B', 'D']) await assign(ids[k]!, nc, { rectificationWorkingDays: 5 });
    await assign(ids.C!, nc);
    await sendOk(t, ids.D!, 'nc-bureau', { type: 'ACCEPT' });
    await sendOk(t, ids.F!, 'nc-bureau', { type: 'ACCEPT' });
    ids.G = (await createCase(t, { regionCode: '360400' }, 'jj-inspector')).id;
    await assign(ids.G, u.jjEeb, {}, 'jj-supervisor');

    at('2025-03-04');
    await sendOk(t, ids.A!, 'nc-bureau', { type: 'ACCEPT' });
    await sendOk(t, ids.C!, 'nc-bureau', { type: 'RETURN', reasonCode: 'not_our_jurisdiction', reason: '属东湖区管辖范围' });
    await sendOk(t, ids.G, 'jj-bureau', { type: 'RETURN', reasonCode: 'insufficient_information', reason: '问题线索不全，请补充' });
    await assign(ids.G, u.jjEeb, {}, 'jj-supervisor');

    at('2025-03-05');
    await assign(ids.C!, u.dhGov);
    await sendOk(t, ids.G, 'jj-bureau', { type: 'ACCEPT' });

    at('2025-03-07');
    await sendOk(t, ids.B!, 'nc-bureau', { type: 'ACCEPT' });
    await sendOk(t, ids.A!, 'nc-bureau', EVIDENCE);
    await sendOk(t, ids.D!, 'nc-bureau', { type: 'REQUEST_EXTENSION', requestedDueAt: '2025-03-20T15:59:59.999Z', reason: '雨季施工受阻' });
    await sendOk(t, ids.D!, 'nc-supervisor', { type: 'APPROVE_EXTENSION', note: '同意延期' });

    at('2025-03-10');
    await sendOk(t, ids.A!, 'nc-inspector', { type: 'VERIFY_PASS' });
    at('2025-03-11');
    await sendOk(t, ids.A!, 'nc-supervisor', { type: 'CLOSE' });
    at('2025-03-12');
    await sendOk(t, ids.A!, 'nc-inspector', { type: 'START_REVISIT' });
    await sendOk(t, ids.B!, 'nc-bureau', EVIDENCE);
    at('2025-03-13');
    await sendOk(t, ids.A!, 'nc-inspector', { type: 'REBOUND_FOUND', findings: '回头看发现问题反弹', rectificationWorkingDays: 3 });
    await sendOk(t, ids.B!, 'nc-inspector', { type: 'VERIFY_PASS' });
    at('2025-03-18');
    await sendOk(t, ids.D!, 'nc-bureau', EVIDENCE);
    at('2025-03-19');
    await sendOk(t, ids.D!, 'nc-inspector', { type: 'VERIFY_FAIL', reason: '佐证材料不充分' });
    at('2025-03-20');
    await sendOk(t, ids.D!, 'nc-bureau', EVIDENCE);
    at('2025-03-21');
    await sendOk(t, ids.D!, 'nc-inspector', { type: 'VERIFY_PASS' });
    at('2025-03-31');
    ids.E = (await createCase(t)).id;
    await assign(ids.E, nc);
    at('2025-04-02');
  });
  afterAll(async () => t.close());

  const NC_MARCH = {
    from: '2025-02-28T16:00:00.000Z',
    to: '2025-03-31T16:00:00.000Z',
    asOf: '2025-03-31T16:00:00.000Z',
    assigned: 5,
    accepted: 4,
    acceptedOnTime: 3,
    returned: 1,
    rectified: 3,
    rectifiedOnTime: 2,
    revisited: 1,
    rebounds: 1,
    open: 3,
    overdue: 1,
    acceptanceOnTimeRate: 0.75,
    returnRate: 0.2,
    rectificationOnTimeRate: 2 / 3,
    reboundRate: 1,
  };

  it('computes the hand-computed figures for 南昌市生态环境局 in March', async () => {
    const res = await scorecard(u.ncEeb, 'nc-supervisor');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ unit: { id: u.ncEeb, name: '南昌市生态环境局', regionCode: '360100' }, ...NC_MARCH });
  });

  it('computes the other units, and null rates where nothing defines them', async () => {
    const jj = (await scorecard(u.jjEeb, 'jx-supervisor')).body;
    expect(jj).toMatchObject({ assigned: 2, accepted: 1, acceptedOnTime: 1, returned: 1, rectified: 0, open: 1, overdue: 0 });
    expect(jj).toMatchObject({ acceptanceOnTimeRate: 1, returnRate: 0.5, rectificationOnTimeRate: null, reboundRate: null });
    const dh = (await scorecard(u.dhGov, 'nc-supervisor')).body;
    expect(dh).toMatchObject({ assigned: 1, accepted: 0, returned: 0, open: 1, overdue: 1 });
    expect(dh).toMatchObject({ acceptanceOnTimeRate: null, returnRate: null, rectificationOnTimeRate: null, reboundRate: null });
  });

  it('ranks the units of a region on the composite score (docs/assignment.md); units with too little work unranked, last', async () => {
    const res = await ranking('jx-supervisor', `regionCode=360000&${MARCH}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ regionCode: '360000', from: NC_MARCH.from, to: NC_MARCH.to, asOf: NC_MARCH.asOf });
    const order = res.body.items.map((c: { unit: { id: string }; rank: number | null }) => [c.unit.id, c.rank]);
    // 南昌 has a 100% rebound rate and a case overdue now: 九江 (on time, nothing overdue) ranks above it.
    // 东湖区 (one overdue case, nothing else) and the 江西 unit (nothing) have too little work to be ranked.
    expect(order).toEqual([
      [u.jjEeb, 1],
      [u.ncEeb, 2],
      [u.jxEeb, null],
      [u.dhGov, null],
    ]);
    expect(res.body.items[1]).toMatchObject({ ...NC_MARCH, score: 72.3, scoredCases: 10 });
    expect(res.body.items[0]).toMatchObject({ score: 75.2, scoredCases: 2 });
    expect(res.body.items[3]).toMatchObject({ scoredCases: 1, rank: null });
    expect(res.body.best.map((c: { unit: { id: string } }) => c.unit.id)).toEqual([u.jjEeb]);
    expect(res.body.worst.map((c: { unit: { id: string } }) => c.unit.id)).toEqual([u.ncEeb]);
    // The caller's own region by default; 南昌's subtree only.
    const nc = await ranking('nc-supervisor', MARCH);
    expect(nc.body.regionCode).toBe('360100');
    expect(nc.body.items.map((c: { unit: { id: string } }) => c.unit.id)).toEqual([u.ncEeb, u.dhGov]);
  });

  it('gives a closed period the same figures after later events', async () => {
    const before = await ranking('jx-supervisor', `regionCode=360000&${MARCH}`);
    await sendOk(t, ids.E!, 'nc-bureau', { type: 'ACCEPT' });
    await sendOk(t, ids.A!, 'nc-bureau', EVIDENCE);
    await sendOk(t, ids.C!, 'dh-bureau', { type: 'ACCEPT' });
    at('2025-04-03');
    await sendOk(t, ids.A!, 'nc-inspector', { type: 'VERIFY_PASS' });
    await sendOk(t, ids.F!, 'nc-bureau', { type: 'REPORT_PROGRESS', note: '按计划推进' });
    const late = await createCase(t);
    await assign(late.id, u.ncEeb);

    const after = await ranking('jx-supervisor', `regionCode=360000&${MARCH}`);
    expect(after.body).toEqual(before.body);
    expect((await scorecard(u.ncEeb, 'nc-bureau')).body).toMatchObject(NC_MARCH);

    // April so far sees them: E accepted on time (due Wed 2 Apr), A rectified late (due was Tue 18 Mar).
    const april = (await scorecard(u.ncEeb, 'nc-supervisor', 'from=2025-04-01&to=2025-05-01')).body;
    expect(april).toMatchObject({
      to: '2025-04-30T16:00:00.000Z',
      asOf: '2025-04-03T02:00:00.000Z',
      assigned: 1,
      accepted: 1,
      acceptedOnTime: 1,
      rectified: 1,
      rectifiedOnTime: 0,
      open: 3, // E, F and the new case
      overdue: 0,
      rectificationOnTimeRate: 0,
    });
    const dhApril = (await scorecard(u.dhGov, 'nc-supervisor', 'from=2025-04-01&to=2025-05-01')).body;
    expect(dhApril).toMatchObject({ accepted: 1, acceptedOnTime: 0, acceptanceOnTimeRate: 0 });
  });

  it('defaults to the current month so far, with open and overdue as of now', async () => {
    const res = await scorecard(u.ncEeb, 'nc-supervisor', '');
    expect(res.body).toMatchObject({ from: '2025-03-31T16:00:00.000Z', to: '2025-04-03T16:00:00.000Z', asOf: '2025-04-03T02:00:00.000Z' });
  });

  it('shows a bureau only its own unit, supervisors and inspectors their jurisdiction, admins everything', async () => {
    const expectStatus = async (unitId: string, as: string, status: number) => expect({ as, status: (await scorecard(unitId, as)).status }).toEqual({ as, status });
    await expectStatus(u.ncEeb, 'nc-bureau', 200);
    await expectStatus(u.jjEeb, 'nc-bureau', 404);
    await expectStatus(u.ncEeb, 'jj-supervisor', 404);
    await expectStatus(u.ncEeb, 'ah-supervisor', 404);
    await expectStatus(u.jxEeb, 'nc-supervisor', 404);
    await expectStatus(u.ncEeb, 'jx-inspector', 200);
    await expectStatus(u.ahEeb, 'admin', 200);
    await expectStatus('00000000-0000-4000-8000-000000000000', 'admin', 404);
    await expectStatus('nope', 'admin', 404);
    expect((await ranking('nc-bureau', MARCH)).status).toBe(403);
    expect((await ranking('nc-supervisor', `regionCode=360000&${MARCH}`)).status).toBe(403);
    expect((await ranking('jx-supervisor', `regionCode=369900&${MARCH}`)).status).toBe(404);
    const all = await ranking('admin', `regionCode=100000&${MARCH}&top=1`);
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(5);
    expect(all.body.best).toHaveLength(1);
    expect(all.body.worst).toHaveLength(1);
  });

  it('refuses malformed periods with 400', async () => {
    for (const query of ['from=yesterday', 'from=2025-02-30', 'from=2025-04-01&to=2025-03-01', 'from=2025-03-01&to=2025-03-01', 'to=2025-03-01T00:00:00', 'top=0', 'top=51', 'region=360000']) {
      const res = await ranking('jx-supervisor', query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    expect((await scorecard(u.ncEeb, 'nc-supervisor', 'from=2025-13-01')).status).toBe(400);
  });
});
