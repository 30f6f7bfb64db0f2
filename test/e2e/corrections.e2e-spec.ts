import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, createCase, send, sendOk } from '../support/case-factory.js';

/** docs/corrections.md: EDIT, ADJUST_UNITS (动态调整) and a withdrawn case's external reference. */
describe('corrections with history', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  const history = async (id: string) => (await t.http.get(`/api/v1/cases/${id}/history`).set(await t.auth('admin'))).body.items as Array<{ type: string; payload: Record<string, unknown>; from: string; to: string }>;
  const verify = async (id: string) => (await t.http.get(`/api/v1/cases/${id}/history/verify`).set(await t.auth('admin'))).body;

  it('an inspector corrects title, severity and batch with a reason; history keeps before → after', async () => {
    const c = await createCase(t, { batch: '第一批', severity: 'normal' });
    const edited = await sendOk(t, c.id, 'nc-inspector', { type: 'EDIT', reason: '登记时标题有误', title: '更正后的标题', severity: 'major', batch: null });
    expect(edited).toMatchObject({ title: '更正后的标题', severity: 'major', batch: null, stateDetail: 'reported', version: 2 });
    const last = (await history(c.id)).at(-1)!;
    expect(last).toMatchObject({ type: 'EDIT', from: 'reported', to: 'reported' });
    expect(last.payload).toEqual({
      reason: '登记时标题有误',
      changes: { title: { before: c.title, after: '更正后的标题' }, severity: { before: 'normal', after: 'major' }, batch: { before: '第一批', after: null } },
    });
    expect(await verify(c.id)).toMatchObject({ valid: true });
    // The list shows the corrected row (its cache is keyed by version).
    const list = await t.http.get('/api/v1/cases').query({ q: '更正后的标题' }).set(await t.auth('nc-supervisor'));
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
  });

  it('is version-checked, needs a reason and a real change, and only inspectors and supervisors send it', async () => {
    const c = await createCase(t);
    expect((await send(t, c.id, 'nc-inspector', { type: 'EDIT', reason: '更正', title: '新' }, { 'If-Match': '"7"' })).body.code).toBe('VERSION_CONFLICT');
    expect((await send(t, c.id, 'nc-inspector', { type: 'EDIT', title: '新' })).status).toBe(400);
    expect((await send(t, c.id, 'nc-inspector', { type: 'EDIT', reason: '更正', title: c.title })).status).toBe(400);
    expect((await send(t, c.id, 'nc-inspector', { type: 'EDIT', reason: '更正', title: null })).status).toBe(400);
    expect((await send(t, c.id, 'nc-inspector', { type: 'EDIT', reason: '更正', source: 'audit' })).status).toBe(400);
    expect((await send(t, c.id, 'nc-inspector', { type: 'EDIT', reason: '更正', category: 'sky' })).status).toBe(400);
    const assigned = await sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationWorkingDays: 20 });
    expect((await send(t, c.id, 'nc-bureau', { type: 'EDIT', reason: '更正', title: '新' })).status).toBe(403);
    const ok = await send(t, c.id, 'nc-supervisor', { type: 'EDIT', reason: '更正责任人', responsiblePerson: '李四' }, { 'If-Match': `"${assigned.version}"` });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ responsiblePerson: '李四', stateDetail: 'assigned', clock: assigned.clock });
    expect(ok.body.allowedEvents).toContain('EDIT');
    const rows = await t.db.all('SELECT * FROM case_events WHERE case_id = ?', [c.id]);
    expect(rows).toHaveLength(3);
    const withdrawn = await caseIn(t, 'withdrawn');
    expect((await send(t, withdrawn.id, 'nc-inspector', { type: 'EDIT', reason: '更正', title: '新' })).body.code).toBe('INVALID_TRANSITION');
  });

  it('an external reference held by a live case is refused; a withdrawn case frees it and the two are linked', async () => {
    const a = await createCase(t, { externalRef: 'JX-2025-001' });
    expect((await t.http.post('/api/v1/cases').set(await t.auth('jx-inspector')).send({ title: '重复', description: '重复登记', source: 'provincial_inspection', category: 'water', regionCode: '360100', externalRef: 'JX-2025-001' })).status).toBe(409);
    const b = await createCase(t);
    expect((await send(t, b.id, 'nc-inspector', { type: 'EDIT', reason: '补登编号', externalRef: 'JX-2025-001' })).body.code).toBe('DUPLICATE');

    await sendOk(t, a.id, 'nc-inspector', { type: 'WITHDRAW', reason: '登记信息有误，撤销重报' });
    const corrected = await createCase(t, { externalRef: 'JX-2025-001', title: '更正后重新登记' });
    expect(corrected.supersedesCaseId).toBe(a.id);
    const old = await t.http.get(`/api/v1/cases/${a.id}`).set(await t.auth('nc-supervisor'));
    expect(old.body).toMatchObject({ state: 'withdrawn', supersededByCaseId: corrected.id, externalRef: 'JX-2025-001' });
    expect((await history(a.id)).at(-1)).toMatchObject({ type: 'SUPERSEDED', from: 'withdrawn', to: 'withdrawn', payload: { supersededByCaseId: corrected.id } });
    expect(await verify(a.id)).toMatchObject({ valid: true });
    // Still one live case per reference.
    expect((await send(t, b.id, 'nc-inspector', { type: 'EDIT', reason: '补登编号', externalRef: 'JX-2025-001' })).body.code).toBe('DUPLICATE');

    // A correction by EDIT also takes over a withdrawn case's reference, and links them.
    const c = await createCase(t, { externalRef: 'JX-2025-002' });
    await sendOk(t, c.id, 'nc-inspector', { type: 'WITHDRAW', reason: '重复登记撤销' });
    const d = await sendOk(t, b.id, 'nc-inspector', { type: 'EDIT', reason: '补登编号', externalRef: 'JX-2025-002' });
    expect(d.supersedesCaseId).toBe(c.id);
    expect((await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('admin'))).body.supersededByCaseId).toBe(b.id);
  });

  it('a supervisor changes units and the 包保 leader during rectification, keeping the due unless one is given', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const before = (await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('admin'))).body;
    expect((await send(t, c.id, 'nc-inspector', { type: 'ADJUST_UNITS', reason: '调整', leader: '王五' })).status).toBe(403);
    expect((await send(t, c.id, 'nc-supervisor', { type: 'ADJUST_UNITS', leader: '王五' })).status).toBe(400);
    expect((await send(t, c.id, 'nc-supervisor', { type: 'ADJUST_UNITS', reason: '调整', leadUnitId: t.fixture.units.ahEeb })).status).toBe(400);

    const adjusted = await sendOk(t, c.id, 'nc-supervisor', { type: 'ADJUST_UNITS', reason: '包保领导调整', leadUnitId: t.fixture.units.dhGov, coUnitIds: [t.fixture.units.ncEeb], leader: '王五' });
    expect(adjusted).toMatchObject({ leader: '王五', stateDetail: 'rectifying.inProgress', rectificationDueAt: before.rectificationDueAt, clock: before.clock });
    expect((adjusted.leadUnit as { id: string }).id).toBe(t.fixture.units.dhGov);
    expect((adjusted.coUnits as Array<{ id: string }>).map((u) => u.id)).toEqual([t.fixture.units.ncEeb]);
    expect((await history(c.id)).at(-1)!.payload).toMatchObject({
      reason: '包保领导调整',
      changes: { leadUnitId: { before: t.fixture.units.ncEeb, after: t.fixture.units.dhGov }, leader: { before: null, after: '王五' } },
    });
    // The new lead unit now submits; the old one is a co-unit.
    expect((await send(t, c.id, 'nc-bureau', { type: 'SUBMIT_EVIDENCE', summary: '完成', evidence: [{ kind: 'photo', title: '照片', ref: 'p' }] })).status).toBe(403);
    const bureau = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('dh-bureau'));
    expect(bureau.body.allowedEvents).toContain('SUBMIT_EVIDENCE');

    // A new due restarts the rectification clock at that due.
    const redue = await sendOk(t, c.id, 'nc-supervisor', { type: 'ADJUST_UNITS', reason: '整改时限调整', rectificationWorkingDays: 40 });
    expect(redue.rectificationDueAt).not.toBe(before.rectificationDueAt);
    expect(redue.originalDueAt).toBe(before.originalDueAt);
    expect((redue.clock as { dueAt: string }).dueAt).toBe(redue.rectificationDueAt);
    expect((await send(t, (await caseIn(t, 'assigned')).id, 'nc-supervisor', { type: 'ADJUST_UNITS', reason: '调整', leader: '王五' })).body.code).toBe('INVALID_TRANSITION');
  });
});
