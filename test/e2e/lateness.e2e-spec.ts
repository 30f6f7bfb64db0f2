import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCase, EVIDENCE, sendOk } from '../support/case-factory.js';
import { getCase, inbox, rectifyingCase, sweep } from './escalation-test-helpers.js';

/**
 * Whose lateness is it (docs/deadlines.md, "Whose lateness"): every clock belongs to a party; a
 * bureau's and an inspector's overdue lists, and a unit's scorecard, count only that party's clocks;
 * a pending extension request runs the supervisor's decision clock and holds the unit's clock at 催办.
 * Monday 2025-03-03 10:00 Shanghai; no holiday in March 2025 (清明 is 4–6 April).
 */
type CaseBody = Awaited<ReturnType<typeof getCase>> & {
  clock: { name: string; owner: string; ownerLabel: string; dueAt: string; status: string } | null;
  extension: { pending: unknown; approvedCount: number; decisionClock: { name: string; owner: string; ownerLabel: string; label: string; dueAt: string; status: string } | null; decisionEscalationLevel: number | null };
};
const read = (t: TestApp, id: string, as = 'admin') => getCase(t, id, as) as Promise<CaseBody>;

async function overdueCodes(t: TestApp, as: string, query: Record<string, string> = {}): Promise<string[]> {
  const res = await t.http.get('/api/v1/cases').query({ overdue: 'true', pageSize: 100, ...query }).set(await t.auth(as));
  if (res.status !== 200) throw new Error(`GET /cases as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.items as Array<{ id: string }>).map((c) => c.id).sort();
}

describe('whose lateness: clock owners, overdue lists and scorecards', () => {
  let t: TestApp;
  const ids: Record<'unit' | 'acceptance' | 'inspector' | 'supervisor', string> = { unit: '', acceptance: '', inspector: '', supervisor: '' };
  beforeAll(async () => {
    t = await startTestApp({ start: '2025-03-03T02:00:00.000Z' });
    const nc = t.fixture.units.ncEeb;
    // The unit is late rectifying (due Mon 10 Mar).
    ids.unit = (await rectifyingCase(t, '2025-03-10T15:59:59.999Z')).id;
    // The unit is late accepting (acceptance due 2 working days after 交办: Wed 5 Mar).
    ids.acceptance = (await createCase(t)).id;
    await sendOk(t, ids.acceptance, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: nc, rectificationWorkingDays: 60 });
    // The inspector is late verifying (10 working days after the evidence: Mon 17 Mar); the unit was on time.
    ids.inspector = (await rectifyingCase(t, '2025-04-30T15:59:59.999Z')).id;
    await sendOk(t, ids.inspector, 'nc-bureau', EVIDENCE);
    // The supervisor is late assigning (3 working days after reporting: Thu 6 Mar).
    ids.supervisor = (await createCase(t)).id;
    t.setNow('2025-03-20T02:00:00.000Z');
  });
  afterAll(async () => t.close());

  it('names the owner of every clock, with its Chinese label, in the case and in the labels', async () => {
    const owners = Object.fromEntries(
      await Promise.all(Object.entries(ids).map(async ([key, id]) => [key, (({ name, owner, ownerLabel, status }) => ({ name, owner, ownerLabel, status }))((await read(t, id)).clock!)])),
    );
    expect(owners).toEqual({
      unit: { name: 'rectification', owner: 'unit', ownerLabel: '责任单位', status: 'overdue' },
      acceptance: { name: 'acceptance', owner: 'unit', ownerLabel: '责任单位', status: 'overdue' },
      inspector: { name: 'verification', owner: 'inspector', ownerLabel: '督察人员', status: 'overdue' },
      supervisor: { name: 'assignment', owner: 'supervisor', ownerLabel: '督办人员', status: 'overdue' },
    });
    const labels = await t.http.get('/api/v1/labels').set(await t.auth('nc-bureau'));
    expect(labels.body.clockOwners).toEqual({ unit: '责任单位', inspector: '督察人员', supervisor: '督办人员' });
    expect(labels.body.clocks.extensionDecision).toBe('延期审批时限');
  });

  it("lists only the bureau's own overdue clocks as its overdue cases", async () => {
    // Before: the inspector's late verification showed as the unit's lateness.
    expect(await overdueCodes(t, 'nc-bureau')).toEqual([ids.unit, ids.acceptance].sort());
    // Another party's clocks only when asked for by name; overdue=false is the complement of its own.
    expect(await overdueCodes(t, 'nc-bureau', { clockOwner: 'inspector' })).toEqual([ids.inspector]);
    expect(await overdueCodes(t, 'nc-bureau', { overdue: 'false' })).toEqual([ids.inspector]);
  });

  it("gives inspectors their own overdue clocks and supervisors every party's, narrowed by clockOwner", async () => {
    expect(await overdueCodes(t, 'nc-inspector')).toEqual([ids.inspector]);
    expect(await overdueCodes(t, 'jx-inspector')).toEqual([ids.inspector]);
    expect(await overdueCodes(t, 'nc-supervisor')).toEqual(Object.values(ids).sort());
    expect(await overdueCodes(t, 'nc-supervisor', { clockOwner: 'supervisor' })).toEqual([ids.supervisor]);
    expect(await overdueCodes(t, 'nc-supervisor', { clockOwner: 'unit' })).toEqual([ids.unit, ids.acceptance].sort());
    const bad = await t.http.get('/api/v1/cases').query({ clockOwner: 'bureau' }).set(await t.auth('nc-inspector'));
    expect(bad.status).toBe(400);
  });

  it("counts in the unit's scorecard only the clocks the unit answers for", async () => {
    const res = await t.http.get(`/api/v1/units/${t.fixture.units.ncEeb}/scorecard?from=2025-03-01&to=2025-04-01`).set(await t.auth('nc-supervisor'));
    expect(res.status).toBe(200);
    // Three open cases of the unit; the one waiting for the inspector is open but not the unit's lateness.
    expect(res.body).toMatchObject({ open: 3, overdue: 2 });
  });

  it('says whose clock an escalation belongs to', async () => {
    await sweep(t);
    const items = (await inbox(t, 'admin', { caseId: ids.inspector })).items;
    expect(items.length).toBeGreaterThan(0);
    // the case's clock shape: the same name, owner and due as the case's own clock
    const own = (await read(t, ids.inspector)).clock!;
    for (const item of items) expect(item.clock).toEqual(own);
    for (const item of items) expect(item.clock).toMatchObject({ name: 'verification', owner: 'inspector', ownerLabel: '督察人员' });
    // The 预警 of the inspector's clock goes to the case's region, not to the unit, which cannot act on it.
    expect(items.find((e) => (e as unknown as { level: number }).level === 0)).toMatchObject({ targetRegionCode: '360100', targetUnitId: null });
    const bureauInbox = (await inbox(t, 'nc-bureau')).items;
    expect(bureauInbox.filter((e) => e.caseId === ids.inspector)).toEqual([]);
    expect(bureauInbox.filter((e) => e.caseId === ids.unit)).toEqual([expect.objectContaining({ level: 0, clock: expect.objectContaining({ name: 'rectification', owner: 'unit' }), targetUnitId: t.fixture.units.ncEeb })]);
    const supervisorInbox = (await inbox(t, 'nc-supervisor', { caseId: ids.inspector, level: 0 })).items;
    expect(supervisorInbox).toHaveLength(1);
  });
});

describe('whose lateness: a pending extension runs the supervisor’s clock and holds the unit’s at 催办', () => {
  let t: TestApp;
  const DUE = '2025-03-31T15:59:59.999Z'; // end of Monday 31 March
  const request = { type: 'REQUEST_EXTENSION', requestedDueAt: '2025-04-20T15:59:59.999Z', reason: '雨季施工受阻，申请延期' };
  beforeAll(async () => (t = await startTestApp({ start: '2025-03-03T02:00:00.000Z' })));
  afterAll(async () => t.close());

  const levels = async (caseId: string, clock: string) =>
    (await inbox(t, 'admin', { caseId })).items
      .filter((e) => e.clock.name === clock)
      .map((e) => ({ level: e.level, target: e.targetRegionCode, status: e.status }))
      .sort((a, b) => a.level - b.level);

  it('starts the decision clock on the request, due in 3 working days, with its own ladder toward the supervisor’s superiors', async () => {
    t.setNow('2025-03-03T02:00:00.000Z');
    const c = await rectifyingCase(t, DUE);
    await sendOk(t, c.id, 'nc-bureau', request);
    const pending = await read(t, c.id, 'nc-supervisor');
    expect(pending.extension.decisionClock).toMatchObject({
      name: 'extensionDecision',
      label: '延期审批时限',
      owner: 'supervisor',
      ownerLabel: '督办人员',
      dueAt: '2025-03-06T15:59:59.999Z', // Tue 4, Wed 5, Thu 6
      status: 'onTrack',
    });
    expect(pending.clock).toMatchObject({ name: 'rectification', owner: 'unit', dueAt: DUE });

    // Friday 14 March: the decision is 6 working days late; the unit's own due is still ahead.
    t.setNow('2025-03-14T02:00:00.000Z');
    await sweep(t);
    expect(await levels(c.id, 'extensionDecision')).toEqual([
      { level: 0, target: '360100', status: 'open' }, // 预警 to the deciding region (南昌)
      { level: 1, target: '360000', status: 'open' }, // 催办 to the parent region (江西)
      { level: 2, target: '360000', status: 'open' }, // 督办 to the province
    ]);
    expect((await read(t, c.id)).extension).toMatchObject({ decisionClock: { status: 'overdue' }, decisionEscalationLevel: 2 });
    // The supervisor's lateness, not the unit's.
    expect(await overdueCodes(t, 'nc-bureau')).toEqual([]);
    expect(await overdueCodes(t, 'nc-supervisor', { clockOwner: 'supervisor' })).toContain(c.id);
    expect(await overdueCodes(t, 'nc-supervisor', { clockOwner: 'unit' })).not.toContain(c.id);
    const jx = (await inbox(t, 'jx-supervisor', { caseId: c.id })).items;
    expect(jx.map((e) => [e.clock.name, e.clock.owner, e.level]).sort()).toEqual([
      ['extensionDecision', 'supervisor', 1],
      ['extensionDecision', 'supervisor', 2],
    ]);
  });

  it('holds the unit’s rectification clock at 催办 while the supervisor has not decided; a rejection lets it climb on', async () => {
    t.setNow('2025-03-03T02:00:00.000Z');
    const c = await rectifyingCase(t, DUE);
    await sendOk(t, c.id, 'nc-bureau', request);
    // Tuesday 20 May: far past every threshold of the unit's ladder (督办 +5, 挂牌督办 +15 working days).
    t.setNow('2025-05-20T02:00:00.000Z');
    await sweep(t);
    await sweep(t);
    expect(await levels(c.id, 'rectification')).toEqual([
      { level: 0, target: '360100', status: 'open' },
      { level: 1, target: '360100', status: 'open' },
    ]);
    expect((await read(t, c.id)).escalationLevel).toBe(1);
    // The held clock is parked: a further sweep does not even look at it.
    t.setNow('2025-05-21T02:00:00.000Z');
    const again = await sweep(t);
    expect(again.escalations.fired).toBe(0);

    const rejected = await sendOk(t, c.id, 'nc-supervisor', { type: 'REJECT_EXTENSION', reason: '理由不充分' });
    expect(rejected).toMatchObject({ rectificationDueAt: DUE, extension: { pending: null, decisionClock: null, decisionEscalationLevel: null } });
    expect((await levels(c.id, 'extensionDecision')).map((e) => e.status)).toEqual(['resolved', 'resolved', 'resolved']);
    // The rejection says the old due stands: the unit's clock climbs on from where it was held.
    await sweep(t);
    expect((await levels(c.id, 'rectification')).map((e) => e.level)).toEqual([0, 1, 2, 3]);
    expect((await read(t, c.id)).escalationLevel).toBe(3);
  });

  it('after an approval the unit’s clock runs afresh from the new due, without a hold', async () => {
    t.setNow('2025-03-03T02:00:00.000Z');
    const c = await rectifyingCase(t, DUE);
    await sendOk(t, c.id, 'nc-bureau', request);
    t.setNow('2025-03-10T02:00:00.000Z');
    await sweep(t);
    const approved = await sendOk(t, c.id, 'nc-supervisor', { type: 'APPROVE_EXTENSION', note: '同意' });
    expect(approved).toMatchObject({ rectificationDueAt: request.requestedDueAt, extension: { pending: null, decisionClock: null }, clock: { name: 'rectification', dueAt: request.requestedDueAt } });
    expect((await levels(c.id, 'extensionDecision')).every((e) => e.status === 'resolved')).toBe(true);
    t.setNow('2025-06-30T02:00:00.000Z');
    await sweep(t);
    expect((await levels(c.id, 'rectification')).filter((e) => e.status === 'open').map((e) => e.level)).toEqual([0, 1, 2, 3]);
  });

  it('holds a rectification clock that restarts while the request is still pending (verification failed)', async () => {
    t.setNow('2025-03-03T02:00:00.000Z');
    const c = await rectifyingCase(t, DUE);
    await sendOk(t, c.id, 'nc-bureau', request);
    await sendOk(t, c.id, 'nc-bureau', EVIDENCE);
    // Verifying does not end the request: the decision clock still runs.
    expect((await read(t, c.id)).extension.decisionClock).toMatchObject({ owner: 'supervisor' });
    await sendOk(t, c.id, 'nc-inspector', { type: 'VERIFY_FAIL', reason: '整改不到位，需重新整改' });
    t.setNow('2025-05-20T02:00:00.000Z');
    await sweep(t);
    expect((await levels(c.id, 'rectification')).filter((e) => e.status === 'open').map((e) => e.level)).toEqual([0, 1]);
  });

  it('takes the decision clock from the policy, checked as a whole', async () => {
    const current = await t.http.get('/api/v1/policies').set(await t.auth('admin'));
    expect(current.body.policy.extensionDecision).toMatchObject({ workingDays: 3, holdUnitAtLevel: 1, ladder: [{ level: 0 }, { level: 1 }, { level: 2 }] });
    const bad = await t.http
      .put('/api/v1/policies')
      .set(await t.auth('admin'))
      .send({ ...current.body.policy, extensionDecision: { workingDays: 2, holdUnitAtLevel: 1, ladder: [{ level: 1, name: '催办', offsetWorkingDays: 0, target: 'region' }] } });
    expect(bad.status).toBe(400);
    const unknown = await t.http
      .put('/api/v1/policies')
      .set(await t.auth('admin'))
      .send({ ...current.body.policy, extensionDecision: { ...current.body.policy.extensionDecision, hold: 2 } });
    expect(unknown.status).toBe(400);
    const saved = await t.http
      .put('/api/v1/policies')
      .set(await t.auth('admin'))
      .send({ ...current.body.policy, extensionDecision: { ...current.body.policy.extensionDecision, workingDays: 5 } });
    expect(saved.status).toBe(200);
    t.setNow('2025-03-03T02:00:00.000Z');
    const c = await rectifyingCase(t, DUE);
    await sendOk(t, c.id, 'nc-bureau', request);
    expect((await read(t, c.id)).extension.decisionClock?.dueAt).toBe('2025-03-10T15:59:59.999Z');
  });
});
