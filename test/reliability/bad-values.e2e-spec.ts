import { caseIn, createCase, EVIDENCE, send } from '../support/case-factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Issue 11 item 5: values that used to get through (or become a 500 on PostgreSQL) are a 400 with a message, on both databases. */
describe('bad values are refused with a 400', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const newCase = async (overrides: Record<string, unknown>) =>
    t.http
      .post('/api/v1/cases')
      .set(await t.auth('nc-inspector'))
      .send({ title: '坏值测试', description: '描述', source: 'routine', category: 'air', regionCode: '360100', ...overrides });

  const expect400 = (res: { status: number; body: { code?: string; message?: unknown } }, pattern: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(String(res.body.message)).toMatch(pattern);
  };

  it('evidence must be a list of objects: [[]] and 50 × 50 nested items are refused, the case unchanged', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    expect400(await send(t, c.id, 'nc-bureau', { ...EVIDENCE, evidence: [[]] }), /evidence/);
    const nested = Array.from({ length: 50 }, () => Array.from({ length: 50 }, () => ({ kind: 'photo', title: 't', ref: 'r' })));
    expect400(await send(t, c.id, 'nc-bureau', { ...EVIDENCE, evidence: nested }), /evidence/);
    const after = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('nc-supervisor'));
    expect(after.body).toMatchObject({ version: c.version, stateDetail: 'rectifying.inProgress' });
  });

  it('a NUL byte in any text field, even on the anonymous login or in a query, is a 400', async () => {
    expect400(await newCase({ title: 'a\u0000b' }), /NUL/);
    expect400(await newCase({ description: 'x\u0000' }), /NUL/);
    expect400(await t.http.post('/api/v1/auth/login').send({ username: 'nc-\u0000inspector', password: 'p' }), /NUL/);
    expect400(await t.http.post('/api/v1/auth/login').send({ username: 'nc-inspector', password: '\u0000' }), /NUL/);
    expect400(await t.http.get('/api/v1/cases?q=a%00b').set(await t.auth('nc-supervisor')), /NUL/);
  });

  it('a due in year 10000 is refused, and the case keeps working', async () => {
    const c = await createCase(t);
    for (const due of ['+010000-01-01T00:00:00.000Z', '10000-01-01T00:00:00Z']) {
      const res = await send(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationDueAt: due });
      expect(res.status).toBe(400);
    }
    const ok = await send(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationDueAt: '2025-12-31T15:59:59.999Z' });
    expect(ok.status).toBe(200);
    expect((await send(t, c.id, 'nc-bureau', { type: 'ACCEPT' })).status).toBe(200);
  });

  it('lone surrogates are refused; a real pair (an emoji) is kept as sent', async () => {
    expect400(await newCase({ title: 'bad \ud800 title' }), /surrogate/);
    expect400(await newCase({ description: 'bad \udc00' }), /surrogate/);
    const ok = await newCase({ description: '现场照片 📷 已上传' });
    expect(ok.status).toBe(201);
    expect(ok.body.description).toBe('现场照片 📷 已上传');
  });

  it('zero-width and bidi-override characters are refused in titles and names, line breaks only in multi-line text', async () => {
    expect400(await newCase({ title: '九江\u200b化工园区' }), /zero-width|bidirectional/);
    expect400(await newCase({ title: '污水\u202e直排' }), /bidirectional/);
    expect400(await newCase({ title: '两行\n标题' }), /control/);
    const unit = await t.http.post('/api/v1/units').set(await t.auth('admin')).send({ name: '南昌\u2066生态\u2069环境局', regionCode: '360100' });
    expect400(unit, /name/);
    expect((await newCase({ description: '第一行\n第二行' })).status).toBe(201);
  });
});
