import { startTestApp, type TestApp } from '../support/test-app.js';
import { send } from '../support/case-factory.js';
import { expectError, getCase, inbox, rectifyingCase, sweep } from './escalation-test-helpers.js';

/** 挂起 (docs/suspension.md): a supervisor parks the running clock; the ladder stands still; resuming counts the days left again. */
describe('suspending and resuming a case’s clock (挂起)', () => {
  let t: TestApp;
  // Monday 2025-03-03 10:00 Shanghai; due Friday 2025-03-07 end of day: 4 working days left (Tue–Fri).
  const DUE = '2025-03-07T15:59:59.999Z';
  const suspend = async (as: string, caseId: string, body: Record<string, unknown>) => t.http.post(`/api/v1/cases/${caseId}/suspension`).set(await t.auth(as)).send(body);
  const resume = async (as: string, caseId: string) => t.http.post(`/api/v1/cases/${caseId}/suspension/resume`).set(await t.auth(as)).send({});
  const history = async (caseId: string) => (await t.http.get(`/api/v1/cases/${caseId}/history`).set(await t.auth('nc-supervisor'))).body.items as Array<{ type: string; typeLabel: string; payload: Record<string, unknown> }>;
  const overdue = async () => {
    const res = await t.http.get('/api/v1/reports/progress').set(await t.auth('jx-supervisor'));
    expect(res.status).toBe(200);
    return res.body.total.overdue as number;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('refuses bad input with a 400, other roles with a 403, strangers with a 404', async () => {
    const c = await rectifyingCase(t, DUE);
    expectError(await suspend('nc-supervisor', c.id, { reason: 'boredom', plannedResumeOn: '2025-03-20' }), 400);
    expectError(await suspend('nc-supervisor', c.id, { reason: 'other', plannedResumeOn: '2025-03-20' }), 400);
    expectError(await suspend('nc-supervisor', c.id, { reason: 'litigation', plannedResumeOn: '2025-02-30' }), 400);
    expectError(await suspend('nc-supervisor', c.id, { reason: 'litigation', plannedResumeOn: '2025-03-02' }), 400);
    expectError(await suspend('nc-supervisor', c.id, { reason: 'litigation' }), 400);
    expectError(await suspend('nc-supervisor', c.id, { reason: 'litigation', plannedResumeOn: '2025-03-20', extra: 1 }), 400);
    expectError(await suspend('nc-bureau', c.id, { reason: 'litigation', plannedResumeOn: '2025-03-20' }), 403);
    expectError(await suspend('jx-inspector', c.id, { reason: 'litigation', plannedResumeOn: '2025-03-20' }), 403);
    expectError(await suspend('ah-supervisor', c.id, { reason: 'litigation', plannedResumeOn: '2025-03-20' }), 404);
    // the body's shape is refused before anything is looked up (400 before 404)
    expectError(await suspend('ah-supervisor', c.id, { reason: 'litigation', plannedResumeOn: '2025-02-30' }), 400);
    expectError(await suspend('nc-supervisor', 'not-a-uuid', { reason: 'litigation', plannedResumeOn: '2025-03-20' }), 404);
    expectError(await resume('nc-supervisor', c.id), 409, 'CONFLICT');
    expect((await t.http.get(`/api/v1/cases/${c.id}/suspensions`).set(await t.auth('ah-supervisor'))).status).toBe(404);
  });

  it('stops the ladder and the case while suspended, and resumes with the working days that were left', async () => {
    t.setNow('2025-03-03T02:00:00.000Z');
    const c = await rectifyingCase(t, DUE);
    const s = await suspend('nc-supervisor', c.id, { reason: 'litigation', reasonText: '企业已提起行政诉讼', plannedResumeOn: '2025-03-20' });
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ reason: 'litigation', reasonLabel: '诉讼', reasonText: '企业已提起行政诉讼', clockName: 'rectification', dueAt: DUE, remainingWorkingDays: 4, open: true, resumedAt: null });
    expectError(await suspend('nc-supervisor', c.id, { reason: 'forceMajeure', plannedResumeOn: '2025-03-20' }), 409, 'CONFLICT');

    const held = await getCase(t, c.id, 'nc-bureau');
    expect(held).toMatchObject({ suspended: true, allowedEvents: [] });
    expectError(await send(t, c.id, 'nc-bureau', { type: 'REPORT_PROGRESS', note: '已完成一半' }), 409, 'CONFLICT');
    // who may never send the event is told so first (404, 403, 409), suspended or not
    expectError(await send(t, c.id, 'nc-bureau', { type: 'CLOSE', note: '同意销号' }), 403);
    expectError(await send(t, c.id, 'ah-supervisor', { type: 'REPORT_PROGRESS', note: '已完成一半' }), 404);

    // Two weeks past the due: the sweep leaves the parked clock alone, and the report does not count it overdue.
    t.setNow('2025-03-24T02:00:00.000Z');
    await sweep(t);
    expect((await inbox(t, 'admin', { caseId: c.id })).total).toBe(0);
    expect(await overdue()).toBe(1); // the first test's case (past its due, not suspended), not this one

    expectError(await resume('nc-bureau', c.id), 403);
    const r = await resume('nc-supervisor', c.id);
    expect(r.status).toBe(200);
    // Monday 03-24 + 4 working days = Friday 03-28; 15 working days stood still (03-04 … 03-24).
    expect(r.body).toMatchObject({ open: false, resumedAt: '2025-03-24T02:00:00.000Z', resumedDueAt: '2025-03-28T15:59:59.999Z', suspendedWorkingDays: 15 });
    const after = await getCase(t, c.id, 'nc-bureau');
    expect(after).toMatchObject({ suspended: false, rectificationDueAt: '2025-03-28T15:59:59.999Z', clock: { name: 'rectification', dueAt: '2025-03-28T15:59:59.999Z', status: 'onTrack' } });
    expect(after.allowedEvents).toContain('REPORT_PROGRESS');
    expect(after.version).toBe(c.version + 2);

    const rows = await history(c.id);
    expect(rows.map((row) => row.type).slice(-2)).toEqual(['CLOCK_SUSPENDED', 'CLOCK_RESUMED']);
    expect(rows.at(-2)).toMatchObject({ typeLabel: '挂起', payload: { reason: 'litigation', plannedResumeOn: '2025-03-20', remainingWorkingDays: 4 } });
    expect(rows.at(-1)).toMatchObject({ typeLabel: '恢复计时', payload: { suspendedWorkingDays: 15, changes: { clockDueAt: { before: DUE, after: '2025-03-28T15:59:59.999Z' } } } });
    expect((await t.http.get(`/api/v1/cases/${c.id}/history/verify`).set(await t.auth('jx-supervisor'))).body).toMatchObject({ valid: true });

    const list = await t.http.get(`/api/v1/cases/${c.id}/suspensions`).set(await t.auth('nc-bureau'));
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 1000 });
    expect(list.body.items).toEqual([expect.objectContaining({ id: s.body.id, open: false, suspendedBy: { id: expect.any(String), username: 'nc-supervisor', role: 'supervisor', unitId: null }, resumedBy: { id: expect.any(String), username: 'nc-supervisor', role: 'supervisor', unitId: null } })]);

    // The ladder is armed again from the new due.
    t.setNow('2025-04-01T02:00:00.000Z');
    await sweep(t);
    expect((await inbox(t, 'admin', { caseId: c.id })).total).toBeGreaterThan(0);
    expect((await send(t, c.id, 'nc-bureau', { type: 'REPORT_PROGRESS', note: '已完成一半' })).status).toBe(200);
  });

  it('needs a running clock and no pending extension', async () => {
    t.setNow('2025-03-03T02:00:00.000Z');
    const c = await rectifyingCase(t, '2025-04-30T15:59:59.999Z');
    expect((await send(t, c.id, 'nc-bureau', { type: 'REQUEST_EXTENSION', requestedDueAt: '2025-05-30T15:59:59.999Z', reason: '汛期施工受限，需延期' })).status).toBe(200);
    expectError(await suspend('nc-supervisor', c.id, { reason: 'awaitingDecision', plannedResumeOn: '2025-03-20' }), 409, 'CONFLICT');
  });

  it('marks the resumed due provisional when it is counted over a year without an official arrangement', async () => {
    // Tuesday 2026-12-01: 8 working days left to Friday 12-11, all in 2026 (official).
    t.setNow('2026-12-01T02:00:00.000Z');
    const c = await rectifyingCase(t, '2026-12-11T15:59:59.999Z');
    expect((await suspend('nc-supervisor', c.id, { reason: 'forceMajeure', plannedResumeOn: '2026-12-28' })).body).toMatchObject({ remainingWorkingDays: 8 });
    // Monday 12-28 + 8 working days reaches into 2027, whose 元旦 is computed, not published.
    t.setNow('2026-12-28T02:00:00.000Z');
    const r = await resume('nc-supervisor', c.id);
    expect(r.status).toBe(200);
    expect(r.body.resumedDueAt).toBe('2027-01-08T15:59:59.999Z');
    const after = await getCase(t, c.id, 'nc-bureau');
    expect(after).toMatchObject({ rectificationDueAt: '2027-01-08T15:59:59.999Z', rectificationDueProvisional: true, clock: { dueAt: '2027-01-08T15:59:59.999Z', provisional: true } });
  });

  it('re-arms the ladder the clock climbs (the policy it started under), not one saved while it stood still', async () => {
    t.setNow('2026-12-01T02:00:00.000Z');
    const c = await rectifyingCase(t, '2026-12-11T15:59:59.999Z');
    expect((await suspend('nc-supervisor', c.id, { reason: 'awaitingDecision', plannedResumeOn: '2026-12-07' })).status).toBe(201);
    // While it is suspended, 江西 saves a ladder whose 预警 comes one working day before the due, not two.
    const base = (await t.http.get('/api/v1/policies').set(await t.auth('jx-admin'))).body;
    const ladder = base.policy.escalation.ladder.map((step: { level: number }) => (step.level === 0 ? { ...step, offsetWorkingDays: -1 } : step));
    expect((await t.http.put('/api/v1/policies').set(await t.auth('jx-admin')).send({ ...base.policy, escalation: { ladder } })).status).toBe(200);
    t.setNow('2026-12-07T02:00:00.000Z');
    expect((await resume('nc-supervisor', c.id)).body.resumedDueAt).toBe('2026-12-17T15:59:59.999Z');
    // The sweep fires the clock's own 预警 (two working days before: end of Tuesday 12-15) and looks then, not a day late.
    const clock = await t.db.one<{ next_threshold_at: string | Date }>('SELECT next_threshold_at FROM clocks WHERE case_id = ? AND ended_at IS NULL', [c.id]);
    expect(new Date(clock!.next_threshold_at).toISOString()).toBe('2026-12-15T15:59:59.999Z');
    t.setNow('2026-12-16T02:00:00.000Z');
    await sweep(t);
    expect((await inbox(t, 'admin', { caseId: c.id })).items.map((e) => e.level)).toEqual([0]);
  });
});
