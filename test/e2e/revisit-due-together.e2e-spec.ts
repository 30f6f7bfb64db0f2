import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, sendOk } from '../support/case-factory.js';

const DAY_MS = 24 * 3600 * 1000;
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

/** docs/revisits.md: one check answers every revisit of the case that is due; a source's schedule can be off. */
describe('revisits due at once, and a source without an automatic schedule', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  const sweep = async () => (await t.http.post('/api/v1/admin/sweep').set(await t.auth('admin'))).body.revisits as { started: number };
  const revisitsOf = async (caseId: string) =>
    (await t.http.get('/api/v1/revisits').query({ caseId, pageSize: 100 }).set(await t.auth('nc-inspector'))).body.items as Array<{ status: string; origin: string; dueAt: string; completedAt: string | null }>;
  const campaign = async (seed: string, dueAt: string, batch: string) => {
    const res = await t.http.post('/api/v1/revisit-campaigns').set(await t.auth('nc-supervisor')).send({ batch, sampleRate: 1, seed, dueAt });
    if (res.status !== 201) throw new Error(`campaign: ${res.status} ${JSON.stringify(res.body)}`);
  };

  it('passing one check completes every revisit already due (policy and campaigns); none is started again', async () => {
    const c = await caseIn(t, 'closed', { batch: 'together' });
    const closedAt = c.closedAt as string;
    for (let i = 1; i <= 5; i++) await campaign(`seed-${i}`, plus(closedAt, i * DAY_MS), 'together');
    expect(await revisitsOf(c.id)).toHaveLength(7); // 90 and 365 days (policy) + 5 campaign revisits

    // Nobody swept for 100 days: the 90-day and the five campaign revisits are all due.
    t.setNow(plus(closedAt, 100 * DAY_MS));
    expect(await sweep()).toEqual({ started: 1 });
    await sendOk(t, c.id, 'nc-inspector', { type: 'REVISIT_PASS', note: '现场未反弹' });
    expect(await sweep()).toEqual({ started: 0 });
    expect(await sweep()).toEqual({ started: 0 });
    const after = await revisitsOf(c.id);
    expect(after.filter((r) => r.status === 'passed')).toHaveLength(6);
    expect(after.filter((r) => r.status === 'scheduled').map((r) => r.dueAt)).toEqual([plus(closedAt, 365 * DAY_MS)]);
    const history = (await t.http.get(`/api/v1/cases/${c.id}/history`).set(await t.auth('admin'))).body.items as Array<{ type: string }>;
    expect(history.filter((e) => e.type === 'START_REVISIT')).toHaveLength(1);
  });

  it('a rebound found by one check answers the other due revisits as rebound too', async () => {
    const c = await caseIn(t, 'closed', { batch: 'rebound-together' });
    const closedAt = c.closedAt as string;
    await campaign('r-1', plus(closedAt, DAY_MS), 'rebound-together');
    t.setNow(plus(closedAt, 95 * DAY_MS));
    await sweep();
    await sendOk(t, c.id, 'nc-inspector', { type: 'REBOUND_FOUND', findings: '问题反弹', rectificationWorkingDays: 20 });
    expect((await revisitsOf(c.id)).map((r) => r.status).sort()).toEqual(['rebound', 'rebound', 'scheduled']);
  });

  it('a policy may switch the automatic schedule off for one source; campaigns still reach its cases', async () => {
    const current = (await t.http.get('/api/v1/policies').set(await t.auth('admin'))).body;
    const policy = { ...current.policy, revisit: { afterCloseDays: [90, 365], bySource: { petition: [] } } };
    const put = await t.http.put('/api/v1/policies').set(await t.auth('admin')).send(policy);
    expect(put.status).toBe(200);
    expect(put.body.policy.revisit.bySource).toEqual({ petition: [] });
    // An empty default list is still refused: switching off is per source.
    expect((await t.http.put('/api/v1/policies').set(await t.auth('admin')).send({ ...policy, revisit: { afterCloseDays: [] } })).status).toBe(400);

    const petition = await caseIn(t, 'closed', { source: 'petition', batch: 'off' });
    const routine = await caseIn(t, 'closed', { source: 'routine', batch: 'off' });
    expect(await revisitsOf(petition.id)).toEqual([]);
    expect(await revisitsOf(routine.id)).toHaveLength(2);
    await campaign('off-1', plus(t.clock.now().toISOString(), 10 * DAY_MS), 'off');
    expect((await revisitsOf(petition.id)).map((r) => r.origin)).toEqual(['campaign']);
  });
});
