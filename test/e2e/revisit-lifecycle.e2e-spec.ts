import { RevisitStartSweepTask } from '@rectify/revisits';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, EVIDENCE, send, sendOk } from '../support/case-factory.js';

const DAY_MS = 24 * 3600 * 1000;
const MINUTE_MS = 60 * 1000;
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

interface Revisit {
  id: string;
  caseId: string;
  caseCode: string;
  campaignId: string | null;
  dueAt: string;
  origin: string;
  status: string;
  startedAt: string | null;
  completedAt: string | null;
  createdAt: string;
}

/** POST /admin/sweep as admin at the current (manual) time; returns what the revisit task did. */
async function sweep(t: TestApp): Promise<{ started: number }> {
  const res = await t.http.post('/api/v1/admin/sweep').set(await t.auth('admin'));
  if (res.status !== 200) throw new Error(`sweep: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.revisits as { started: number };
}

async function revisitsOf(t: TestApp, caseId: string, as = 'nc-inspector'): Promise<Revisit[]> {
  const res = await t.http.get('/api/v1/revisits').query({ caseId, pageSize: 100 }).set(await t.auth(as));
  expect(res.status).toBe(200);
  return res.body.items as Revisit[];
}

async function getCase(t: TestApp, id: string, as = 'nc-inspector') {
  const res = await t.http.get(`/api/v1/cases/${id}`).set(await t.auth(as));
  expect(res.status).toBe(200);
  return res.body as Record<string, unknown> & { stateDetail: string; reboundCount: number; closedAt: string };
}

async function historyOf(t: TestApp, id: string) {
  const res = await t.http.get(`/api/v1/cases/${id}/history`).set(await t.auth('nc-supervisor'));
  expect(res.status).toBe(200);
  return res.body.items as Array<{ type: string; actor: unknown; payload: Record<string, unknown>; from: string; to: string }>;
}

/** rectifying.inProgress → closed again, as the fixture's 南昌 users. */
async function reclose(t: TestApp, id: string) {
  await sendOk(t, id, 'nc-bureau', EVIDENCE);
  await sendOk(t, id, 'nc-inspector', { type: 'VERIFY_PASS', note: '复查整改到位' });
  return sendOk(t, id, 'nc-supervisor', { type: 'CLOSE', note: '再次销号' });
}

describe('回头看: revisits scheduled on closing, started by the sweep, passed or rebound', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it('schedules revisits 90 and 365 days after closing, starts each once when due, and records the outcome', async () => {
    const closed = await caseIn(t, 'closed');
    const closedAt = closed.closedAt as string;
    const scheduled = await revisitsOf(t, closed.id);
    expect(scheduled.map((r) => [r.dueAt, r.origin, r.status])).toEqual([
      [plus(closedAt, 90 * DAY_MS), 'policy', 'scheduled'],
      [plus(closedAt, 365 * DAY_MS), 'policy', 'scheduled'],
    ]);
    expect(scheduled[0]).toMatchObject({ caseId: closed.id, caseCode: closed.code, campaignId: null, startedAt: null, completedAt: null });

    // A minute before the first one falls due, sweeping starts nothing.
    t.setNow(plus(closedAt, 90 * DAY_MS - MINUTE_MS));
    expect(await sweep(t)).toEqual({ started: 0 });
    expect((await getCase(t, closed.id)).stateDetail).toBe('closed');
    expect((await revisitsOf(t, closed.id)).map((r) => r.status)).toEqual(['scheduled', 'scheduled']);

    // Due: several sweeps start it exactly once, as the system.
    const due90 = plus(closedAt, 90 * DAY_MS);
    t.setNow(due90);
    expect(await sweep(t)).toEqual({ started: 1 });
    t.setNow(plus(due90, 3 * MINUTE_MS));
    expect(await sweep(t)).toEqual({ started: 0 });
    expect(await sweep(t)).toEqual({ started: 0 });
    const checking = await getCase(t, closed.id);
    expect(checking).toMatchObject({ state: 'reboundCheck', stateDetail: 'reboundCheck' });
    expect((checking.clock as { name: string }).name).toBe('revisit');
    expect(checking.allowedEvents).toEqual(expect.arrayContaining(['REVISIT_PASS', 'REBOUND_FOUND']));
    const starts = (await historyOf(t, closed.id)).filter((e) => e.type === 'START_REVISIT');
    expect(starts).toHaveLength(1);
    expect(starts[0]!.actor).toEqual({ id: null, username: 'system', role: null, unitId: null });
    const [first, second] = await revisitsOf(t, closed.id);
    expect(first).toMatchObject({ status: 'inProgress', startedAt: due90, completedAt: null });
    expect(second!.status).toBe('scheduled');
    expect(starts[0]!.payload.revisitId).toBe(first!.id);

    // Passing closes the case again; the 365-day revisit stays on the schedule.
    const passedAt = plus(due90, 2 * DAY_MS);
    t.setNow(passedAt);
    const passed = await sendOk(t, closed.id, 'nc-inspector', { type: 'REVISIT_PASS', note: '未发现反弹' });
    expect(passed).toMatchObject({ stateDetail: 'closed', reboundCount: 0, clock: null });
    expect(passed.closedAt).toBe(closedAt);
    expect((await revisitsOf(t, closed.id)).map((r) => [r.status, r.completedAt])).toEqual([
      ['passed', passedAt],
      ['scheduled', null],
    ]);

    // The second one starts a year after closing; a rebound reopens the same case under its lead unit.
    const due365 = plus(closedAt, 365 * DAY_MS);
    t.setNow(due365);
    await sweep(t);
    expect((await getCase(t, closed.id)).stateDetail).toBe('reboundCheck');
    t.setNow(plus(due365, DAY_MS));
    const reopened = await sendOk(t, closed.id, 'nc-inspector', { type: 'REBOUND_FOUND', findings: '回头看发现问题反弹，污水再次直排', rectificationWorkingDays: 30 });
    expect(reopened).toMatchObject({ id: closed.id, code: closed.code, state: 'rectifying', stateDetail: 'rectifying.inProgress', reboundCount: 1 });
    expect((reopened.leadUnit as { id: string }).id).toBe(t.fixture.units.ncEeb);
    expect((reopened.clock as { name: string }).name).toBe('rectification');
    expect((await revisitsOf(t, closed.id)).map((r) => r.status)).toEqual(['passed', 'rebound']);

    const bureau = await getCase(t, closed.id, 'nc-bureau');
    expect(bureau.allowedEvents).toEqual(expect.arrayContaining(['SUBMIT_EVIDENCE', 'REPORT_PROGRESS']));
    const history = await historyOf(t, closed.id);
    expect(history.map((e) => e.type)).toEqual([
      'CREATED', 'ASSIGN', 'ACCEPT', 'SUBMIT_EVIDENCE', 'VERIFY_PASS', 'CLOSE',
      'START_REVISIT', 'REVISIT_PASS', 'START_REVISIT', 'REBOUND_FOUND',
    ]);
    const verify = await t.http.get(`/api/v1/cases/${closed.id}/history/verify`).set(await t.auth('nc-supervisor'));
    expect(verify.body).toMatchObject({ valid: true, length: 10 });
  });

  it('lets a due revisit wait while its case is not closed, and replaces the schedule when the case closes again', async () => {
    const start = plus(t.clock.now().toISOString(), DAY_MS);
    t.setNow(start);
    const c = await caseIn(t, 'closed');
    const firstClose = c.closedAt as string;

    t.setNow(plus(firstClose, 90 * DAY_MS));
    await sweep(t);
    await sendOk(t, c.id, 'nc-inspector', { type: 'REBOUND_FOUND', findings: '回头看发现反弹', rectificationDueAt: plus(firstClose, 500 * DAY_MS) });

    // The 365-day revisit falls due while the case is being rectified again: it waits.
    t.setNow(plus(firstClose, 366 * DAY_MS));
    await sweep(t);
    expect((await getCase(t, c.id)).stateDetail).toBe('rectifying.inProgress');
    expect((await revisitsOf(t, c.id)).map((r) => [r.origin, r.status])).toEqual([
      ['policy', 'rebound'],
      ['policy', 'scheduled'],
    ]);

    // Closing again cancels the leftover and schedules afresh from the new closing instant.
    const again = await reclose(t, c.id);
    const secondClose = again.closedAt as string;
    expect(secondClose).toBe(plus(firstClose, 366 * DAY_MS));
    const afterReclose = await revisitsOf(t, c.id);
    expect(afterReclose.map((r) => [r.dueAt, r.status])).toEqual([
      [plus(firstClose, 90 * DAY_MS), 'rebound'],
      [plus(firstClose, 365 * DAY_MS), 'cancelled'],
      [plus(secondClose, 90 * DAY_MS), 'scheduled'],
      [plus(secondClose, 365 * DAY_MS), 'scheduled'],
    ]);
    expect(afterReclose[1]!.completedAt).toBe(secondClose);

    // The cancelled revisit never starts; the new schedule does.
    await sweep(t);
    expect((await getCase(t, c.id)).stateDetail).toBe('closed');
    t.setNow(plus(secondClose, 90 * DAY_MS));
    await sweep(t);
    expect((await getCase(t, c.id)).stateDetail).toBe('reboundCheck');
    expect((await revisitsOf(t, c.id)).map((r) => r.status)).toEqual(['rebound', 'cancelled', 'inProgress', 'scheduled']);
    expect((await historyOf(t, c.id)).filter((e) => e.type === 'START_REVISIT')).toHaveLength(2);
  });

  it('lets an inspector start an ad hoc revisit (暗访) on a closed case at any time', async () => {
    const c = await caseIn(t, 'closed');
    const closedAt = c.closedAt as string;
    t.setNow(plus(closedAt, 10 * DAY_MS));

    expect((await send(t, c.id, 'nc-supervisor', { type: 'START_REVISIT' })).status).toBe(403);
    expect((await send(t, c.id, 'jj-inspector', { type: 'START_REVISIT' })).status).toBe(404);
    const started = await sendOk(t, c.id, 'nc-inspector', { type: 'START_REVISIT', note: '暗访' });
    expect(started.stateDetail).toBe('reboundCheck');
    const revisits = await revisitsOf(t, c.id);
    expect(revisits.map((r) => [r.origin, r.status])).toEqual([
      ['adhoc', 'inProgress'],
      ['policy', 'scheduled'],
      ['policy', 'scheduled'],
    ]);
    expect(revisits[0]).toMatchObject({ dueAt: plus(closedAt, 10 * DAY_MS), startedAt: plus(closedAt, 10 * DAY_MS) });
    expect((await historyOf(t, c.id)).at(-1)!.actor).toMatchObject({ username: 'nc-inspector' });

    // A second start while it runs is not a transition of reboundCheck.
    expect((await send(t, c.id, 'nc-inspector', { type: 'START_REVISIT' })).status).toBe(409);
    await sendOk(t, c.id, 'nc-inspector', { type: 'REVISIT_PASS' });
    expect((await revisitsOf(t, c.id)).map((r) => [r.origin, r.status])).toEqual([
      ['adhoc', 'passed'],
      ['policy', 'scheduled'],
      ['policy', 'scheduled'],
    ]);
  });

  it('counts an inspector starting a revisit that is already due as that revisit, not an extra one', async () => {
    const c = await caseIn(t, 'closed');
    const closedAt = c.closedAt as string;
    t.setNow(plus(closedAt, 91 * DAY_MS)); // due, not swept yet
    await sendOk(t, c.id, 'nc-inspector', { type: 'START_REVISIT', note: '按期回头看' });
    expect((await revisitsOf(t, c.id)).map((r) => [r.origin, r.status, r.startedAt])).toEqual([
      ['policy', 'inProgress', plus(closedAt, 91 * DAY_MS)],
      ['policy', 'scheduled', null],
    ]);
    await sweep(t);
    expect((await historyOf(t, c.id)).filter((e) => e.type === 'START_REVISIT')).toHaveLength(1);
  });

  it('lists revisits by the visibility of their cases, with filters and pages', async () => {
    const a = await caseIn(t, 'closed');
    const b = await caseIn(t, 'closed');
    const list = async (as: string, query: Record<string, string | number> = {}) =>
      t.http.get('/api/v1/revisits').query(query).set(await t.auth(as));

    const mine = (await list('nc-inspector', { caseId: a.id })).body;
    expect(mine).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect((await list('jx-supervisor', { caseId: a.id })).body.total).toBe(2);
    expect((await list('admin', { caseId: a.id })).body.total).toBe(2);
    expect((await list('nc-bureau', { caseId: a.id })).body.total).toBe(2); // lead unit
    expect((await list('jj-supervisor', { caseId: a.id })).body).toMatchObject({ total: 0, items: [] });
    expect((await list('jj-bureau', { caseId: a.id })).body.total).toBe(0);
    expect((await list('ah-inspector')).body.total).toBe(0);

    const all = (await list('nc-supervisor', { status: 'scheduled', pageSize: 100 })).body;
    expect(all.items.every((r: Revisit) => r.status === 'scheduled')).toBe(true);
    expect(all.items.map((r: Revisit) => r.caseId)).toEqual(expect.arrayContaining([a.id, b.id]));
    const dueAts = all.items.map((r: Revisit) => r.dueAt);
    expect([...dueAts].sort()).toEqual(dueAts);

    const firstDue = plus(a.closedAt as string, 90 * DAY_MS);
    const window = (await list('nc-supervisor', { caseId: a.id, dueFrom: firstDue, dueTo: plus(firstDue, 1) })).body;
    expect(window.items.map((r: Revisit) => r.dueAt)).toEqual([firstDue]);
    const paged = (await list('nc-supervisor', { status: 'scheduled', pageSize: 1, page: 2 })).body;
    expect(paged).toMatchObject({ total: all.total, page: 2, pageSize: 1 });
    expect(paged.items[0].id).toBe(all.items[1].id);

    const bads: Array<Record<string, string | number>> = [{ status: 'done' }, { caseId: 'nope' }, { dueFrom: '2025-01-01' }, { pageSize: 101 }, { page: 0 }, { foo: 'bar' }];
    for (const bad of bads) {
      const res = await list('nc-supervisor', bad);
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
    }
    expect((await t.http.get('/api/v1/revisits')).status).toBe(401);
  });
});

describe('回头看 under concurrent sweeps', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it('starts each due revisit exactly once when sweeps run at the same time', async () => {
    const cases: Array<Awaited<ReturnType<typeof caseIn>>> = [];
    for (let i = 0; i < 4; i++) cases.push(await caseIn(t, 'closed'));
    const closedAt = cases[0]!.closedAt as string;
    const expectStartedOnce = async (index: number) => {
      for (const c of cases) {
        expect((await getCase(t, c.id)).stateDetail).toBe('reboundCheck');
        expect((await historyOf(t, c.id)).filter((e) => e.type === 'START_REVISIT')).toHaveLength(index + 1);
        expect((await revisitsOf(t, c.id)).map((r) => r.status)).toEqual(index === 0 ? ['inProgress', 'scheduled'] : ['passed', 'inProgress']);
      }
    };

    // Three sweeps over HTTP at once.
    t.setNow(plus(closedAt, 90 * DAY_MS));
    const reports = await Promise.all([sweep(t), sweep(t), sweep(t)]);
    expect(reports.reduce((n, r) => n + r.started, 0)).toBe(4);
    await expectStartedOnce(0);
    for (const c of cases) await sendOk(t, c.id, 'nc-inspector', { type: 'REVISIT_PASS' });

    // Three sweepers calling the task directly at once (as separate workers would).
    t.setNow(plus(closedAt, 365 * DAY_MS));
    const task = t.app.get(RevisitStartSweepTask);
    const direct = await Promise.all([task.run(t.clock.now()), task.run(t.clock.now()), task.run(t.clock.now())]);
    expect(direct.reduce((n, r) => n + (r.started ?? 0), 0)).toBe(4);
    await expectStartedOnce(1);
    expect(await sweep(t)).toEqual({ started: 0 });
  });
});
