import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCase, send, sendOk } from '../support/case-factory.js';

/** Returns (退回) by the lead unit: reason codes, validation, the limit, and what the supervisor sees. */
describe('returns', () => {
  let t: TestApp;
  let u: TestApp['fixture']['units'];
  beforeAll(async () => {
    t = await startTestApp();
    u = t.fixture.units;
  });
  afterAll(async () => t.close());

  const assign = async (caseId: string) => sendOk(t, caseId, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: u.ncEeb, coUnitIds: [u.dhGov] });
  const assigned = async () => {
    const c = await createCase(t);
    return assign(c.id);
  };
  const view = async (id: string, as = 'nc-supervisor') => (await t.http.get(`/api/v1/cases/${id}`).set(await t.auth(as))).body;

  it('takes every reason code: the case goes back to reported and the assignment clock starts again', async () => {
    for (const reasonCode of ['not_our_jurisdiction', 'duplicate', 'insufficient_information', 'other']) {
      t.setNow('2025-03-03T02:00:00.000Z');
      const c = await assigned();
      t.setNow('2025-03-04T06:30:00.000Z'); // Tuesday
      const returned = await sendOk(t, c.id, 'nc-bureau', { type: 'RETURN', reasonCode, reason: `  退回原因：${reasonCode}  ` });
      expect(returned).toMatchObject({ state: 'reported', stateDetail: 'reported', returnCount: 1, version: c.version + 1 });
      expect(returned.clock).toMatchObject({ name: 'assignment', startedAt: '2025-03-04T06:30:00.000Z', dueAt: '2025-03-07T15:59:59.999Z', status: 'onTrack' });
      const history = (await t.http.get(`/api/v1/cases/${c.id}/history`).set(await t.auth('nc-supervisor'))).body.items as Array<Record<string, unknown>>;
      expect(history.at(-1)).toMatchObject({
        type: 'RETURN',
        from: 'assigned',
        to: 'reported',
        at: '2025-03-04T06:30:00.000Z',
        actor: { username: 'nc-bureau', unitId: u.ncEeb },
        payload: { reasonCode, reason: `退回原因：${reasonCode}`, unitId: u.ncEeb },
      });
    }
  });

  it('takes a return without a reason code (SPEC §3: reasonCode is optional)', async () => {
    const c = await assigned();
    const res = await send(t, c.id, 'nc-bureau', { type: 'RETURN', reason: '请补充问题线索材料' });
    expect(res.status).toBe(200);
  });

  it('refuses an unknown reason code, a reason under 5 characters and unknown fields with 400, changing nothing', async () => {
    const c = await assigned();
    const bad: Array<Record<string, unknown>> = [
      { reasonCode: 'too_busy', reason: '本单位任务繁重无法承办' },
      { reasonCode: 'other', reason: '太少了' },
      { reasonCode: 'other', reason: '  四个字啊  ' },
      { reasonCode: 'other' },
      { reasonCode: 'other', reason: 12345 },
      { reasonCode: 'other', reason: '不属于本单位职责', unitId: u.jjEeb },
    ];
    for (const body of bad) {
      const res = await send(t, c.id, 'nc-bureau', { type: 'RETURN', ...body });
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await view(c.id)).version).toBe(c.version);
  });

  it('lets only the lead unit return: 403 for a co-unit and for officials', async () => {
    const c = await assigned();
    const body = { type: 'RETURN', reasonCode: 'other', reason: '不属于本单位职责' };
    for (const as of ['dh-bureau', 'nc-supervisor', 'nc-inspector']) expect((await send(t, c.id, as, body)).status).toBe(403);
    expect((await send(t, c.id, 'jj-bureau', body)).status).toBe(404);
  });

  it('stops at the return limit with 409 RETURN_LIMIT; the case stays with the unit', async () => {
    const c = await createCase(t);
    const body = { type: 'RETURN', reasonCode: 'not_our_jurisdiction', reason: '该问题不在本单位辖区' };
    for (let i = 1; i <= 2; i++) {
      await assign(c.id);
      expect((await sendOk(t, c.id, 'nc-bureau', body)).returnCount).toBe(i);
    }
    const third = await assign(c.id);
    const res = await send(t, c.id, 'nc-bureau', body);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('RETURN_LIMIT');
    expect(await view(c.id)).toMatchObject({ state: 'assigned', returnCount: 2, version: third.version });
    expect((await view(c.id, 'nc-bureau')).allowedEvents).toEqual(['ACCEPT']);
    await sendOk(t, c.id, 'nc-bureau', { type: 'ACCEPT' });
  });

  it('shows the supervisor each case’s returns, and the returned cases of their jurisdiction waiting to be assigned again', async () => {
    t.setNow('2025-03-10T02:00:00.000Z');
    const c = await assigned();
    t.setNow('2025-03-10T03:00:00.000Z');
    await sendOk(t, c.id, 'nc-bureau', { type: 'RETURN', reasonCode: 'duplicate', reason: '与已交办问题重复' });

    const returns = await t.http.get(`/api/v1/cases/${c.id}/returns`).set(await t.auth('nc-supervisor'));
    expect(returns.status).toBe(200);
    expect(returns.body).toEqual({ total: 1, page: 1, pageSize: 1000, items: [
      {
        caseId: c.id,
        seq: 3,
        at: '2025-03-10T03:00:00.000Z',
        reasonCode: 'duplicate',
        reason: '与已交办问题重复',
        unit: { id: u.ncEeb, name: '南昌市生态环境局', regionCode: '360100' },
        by: { id: expect.any(String), username: 'nc-bureau', role: 'bureau', unitId: u.ncEeb },
      },
    ] });
    expect((await t.http.get(`/api/v1/cases/${c.id}/returns`).set(await t.auth('ah-supervisor'))).status).toBe(404);

    const inbox = async (as: string, query: string) => (await t.http.get(`/api/v1/returns?${query}`).set(await t.auth(as))).body;
    const pending = await inbox('jx-supervisor', 'pending=true&from=2025-03-10&reasonCode=duplicate');
    expect(pending.items.map((r: { caseId: string }) => r.caseId)).toEqual([c.id]);
    expect(pending.items[0]).toMatchObject({ caseCode: c.code, title: c.title, regionCode: '360100', stateDetail: 'reported', returnCount: 1, reasonCode: 'duplicate' });
    expect(pending.total).toBe(1);
    expect((await inbox('ah-supervisor', 'pending=true')).items).toEqual([]);
    expect((await inbox('nc-bureau', 'from=2025-03-10')).items.map((r: { caseId: string }) => r.caseId)).toEqual([c.id]);
    expect((await inbox('dh-bureau', 'from=2025-03-10')).items).toEqual([]);

    await assign(c.id);
    expect((await inbox('jx-supervisor', 'pending=true&from=2025-03-10')).items).toEqual([]);
    expect((await inbox('jx-supervisor', 'pending=false&from=2025-03-10')).items.map((r: { caseId: string }) => r.caseId)).toEqual([c.id]);
    expect((await t.http.get('/api/v1/returns?reasonCode=lazy').set(await t.auth('jx-supervisor'))).status).toBe(400);
    expect((await t.http.get('/api/v1/returns?from=yesterday').set(await t.auth('jx-supervisor'))).status).toBe(400);
  });
});
