import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, createCase, send, sendOk } from '../support/case-factory.js';

type Result = { caseId: string; status: string; code?: string; message?: string; version?: number };

/** Bulk 交办: POST /assignments/bulk runs the engine's ASSIGN per case and reports each outcome. */
describe('bulk assignment', () => {
  let t: TestApp;
  let u: TestApp['fixture']['units'];
  beforeAll(async () => {
    t = await startTestApp();
    u = t.fixture.units;
  });
  afterAll(async () => t.close());

  const bulk = async (as: string, body: Record<string, unknown>) => t.http.post('/api/v1/assignments/bulk').set(await t.auth(as)).send(body);
  const results = (res: { body: { results: Result[] } }) => res.body.results;
  const caseView = async (id: string) => (await t.http.get(`/api/v1/cases/${id}`).set(await t.auth('admin'))).body;
  const history = async (id: string) =>
    (await t.http.get(`/api/v1/cases/${id}/history`).set(await t.auth('admin'))).body.items as Array<{ type: string; payload: Record<string, unknown>; actor: { username: string } }>;

  it('assigns the good cases and reports each bad one with its domain code, in request order', async () => {
    const good1 = await createCase(t);
    const invisible = await createCase(t, { regionCode: '340000' }, 'ah-inspector');
    const rectifying = await caseIn(t, 'rectifying.inProgress');
    const returned = await caseIn(t, 'assigned');
    await sendOk(t, returned.id, 'nc-bureau', { type: 'RETURN', reasonCode: 'insufficient_information', reason: '线索不全，无法核实' });
    const missing = randomUUID();
    const withdrawn = await caseIn(t, 'withdrawn');
    const ids = [good1.id, invisible.id, rectifying.id, returned.id, missing, withdrawn.id];

    const res = await bulk('nc-supervisor', { caseIds: ids, leadUnitId: u.ncEeb, coUnitIds: [u.dhGov], rectificationWorkingDays: 20, responsiblePerson: '王五' });
    expect(res.status).toBe(200);
    expect(results(res).map((r) => r.caseId)).toEqual(ids);
    expect(results(res).map((r) => [r.status, r.code])).toEqual([
      ['assigned', undefined],
      ['error', 'NOT_FOUND'],
      ['error', 'INVALID_TRANSITION'],
      ['assigned', undefined],
      ['error', 'NOT_FOUND'],
      ['error', 'INVALID_TRANSITION'],
    ]);
    expect(results(res).filter((r) => r.status === 'error').every((r) => typeof r.message === 'string' && r.message.length > 0)).toBe(true);

    // The same command as a single ASSIGN: state, units, due, clock and one history row by the caller.
    const view = await caseView(good1.id);
    expect(view).toMatchObject({ state: 'assigned', version: 2, responsiblePerson: '王五', rectificationDueAt: '2025-03-31T15:59:59.999Z' });
    expect(view.leadUnit.id).toBe(u.ncEeb);
    expect(view.coUnits.map((x: { id: string }) => x.id)).toEqual([u.dhGov]);
    expect(view.clock.name).toBe('acceptance');
    const rows = await history(good1.id);
    expect(rows.map((e) => e.type)).toEqual(['CREATED', 'ASSIGN']);
    expect(rows[1]!.actor.username).toBe('nc-supervisor');
    expect(rows[1]!.payload).toMatchObject({ leadUnitId: u.ncEeb, coUnitIds: [u.dhGov], rectificationWorkingDays: 20, responsiblePerson: '王五' });
    expect(results(res)[0]!.version).toBe(2);
    expect((await caseView(returned.id)).returnCount).toBe(1);
    // The bad ones did not move.
    expect((await caseView(rectifying.id)).version).toBe(rectifying.version);
    expect((await caseView(invisible.id)).version).toBe(1);
  });

  it('does not assign twice: a repeated request reports the assigned cases as unchanged and writes nothing', async () => {
    const a = await createCase(t);
    const b = await createCase(t);
    const body = { caseIds: [a.id, b.id], leadUnitId: u.ncEeb, coUnitIds: [u.dhGov] };
    expect(results(await bulk('nc-supervisor', body)).map((r) => r.status)).toEqual(['assigned', 'assigned']);
    const before = await Promise.all([caseView(a.id), caseView(b.id)]);

    const again = await bulk('nc-inspector', { ...body, coUnitIds: [u.dhGov, u.ncEeb], rectificationWorkingDays: 30 });
    expect(results(again)).toEqual([
      { caseId: a.id, status: 'unchanged', version: 2 },
      { caseId: b.id, status: 'unchanged', version: 2 },
    ]);
    const after = await Promise.all([caseView(a.id), caseView(b.id)]);
    expect(after.map((c) => [c.version, c.rectificationDueAt, c.clock.startedAt])).toEqual(before.map((c) => [c.version, c.rectificationDueAt, c.clock.startedAt]));
    expect((await history(a.id)).map((e) => e.type)).toEqual(['CREATED', 'ASSIGN']);

    // Other co-units are a real change: the case is assigned again (a new version, a new acceptance clock).
    t.setNow('2025-03-03T03:00:00.000Z');
    const changed = await bulk('nc-supervisor', { caseIds: [a.id], leadUnitId: u.ncEeb });
    expect(results(changed)[0]).toMatchObject({ status: 'assigned', version: 3 });
    expect((await caseView(a.id)).coUnits).toEqual([]);
    expect((await history(a.id)).map((e) => e.type)).toEqual(['CREATED', 'ASSIGN', 'ASSIGN']);
  });

  it('assigns by the rules when the request names no lead unit, and repeats as unchanged', async () => {
    const rule = await t.http
      .post('/api/v1/assignment-rules')
      .set(await t.auth('jx-supervisor'))
      .send({ regionCode: '360102', category: 'noise', leadUnitId: u.dhGov, coUnitIds: [u.ncEeb], rectificationWorkingDays: 10 });
    expect(rule.status).toBe(201);
    const county = await createCase(t, { regionCode: '360102', category: 'noise' });
    const city = await createCase(t, { regionCode: '360100', category: 'noise' });
    const body = { caseIds: [county.id, city.id] };
    const first = await bulk('jx-supervisor', body);
    expect(results(first).map((r) => [r.status, r.code])).toEqual([
      ['assigned', undefined],
      ['error', 'VALIDATION_FAILED'],
    ]);
    expect(results(first)[1]!.message).toMatch(/no assignment rule applies/i);
    const view = await caseView(county.id);
    expect(view.leadUnit.id).toBe(u.dhGov);
    expect(view.coUnits.map((x: { id: string }) => x.id)).toEqual([u.ncEeb]);
    expect((await history(county.id))[1]!.payload).toMatchObject({ fromRule: true, ruleId: rule.body.id });
    const second = await bulk('jx-supervisor', body);
    expect(results(second).map((r) => r.status)).toEqual(['unchanged', 'error']);
  });

  it('applies the assigner’s jurisdiction per case: a unit off a case’s branch fails that case only', async () => {
    const nc = await createCase(t, { regionCode: '360100' });
    const jj = await createCase(t, { regionCode: '360400' });
    const res = await bulk('jx-supervisor', { caseIds: [nc.id, jj.id], leadUnitId: u.ncEeb });
    expect(results(res).map((r) => [r.status, r.code])).toEqual([
      ['assigned', undefined],
      ['error', 'VALIDATION_FAILED'],
    ]);
    expect(results(res)[1]!.message).toMatch(/not on the branch/);
    // 九江's supervisor does not see 南昌's case at all.
    const other = await createCase(t, { regionCode: '360100' });
    expect(results(await bulk('jj-supervisor', { caseIds: [other.id], leadUnitId: u.jjEeb }))[0]).toMatchObject({ status: 'error', code: 'NOT_FOUND' });
  });

  it('is for supervisors and inspectors only (403), and validates the request as a whole (400)', async () => {
    const c = await createCase(t);
    for (const as of ['nc-bureau', 'admin']) {
      const res = await bulk(as, { caseIds: [c.id], leadUnitId: u.ncEeb });
      expect({ as, status: res.status }).toEqual({ as, status: 403 });
    }
    const many = (n: number) => Array.from({ length: n }, () => randomUUID());
    const bad: Array<Record<string, unknown>> = [
      { caseIds: many(501), leadUnitId: u.ncEeb },
      { caseIds: [], leadUnitId: u.ncEeb },
      { leadUnitId: u.ncEeb },
      { caseIds: [c.id, c.id], leadUnitId: u.ncEeb },
      { caseIds: [c.id, 'not-a-uuid'], leadUnitId: u.ncEeb },
      { caseIds: c.id, leadUnitId: u.ncEeb },
      { caseIds: [c.id], leadUnitId: u.ncEeb, rectificationWorkingDays: 5, rectificationDueAt: '2025-06-30T15:59:59.999Z' },
      { caseIds: [c.id], leadUnitId: u.ncEeb, type: 'ASSIGN' },
      { caseIds: [c.id], leadUnitId: u.ncEeb, rectificationWorkingDays: 0 },
      { caseIds: [c.id], leadUnitId: u.ncEeb, responsiblePerson: '' },
    ];
    for (const body of bad) {
      const res = await bulk('nc-supervisor', body);
      expect({ n: Array.isArray(body.caseIds) ? body.caseIds.length : body.caseIds, status: res.status, code: res.body.code }).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    }
    // A due in the past fails each case like a single ASSIGN would.
    const past = await bulk('nc-supervisor', { caseIds: [c.id], leadUnitId: u.ncEeb, rectificationDueAt: '2025-01-01T00:00:00.000Z' });
    expect(results(past)[0]).toMatchObject({ status: 'error', code: 'VALIDATION_FAILED' });
    expect((await caseView(c.id)).version).toBe(1);
  });

  it('takes 500 cases in one request, answering each in order', async () => {
    const real: Array<{ id: string }> = [];
    for (let i = 0; i < 40; i += 8) real.push(...(await Promise.all(Array.from({ length: 8 }, () => createCase(t)))));
    const ids = Array.from({ length: 500 }, (_, i) => (i % 12 === 0 && real[i / 12] ? real[i / 12]!.id : randomUUID()));
    const started = Date.now();
    const res = await bulk('nc-supervisor', { caseIds: ids, leadUnitId: u.ncEeb });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(results(res).map((r) => r.caseId)).toEqual(ids);
    const assigned = results(res).filter((r) => r.status === 'assigned').map((r) => r.caseId);
    expect(new Set(assigned)).toEqual(new Set(ids.filter((id) => real.some((c) => c.id === id))));
    expect(results(res).filter((r) => r.status === 'error').every((r) => r.code === 'NOT_FOUND')).toBe(true);
  });

  it('assigns each case once when the same request arrives twice at the same time', async () => {
    const cs = await Promise.all(Array.from({ length: 6 }, () => createCase(t)));
    const body = { caseIds: cs.map((c) => c.id), leadUnitId: u.ncEeb };
    const [x, y] = await Promise.all([bulk('nc-supervisor', body), bulk('jx-supervisor', body)]);
    for (let i = 0; i < cs.length; i++) {
      expect([results(x)[i]!.status, results(y)[i]!.status].sort()).toEqual(['assigned', 'unchanged']);
      expect((await history(cs[i]!.id)).filter((e) => e.type === 'ASSIGN')).toHaveLength(1);
    }
  });

  it('leaves single ASSIGN unchanged by the bulk rule: re-assigning the same unit by hand still makes a new version', async () => {
    const c = await caseIn(t, 'assigned');
    const again = await send(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: u.ncEeb });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(c.version + 1);
  });
});
