import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCase, EVIDENCE, send, sendOk } from '../support/case-factory.js';

describe('a case from reported to closed over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it('walks the whole lifecycle as the right users and records every step', async () => {
    const created = await createCase(t);
    expect(created).toMatchObject({ state: 'reported', stateDetail: 'reported', version: 1, returnCount: 0, reboundCount: 0 });
    expect(created.code).toMatch(/^360100-2025-\d{5}$/);
    expect((created.clock as { name: string }).name).toBe('assignment');

    const assigned = await sendOk(t, created.id, 'nc-supervisor', {
      type: 'ASSIGN',
      leadUnitId: t.fixture.units.ncEeb,
      coUnitIds: [t.fixture.units.dhGov],
      rectificationWorkingDays: 20,
      responsiblePerson: '张三',
    });
    expect(assigned).toMatchObject({ state: 'assigned', version: 2, responsiblePerson: '张三' });
    expect((assigned.leadUnit as { name: string }).name).toBe('南昌市生态环境局');
    expect(assigned.rectificationDueAt).toBe(assigned.originalDueAt);

    const bureauView = await t.http.get(`/api/v1/cases/${created.id}`).set(await t.auth('nc-bureau'));
    expect(bureauView.status).toBe(200);
    expect(bureauView.headers.etag).toBe('"2"');
    expect(bureauView.body.allowedEvents.sort()).toEqual(['ACCEPT', 'RETURN']);

    await sendOk(t, created.id, 'nc-bureau', { type: 'ACCEPT' });
    await sendOk(t, created.id, 'dh-bureau', { type: 'REPORT_PROGRESS', note: '配合单位已完成排查', percent: 40 });
    await sendOk(t, created.id, 'nc-bureau', EVIDENCE);
    const verified = await sendOk(t, created.id, 'nc-inspector', { type: 'VERIFY_PASS', note: '现场核查通过' });
    expect(verified.stateDetail).toBe('verified');
    const closed = await sendOk(t, created.id, 'nc-supervisor', { type: 'CLOSE', note: '同意销号' });
    expect(closed).toMatchObject({ state: 'closed', version: 7, clock: null });

    const history = await t.http.get(`/api/v1/cases/${created.id}/history`).set(await t.auth('nc-supervisor'));
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
      'CREATED', 'ASSIGN', 'ACCEPT', 'REPORT_PROGRESS', 'SUBMIT_EVIDENCE', 'VERIFY_PASS', 'CLOSE',
    ]);
    expect(history.body.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(history.body.items[3].actor).toMatchObject({ username: 'dh-bureau', role: 'bureau', unitId: t.fixture.units.dhGov });
    const verify = await t.http.get(`/api/v1/cases/${created.id}/history/verify`).set(await t.auth('nc-supervisor'));
    expect(verify.body).toMatchObject({ valid: true, length: 7 });
  });

  it('refuses an event the state does not take with 409 INVALID_TRANSITION and changes nothing', async () => {
    const c = await createCase(t);
    const res = await send(t, c.id, 'nc-inspector', { type: 'VERIFY_PASS' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'INVALID_TRANSITION' });
    const after = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('nc-inspector'));
    expect(after.body.version).toBe(1);
  });
});
