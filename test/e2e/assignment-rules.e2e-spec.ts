import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCase, send, sendOk } from '../support/case-factory.js';

/**
 * Routing rules (交办规则): who may define them, conflicts, precedence, the suggestion, and ASSIGN
 * without a leadUnitId. Fixture: 江西 360000 › 南昌 360100 › 东湖 360102, and 九江 360400; 安徽 340000.
 */
describe('assignment rules', () => {
  let t: TestApp;
  let u: TestApp['fixture']['units'];
  beforeAll(async () => {
    t = await startTestApp();
    u = t.fixture.units;
  });
  afterAll(async () => t.close());

  const postRule = async (as: string, body: Record<string, unknown>) =>
    t.http.post('/api/v1/assignment-rules').set(await t.auth(as)).send(body);
  const ruleOk = async (as: string, body: Record<string, unknown>) => {
    const res = await postRule(as, body);
    if (res.status !== 201) throw new Error(`rule: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; [key: string]: unknown };
  };
  const suggestion = async (caseId: string, as = 'jx-supervisor') =>
    t.http.get(`/api/v1/cases/${caseId}/assignment-suggestion`).set(await t.auth(as));
  const history = async (caseId: string) =>
    (await t.http.get(`/api/v1/cases/${caseId}/history`).set(await t.auth('admin'))).body.items as Array<{ type: string; payload: Record<string, unknown> }>;

  describe('who may define, list and delete rules', () => {
    it('lets a supervisor define a rule in their jurisdiction and shows it with unit names', async () => {
      const res = await postRule('nc-supervisor', { regionCode: '360102', category: 'noise', leadUnitId: u.dhGov, coUnitIds: [u.ncEeb], rectificationWorkingDays: 15 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        regionCode: '360102',
        category: 'noise',
        source: null,
        leadUnitId: u.dhGov,
        coUnitIds: [u.ncEeb],
        leadUnit: { id: u.dhGov, name: '东湖区人民政府', regionCode: '360102' },
        coUnits: [{ id: u.ncEeb, name: '南昌市生态环境局' }],
        rectificationWorkingDays: 15,
      });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('refuses inspectors and bureau users with 403, and regions outside the jurisdiction with 403', async () => {
      const body = { regionCode: '360100', category: 'soil', leadUnitId: u.ncEeb };
      for (const as of ['nc-inspector', 'nc-bureau']) {
        const res = await postRule(as, body);
        expect({ as, status: res.status, code: res.body.code }).toEqual({ as, status: 403, code: 'FORBIDDEN' });
      }
      const outside = await postRule('nc-supervisor', { regionCode: '360000', category: 'soil', leadUnitId: u.jxEeb });
      expect(outside.status).toBe(403);
      const otherProvince = await postRule('ah-supervisor', body);
      expect(otherProvince.status).toBe(403);
    });

    it('refuses bad input with 400: unknown fields, criteria, regions and units, and units off the branch or outside the jurisdiction', async () => {
      const cases: Array<Record<string, unknown>> = [
        { regionCode: '360100', leadUnitId: u.ncEeb, priority: 1 },
        { regionCode: '360100', category: 'sky', leadUnitId: u.ncEeb },
        { regionCode: '360100', source: 'rumour', leadUnitId: u.ncEeb },
        { regionCode: '3601', leadUnitId: u.ncEeb },
        { regionCode: '360100' },
        { regionCode: '360100', leadUnitId: 'not-a-uuid' },
        { regionCode: '360100', leadUnitId: u.ncEeb, rectificationWorkingDays: 0 },
        { regionCode: '360100', leadUnitId: u.ncEeb, coUnitIds: [u.dhGov, u.dhGov] },
        { regionCode: '369900', leadUnitId: u.ncEeb },
        { regionCode: '360100', leadUnitId: '00000000-0000-4000-8000-000000000000' },
        { regionCode: '360100', leadUnitId: u.jjEeb },
        { regionCode: '360100', leadUnitId: u.ncEeb, coUnitIds: [u.ahEeb] },
      ];
      for (const body of cases) {
        const res = await postRule('jx-supervisor', body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      }
      // 南昌's supervisor may not name the province's department (above their jurisdiction), as in ASSIGN.
      const above = await postRule('nc-supervisor', { regionCode: '360100', category: 'ecology', leadUnitId: u.jxEeb });
      expect(above.status).toBe(400);
      expect(above.body.message).toMatch(/outside your jurisdiction/);
      // An admin may.
      const admin = await postRule('admin', { regionCode: '360100', category: 'ecology', leadUnitId: u.jxEeb });
      expect(admin.status).toBe(201);
    });

    it('refuses a second rule with the same region, category and source with 409 DUPLICATE naming the first', async () => {
      const first = await ruleOk('jx-supervisor', { regionCode: '360400', category: 'water', source: 'audit', leadUnitId: u.jjEeb });
      const again = await postRule('jj-supervisor', { regionCode: '360400', category: 'water', source: 'audit', leadUnitId: u.jjEeb, rectificationWorkingDays: 9 });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'DUPLICATE', existingId: first.id });
      // Region-only twice is a tie too; category-only and source-only at one region are not (they are ranked).
      const plain = await ruleOk('jj-supervisor', { regionCode: '360400', leadUnitId: u.jjEeb });
      expect((await postRule('jj-supervisor', { regionCode: '360400', leadUnitId: u.jjEeb })).status).toBe(409);
      // (Removed again: the precedence tests below want 九江 without a catch-all rule of its own.)
      await t.http.delete(`/api/v1/assignment-rules/${plain.id}`).set(await t.auth('jj-supervisor')).expect(204);
      await ruleOk('jj-supervisor', { regionCode: '360400', category: 'water', leadUnitId: u.jjEeb });
      await ruleOk('jj-supervisor', { regionCode: '360400', source: 'audit', leadUnitId: u.jjEeb });
    });

    it('refuses concurrent duplicates: exactly one of them is created', async () => {
      const body = { regionCode: '360400', category: 'radiation', source: 'routine', leadUnitId: u.jjEeb };
      const results = await Promise.all(Array.from({ length: 5 }, () => postRule('jj-supervisor', body)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    });

    it('lists only the rules of the caller’s jurisdiction, narrowed by regionCode; inspectors and bureaus get 403', async () => {
      const province = await ruleOk('jx-supervisor', { regionCode: '360000', category: 'solid_waste', leadUnitId: u.jxEeb });
      const nc = (await t.http.get('/api/v1/assignment-rules').set(await t.auth('nc-supervisor'))).body.items as Array<{ id: string; regionCode: string }>;
      expect(nc.length).toBeGreaterThan(0);
      expect(nc.every((r) => r.regionCode.startsWith('3601'))).toBe(true);
      expect(nc.map((r) => r.id)).not.toContain(province.id);
      const jx = (await t.http.get('/api/v1/assignment-rules').set(await t.auth('jx-supervisor'))).body.items as Array<{ id: string; regionCode: string }>;
      expect(jx.map((r) => r.id)).toContain(province.id);
      expect(new Set(jx.map((r) => r.regionCode))).toEqual(new Set(['360000', '360100', '360102', '360400']));
      const jj = (await t.http.get('/api/v1/assignment-rules?regionCode=360400').set(await t.auth('jx-supervisor'))).body.items as Array<{ regionCode: string }>;
      expect(jj.length).toBeGreaterThan(0);
      expect(jj.every((r) => r.regionCode === '360400')).toBe(true);
      const ah = await t.http.get('/api/v1/assignment-rules?regionCode=360000').set(await t.auth('ah-supervisor'));
      expect(ah.body).toMatchObject({ items: [], total: 0 });
      const admin = (await t.http.get('/api/v1/assignment-rules').set(await t.auth('admin'))).body.items as unknown[];
      expect(admin.length).toBe(jx.length);
      for (const as of ['jx-inspector', 'nc-bureau']) expect((await t.http.get('/api/v1/assignment-rules').set(await t.auth(as))).status).toBe(403);
      expect((await t.http.get('/api/v1/assignment-rules?regionCode=36').set(await t.auth('admin'))).status).toBe(400);
    });

    it('deletes a rule for a supervisor whose jurisdiction holds it; 404 for others and afterwards, 403 for other roles', async () => {
      const rule = await ruleOk('jx-supervisor', { regionCode: '360000', category: 'other', source: 'petition', leadUnitId: u.jxEeb });
      const del = async (as: string, id = rule.id) => t.http.delete(`/api/v1/assignment-rules/${id}`).set(await t.auth(as));
      expect((await del('nc-bureau')).status).toBe(403);
      expect((await del('jx-inspector')).status).toBe(403);
      expect((await del('nc-supervisor')).status).toBe(404);
      expect((await del('ah-supervisor')).status).toBe(404);
      expect((await del('jx-supervisor', 'nope')).status).toBe(404);
      expect((await del('jx-supervisor')).status).toBe(204);
      expect((await del('jx-supervisor')).status).toBe(404);
      // Deleted, so the same key may be defined again.
      expect((await postRule('jx-supervisor', { regionCode: '360000', category: 'other', source: 'petition', leadUnitId: u.jxEeb })).status).toBe(201);
    });
  });

  describe('precedence and the suggestion', () => {
    // A separate region tree is not needed: these criteria (category/source pairs) are not used above.
    const rules: Record<string, { id: string }> = {};
    beforeAll(async () => {
      rules.province = await ruleOk('admin', { regionCode: '360000', source: 'warning_film', leadUnitId: u.jxEeb });
      rules.provinceBoth = await ruleOk('admin', { regionCode: '360000', category: 'air', source: 'central_inspection', leadUnitId: u.jxEeb, coUnitIds: [u.ncEeb] });
      rules.city = await ruleOk('nc-supervisor', { regionCode: '360100', source: 'central_inspection', leadUnitId: u.ncEeb });
      rules.citySource = await ruleOk('nc-supervisor', { regionCode: '360100', source: 'central_inspection_revisit', leadUnitId: u.ncEeb, coUnitIds: [u.dhGov] });
      rules.cityCategory = await ruleOk('nc-supervisor', { regionCode: '360100', category: 'soil', leadUnitId: u.ncEeb, rectificationWorkingDays: 15 });
      rules.county = await ruleOk('nc-supervisor', { regionCode: '360102', source: 'warning_film', leadUnitId: u.dhGov });
    });

    const expectRule = async (overrides: Record<string, unknown>, expected: string | null) => {
      const c = await createCase(t, overrides);
      const res = await suggestion(c.id);
      expect(res.status).toBe(200);
      expect({ overrides, rule: res.body.rule?.id ?? null }).toEqual({ overrides, rule: expected === null ? null : rules[expected]!.id });
      return { c, body: res.body };
    };

    it('prefers the deeper region over more criteria at a shallower one', async () => {
      // 东湖 warning-film case: the county's plain-source rule beats the province's.
      await expectRule({ regionCode: '360102', source: 'warning_film', category: 'air' }, 'county');
      // 南昌 central-inspection air case: the city's source rule beats the province's rule naming both.
      await expectRule({ regionCode: '360100', source: 'central_inspection', category: 'air' }, 'city');
      // 九江 has no rule of its own for these: the province's rules apply.
      await expectRule({ regionCode: '360400', source: 'central_inspection', category: 'air' }, 'provinceBoth');
      await expectRule({ regionCode: '360400', source: 'warning_film', category: 'noise' }, 'province');
    });

    it('at one region prefers a rule naming the category over one naming only the source', async () => {
      await expectRule({ regionCode: '360100', source: 'central_inspection_revisit', category: 'soil' }, 'cityCategory');
      await expectRule({ regionCode: '360102', source: 'central_inspection_revisit', category: 'air' }, 'citySource');
    });

    it('returns the proposal with unit names and the due an ASSIGN now would get', async () => {
      const { body } = await expectRule({ regionCode: '360100', source: 'central_inspection_revisit', category: 'air' }, 'citySource');
      expect(body.leadUnit).toMatchObject({ id: u.ncEeb, name: '南昌市生态环境局' });
      expect(body.coUnits).toEqual([expect.objectContaining({ id: u.dhGov, name: '东湖区人民政府' })]);
      expect(body.rectificationWorkingDays).toBe(60); // the policy default: the rule names none
      const soil = await expectRule({ regionCode: '360100', source: 'routine', category: 'soil' }, 'cityCategory');
      expect(soil.body.rectificationWorkingDays).toBe(15);
      expect(soil.body.rectificationDueAt).toBe('2025-03-24T15:59:59.999Z'); // 15 working days after Mon 3 March, end of day in Shanghai
    });

    it('answers 200 with a null rule when none applies', async () => {
      const c = await createCase(t, { regionCode: '340000', source: 'routine' }, 'ah-inspector');
      const res = await suggestion(c.id, 'ah-supervisor');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ caseId: c.id, rule: null, leadUnit: null, coUnits: [], rectificationWorkingDays: null, rectificationDueAt: null });
    });

    it('is 404 for a case the caller cannot see and 403 for roles that do not assign', async () => {
      const c = await createCase(t, { regionCode: '360100', source: 'central_inspection' });
      expect((await suggestion(c.id, 'jj-supervisor')).status).toBe(404);
      expect((await suggestion(c.id, 'ah-inspector')).status).toBe(404);
      expect((await suggestion('00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await suggestion('not-an-id')).status).toBe(404);
      expect((await suggestion(c.id, 'nc-inspector')).status).toBe(200);
      expect((await suggestion(c.id, 'admin')).status).toBe(403);
      await sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: u.ncEeb });
      expect((await suggestion(c.id, 'nc-bureau')).status).toBe(403);
      expect((await suggestion(c.id, 'jj-bureau')).status).toBe(404);
    });
  });

  describe('ASSIGN without a leadUnitId', () => {
    it('uses the most specific rule: lead, co-units, working days, and records the rule in the history', async () => {
      const rule = await ruleOk('nc-supervisor', { regionCode: '360100', category: 'noise', source: 'petition', leadUnitId: u.ncEeb, coUnitIds: [u.dhGov], rectificationWorkingDays: 10 });
      const c = await createCase(t, { regionCode: '360100', category: 'noise', source: 'petition' });
      const assigned = await sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', responsiblePerson: '李四' });
      expect(assigned).toMatchObject({ state: 'assigned', responsiblePerson: '李四', rectificationDueAt: '2025-03-17T15:59:59.999Z' });
      expect((assigned.leadUnit as { id: string }).id).toBe(u.ncEeb);
      expect((assigned.coUnits as Array<{ id: string }>).map((x) => x.id)).toEqual([u.dhGov]);
      const row = (await history(c.id)).find((e) => e.type === 'ASSIGN')!;
      expect(row.payload).toMatchObject({ leadUnitId: u.ncEeb, coUnitIds: [u.dhGov], fromRule: true, ruleId: rule.id, responsiblePerson: '李四' });
    });

    it('lets the request override the rule’s co-units and due', async () => {
      const c = await createCase(t, { regionCode: '360100', category: 'noise', source: 'petition' });
      const assigned = await sendOk(t, c.id, 'nc-inspector', { type: 'ASSIGN', coUnitIds: [], rectificationWorkingDays: 5 });
      expect(assigned.coUnits).toEqual([]);
      expect(assigned.rectificationDueAt).toBe('2025-03-10T15:59:59.999Z');
    });

    it('fails with a clear 400 when no rule applies, and changes nothing', async () => {
      const c = await createCase(t, { regionCode: '340000', source: 'audit' }, 'ah-inspector');
      const res = await send(t, c.id, 'ah-supervisor', { type: 'ASSIGN' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(res.body.message).toMatch(/no assignment rule applies/i);
      const after = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('ah-supervisor'));
      expect(after.body).toMatchObject({ state: 'reported', version: 1 });
    });

    it('checks the rule’s units like any ASSIGN: a unit outside the assigner’s jurisdiction is 400', async () => {
      // 九江's rules for warning films: the province's (lead 江西省生态环境厅), outside 九江's supervisor's jurisdiction.
      const c = await createCase(t, { regionCode: '360400', source: 'warning_film', category: 'ecology' });
      const res = await send(t, c.id, 'jj-supervisor', { type: 'ASSIGN' });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/outside your jurisdiction/);
      const ok = await sendOk(t, c.id, 'jx-supervisor', { type: 'ASSIGN' });
      expect((ok.leadUnit as { id: string }).id).toBe(u.jxEeb);
    });

    it('follows a deleted rule no longer', async () => {
      const rule = await ruleOk('nc-supervisor', { regionCode: '360102', category: 'radiation', leadUnitId: u.dhGov });
      const c = await createCase(t, { regionCode: '360102', category: 'radiation', source: 'routine' });
      expect((await suggestion(c.id)).body.rule.id).toBe(rule.id);
      await t.http.delete(`/api/v1/assignment-rules/${rule.id}`).set(await t.auth('nc-supervisor')).expect(204);
      const after = await suggestion(c.id);
      expect(after.body.rule?.id).not.toBe(rule.id);
    });
  });
});
