import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, createCase, send, sendOk } from '../support/case-factory.js';

const VALID_CASE = {
  title: '南昌市某工地扬尘管控不力',
  description: '现场检查发现未落实六个百分百要求',
  source: 'routine',
  category: 'air',
  regionCode: '360100',
};

describe('validation and the error codes of SPEC §7', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  const expectError = (res: { status: number; body: Record<string, unknown> }, status: number, code?: string) => {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.anything() });
    if (code) expect(res.body.code).toBe(code);
  };

  it.each([
    ['an unknown field', { ...VALID_CASE, state: 'closed' }],
    ['an id set by body', { ...VALID_CASE, id: '00000000-0000-0000-0000-000000000000' }],
    ['a bad source', { ...VALID_CASE, source: 'rumour' }],
    ['a bad category', { ...VALID_CASE, category: 'smell' }],
    ['a bad severity', { ...VALID_CASE, severity: 'huge' }],
    ['a bad region code', { ...VALID_CASE, regionCode: '36010' }],
    ['a missing title', { ...VALID_CASE, title: undefined }],
    ['a blank title', { ...VALID_CASE, title: '   ' }],
    ['an over-long title', { ...VALID_CASE, title: '问'.repeat(201) }],
    ['a number for a string', { ...VALID_CASE, description: 42 }],
    ['a bad date', { ...VALID_CASE, reportedAt: '2025-02-30T00:00:00Z' }],
    ['a date without time zone', { ...VALID_CASE, reportedAt: '2025-02-03T10:00:00' }],
    ['a date in the future', { ...VALID_CASE, reportedAt: '2030-01-01T00:00:00Z' }],
    ['an unknown region', { ...VALID_CASE, regionCode: '999999' }],
  ])('POST /cases with %s is 400 and creates nothing', async (_label, body) => {
    const before = await t.http.get('/api/v1/cases').set(await t.auth('admin'));
    const res = await t.http.post('/api/v1/cases').set(await t.auth('jx-inspector')).send(body);
    expectError(res, 400, 'VALIDATION_FAILED');
    const after = await t.http.get('/api/v1/cases').set(await t.auth('admin'));
    expect(after.body.total).toBe(before.body.total);
  });

  it('trims strings', async () => {
    const res = await t.http.post('/api/v1/cases').set(await t.auth('jx-inspector')).send({ ...VALID_CASE, title: '  有空格的标题  ' });
    expect(res.status).toBe(201);
    expect(res.body.title).toBe('有空格的标题');
  });

  it('401 without or with a bad token, before validation', async () => {
    expectError(await t.http.post('/api/v1/cases').send({ nonsense: true }), 401, 'UNAUTHORIZED');
    expectError(await t.http.get('/api/v1/cases').set({ Authorization: 'Bearer not-a-token' }), 401, 'UNAUTHORIZED');
    expectError(await t.http.get('/api/v1/me').set({ Authorization: 'Basic abc' }), 401);
    expect((await t.http.get('/api/v1/health')).status).toBe(200);
  });

  it('login with a wrong password is 401 and does not say which part was wrong', async () => {
    const a = await t.http.post('/api/v1/auth/login').send({ username: 'nc-bureau', password: 'wrong-password' });
    const b = await t.http.post('/api/v1/auth/login').send({ username: 'nobody', password: 'wrong-password' });
    expectError(a, 401);
    expect(a.body.message).toBe(b.body.message);
  });

  it('bad JSON is 400, a body over 1 MB is 413, both with the error shape', async () => {
    const bad = await t.http.post('/api/v1/cases').set(await t.auth('jx-inspector')).set('content-type', 'application/json').send('{"title": ');
    expectError(bad, 400);
    const huge = await t.http
      .post('/api/v1/cases')
      .set(await t.auth('jx-inspector'))
      .send({ ...VALID_CASE, description: 'x'.repeat(1024 * 1024 + 10) });
    expectError(huge, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('event payloads are validated per type: unknown fields, bad enums, bad dates, over-long strings', async () => {
    const c = await caseIn(t, 'assigned');
    const cases: Array<Record<string, unknown>> = [
      { type: 'NOPE' },
      {},
      { type: 'ACCEPT', extra: 1 },
      { type: 'RETURN', reason: '短' },
      { type: 'RETURN', reason: '不属于本单位职责', reasonCode: 'lazy' },
      { type: 'RETURN', reason: 'x'.repeat(2001) },
      { type: 'ASSIGN', leadUnitId: 'not-a-uuid' },
      { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationDueAt: 'tomorrow' },
      { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationWorkingDays: 0 },
      { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationWorkingDays: 1001 },
      { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationWorkingDays: 5, rectificationDueAt: '2026-01-01T00:00:00Z' },
      { type: 'SUBMIT_EVIDENCE', summary: 'x', evidence: [] },
      { type: 'SUBMIT_EVIDENCE', summary: 'x', evidence: [{ kind: 'video', title: 't', ref: 'r' }] },
      { type: 'SUBMIT_EVIDENCE', summary: 'x', evidence: [{ kind: 'photo', title: 't', ref: 'r', secret: 1 }] },
      { type: 'REPORT_PROGRESS', note: 'x', percent: 101 },
    ];
    for (const body of cases) {
      const res = await send(t, c.id, 'nc-bureau', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const after = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('nc-bureau'));
    expect(after.body.version).toBe(c.version);
  });

  it('checks run in the order 401, 400, 404, 403, 409', async () => {
    const c = await caseIn(t, 'reported');
    // 400 before 404: a bad payload on an invisible case
    expectError(await send(t, c.id, 'ah-inspector', { type: 'RETURN' }), 400);
    // 404 before 403: a role that may not send it, on an invisible case
    expectError(await send(t, c.id, 'ah-supervisor', { type: 'VERIFY_PASS' }), 404, 'NOT_FOUND');
    // 403 before 409: a role that may not send it, in a state that does not take it
    expectError(await send(t, c.id, 'nc-supervisor', { type: 'VERIFY_PASS' }), 403, 'FORBIDDEN');
    // 409 when the role may but the state does not
    expectError(await send(t, c.id, 'nc-inspector', { type: 'VERIFY_PASS' }), 409, 'INVALID_TRANSITION');
    // unknown or malformed case ids are 404
    expectError(await send(t, '00000000-0000-4000-8000-000000000000', 'nc-inspector', { type: 'ACCEPT' }), 404);
    expectError(await t.http.get('/api/v1/cases/not-an-id').set(await t.auth('nc-inspector')), 404);
  });

  it('409 DUPLICATE on a taken externalRef names the existing case', async () => {
    const first = await createCase(t, { externalRef: 'JX-2020-001', source: 'audit' });
    const res = await t.http.post('/api/v1/cases').set(await t.auth('jx-inspector')).send({ ...VALID_CASE, source: 'audit', externalRef: 'JX-2020-001' });
    expectError(res, 409, 'DUPLICATE');
    expect(res.body.existingId).toBe(first.id);
    // the same ref under another source is a different document
    expect((await createCase(t, { externalRef: 'JX-2020-001', source: 'petition' })).id).toBeDefined();
  });

  it('409 RETURN_LIMIT after policy.assignment.maxReturns returns', async () => {
    const c = await createCase(t);
    for (let i = 0; i < 2; i++) {
      await sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb });
      await sendOk(t, c.id, 'nc-bureau', { type: 'RETURN', reasonCode: 'insufficient_information', reason: '线索不足无法核实' });
    }
    await sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb });
    const third = await send(t, c.id, 'nc-bureau', { type: 'RETURN', reason: '线索不足无法核实' });
    expectError(third, 409, 'RETURN_LIMIT');
    const view = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('nc-bureau'));
    expect(view.body.returnCount).toBe(2);
    expect(view.body.allowedEvents).toEqual(['ACCEPT']);
  });

  it('ASSIGN refuses units off the case region branch or outside the assigner jurisdiction', async () => {
    const c = await createCase(t, { regionCode: '360102' });
    // 九江 is not on 东湖区's branch
    expectError(await send(t, c.id, 'jx-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.jjEeb }), 400);
    // the province unit is on the branch but outside a 南昌 supervisor's jurisdiction
    expectError(await send(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.jxEeb }), 400);
    expectError(await send(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: '00000000-0000-4000-8000-000000000000' }), 400);
    expectError(await send(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationDueAt: '2020-01-01T00:00:00Z' }), 400);
    // above and below on the branch are fine
    await sendOk(t, c.id, 'jx-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.jxEeb, coUnitIds: [t.fixture.units.dhGov] });
  });

  it('If-Match must be a version', async () => {
    const c = await createCase(t);
    expectError(await send(t, c.id, 'nc-inspector', { type: 'WITHDRAW', reason: '重复登记撤销' }, { 'If-Match': 'abc' }), 400);
  });

  it('a bureau cannot log cases; an official cannot log outside their jurisdiction', async () => {
    expectError(await t.http.post('/api/v1/cases').set(await t.auth('nc-bureau')).send(VALID_CASE), 403);
    expectError(await t.http.post('/api/v1/cases').set(await t.auth('ah-inspector')).send(VALID_CASE), 403);
  });
});
