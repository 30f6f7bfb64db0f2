import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCase, EVIDENCE, send, sendOk } from '../support/case-factory.js';

/**
 * Co-units (配合单位): 南昌 cases led by 南昌市生态环境局 (nc-bureau) with 东湖区人民政府 (dh-bureau) as
 * co-unit; 九江市生态环境局 (jj-bureau) is unrelated.
 */
describe('co-units', () => {
  let t: TestApp;
  let u: TestApp['fixture']['units'];
  beforeAll(async () => {
    t = await startTestApp();
    u = t.fixture.units;
  });
  afterAll(async () => t.close());

  const get = async (id: string, as: string) => t.http.get(`/api/v1/cases/${id}`).set(await t.auth(as));
  const listIds = async (as: string, query = '') =>
    ((await t.http.get(`/api/v1/cases?pageSize=100${query}`).set(await t.auth(as))).body.items as Array<{ id: string }>).map((c) => c.id);
  const assigned = async (coUnitIds: string[] = [u.dhGov]) => {
    const c = await createCase(t);
    return sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: u.ncEeb, coUnitIds, rectificationWorkingDays: 20 });
  };

  it('lets a co-unit see the case, in GET /cases/:id and in its list, with no lead-only events allowed', async () => {
    const c = await assigned();
    const view = await get(c.id, 'dh-bureau');
    expect(view.status).toBe(200);
    expect(view.body.coUnits.map((x: { id: string }) => x.id)).toEqual([u.dhGov]);
    expect(view.body.allowedEvents).toEqual([]);
    expect(await listIds('dh-bureau')).toContain(c.id);
    expect(await listIds('dh-bureau', '&state=assigned')).toContain(c.id);
    expect((await t.http.get(`/api/v1/cases/${c.id}/history`).set(await t.auth('dh-bureau'))).status).toBe(200);
  });

  it('hides the case from an unrelated unit: 404 on reads and events, absent from its list', async () => {
    const c = await assigned();
    expect((await get(c.id, 'jj-bureau')).status).toBe(404);
    expect((await t.http.get(`/api/v1/cases/${c.id}/history`).set(await t.auth('jj-bureau'))).status).toBe(404);
    expect(await listIds('jj-bureau')).not.toContain(c.id);
    for (const body of [{ type: 'ACCEPT' }, { type: 'REPORT_PROGRESS', note: '试图报告进展' }]) {
      expect((await send(t, c.id, 'jj-bureau', body)).status).toBe(404);
    }
  });

  it('refuses lead-only events from a co-unit with 403 and lets it report progress, recorded with its unit', async () => {
    const c = await assigned();
    for (const body of [{ type: 'ACCEPT' }, { type: 'RETURN', reasonCode: 'not_our_jurisdiction', reason: '不属于本单位职责范围' }]) {
      const res = await send(t, c.id, 'dh-bureau', body);
      expect({ type: body.type, status: res.status, code: res.body.code }).toEqual({ type: body.type, status: 403, code: 'FORBIDDEN' });
    }
    await sendOk(t, c.id, 'nc-bureau', { type: 'ACCEPT' });
    const coView = await get(c.id, 'dh-bureau');
    expect(coView.body.allowedEvents).toEqual(['REPORT_PROGRESS']);
    const leadView = await get(c.id, 'nc-bureau');
    expect(leadView.body.allowedEvents).toEqual(expect.arrayContaining(['REPORT_PROGRESS', 'REQUEST_EXTENSION', 'SUBMIT_EVIDENCE']));

    const refused: Array<Record<string, unknown>> = [
      { type: 'REQUEST_EXTENSION', requestedDueAt: '2025-04-10T15:59:59.999Z', reason: '施工周期长' },
      EVIDENCE,
    ];
    for (const body of refused) {
      const res = await send(t, c.id, 'dh-bureau', body);
      expect({ type: body.type, status: res.status }).toEqual({ type: body.type, status: 403 });
    }
    const progress = await sendOk(t, c.id, 'dh-bureau', { type: 'REPORT_PROGRESS', note: '配合单位完成沿线排查', percent: 40 });
    expect(progress.version).toBe(c.version + 2);
    const history = (await t.http.get(`/api/v1/cases/${c.id}/history`).set(await t.auth('nc-supervisor'))).body.items as Array<{
      type: string;
      actor: { username: string; unitId: string | null };
      payload: Record<string, unknown>;
    }>;
    const row = history.at(-1)!;
    expect(row).toMatchObject({ type: 'REPORT_PROGRESS', actor: { username: 'dh-bureau', unitId: u.dhGov }, payload: { note: '配合单位完成沿线排查', percent: 40, unitId: u.dhGov } });
    // The unrelated unit still may not.
    expect((await send(t, c.id, 'jj-bureau', { type: 'REPORT_PROGRESS', note: '试图报告进展' })).status).toBe(404);
    // The lead unit still may submit the evidence.
    await sendOk(t, c.id, 'nc-bureau', EVIDENCE);
  });

  it('ends a co-unit’s access when it is dropped by a new ASSIGN, and grants it to a newly named one', async () => {
    const c = await assigned([u.dhGov]);
    expect((await get(c.id, 'dh-bureau')).status).toBe(200);
    await sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: u.ncEeb, coUnitIds: [] });
    expect((await get(c.id, 'dh-bureau')).status).toBe(404);
    expect(await listIds('dh-bureau')).not.toContain(c.id);
    await sendOk(t, c.id, 'jx-supervisor', { type: 'ASSIGN', leadUnitId: u.ncEeb, coUnitIds: [u.dhGov] });
    expect((await get(c.id, 'dh-bureau')).status).toBe(200);
  });

  it('gives co-units named in a bulk 交办 the same access', async () => {
    const cs = [await createCase(t), await createCase(t)];
    const res = await t.http
      .post('/api/v1/assignments/bulk')
      .set(await t.auth('nc-supervisor'))
      .send({ caseIds: cs.map((c) => c.id), leadUnitId: u.ncEeb, coUnitIds: [u.dhGov] });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['assigned', 'assigned']);
    const ids = await listIds('dh-bureau');
    for (const c of cs) {
      expect(ids).toContain(c.id);
      expect((await send(t, c.id, 'dh-bureau', { type: 'ACCEPT' })).status).toBe(403);
    }
  });
});
