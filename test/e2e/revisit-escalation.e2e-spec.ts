import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, sendOk } from '../support/case-factory.js';

const DAY_MS = 24 * 3600 * 1000;
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

interface Escalation {
  caseId: string;
  clock: { name: string };
  level: number;
  targetRegionCode: string;
  status: string;
}

describe('回头看: a forgotten rebound check escalates like any other late work', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  const sweep = async () => {
    const res = await t.http.post('/api/v1/admin/sweep').set(await t.auth('admin'));
    expect(res.status).toBe(200);
    return res.body as { revisits: { started: number } };
  };
  const escalations = async (as: string, caseId: string) => {
    const res = await t.http.get('/api/v1/escalations').query({ caseId, pageSize: 100 }).set(await t.auth(as));
    expect(res.status).toBe(200);
    return (res.body.items as Escalation[]).filter((e) => e.clock.name === 'revisit');
  };

  it('starts the due revisit through POST /admin/sweep, then fires the revisit clock’s ladder while it stays open', async () => {
    const c = await caseIn(t, 'closed');
    t.setNow(plus(c.closedAt as string, 90 * DAY_MS));
    expect((await sweep()).revisits).toEqual({ started: 1 });
    expect((await sweep()).revisits).toEqual({ started: 0 });
    const checking = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('nc-inspector'));
    expect(checking.body.clock).toMatchObject({ name: 'revisit', status: 'onTrack' });
    const revisitDue = checking.body.clock.dueAt as string;
    expect(await escalations('admin', c.id)).toEqual([]);

    // Nobody does the check: past its due the region's supervisors are urged (催办), and so on up the ladder.
    t.setNow(plus(revisitDue, 1000));
    await sweep();
    const urged = await escalations('nc-supervisor', c.id);
    expect(urged.map((e) => e.level).sort()).toEqual([0, 1]); // the warning (预警) went out two working days before
    expect(urged.find((e) => e.level === 1)).toMatchObject({ caseId: c.id, clock: { name: 'revisit' }, targetRegionCode: '360100', status: 'open' });

    t.setNow(plus(revisitDue, 60 * DAY_MS));
    await sweep();
    await sweep();
    const all = await escalations('admin', c.id);
    expect(all.map((e) => e.level).sort()).toEqual([0, 1, 2, 3]);
    const late = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('nc-inspector'));
    expect(late.body).toMatchObject({ stateDetail: 'reboundCheck', escalationLevel: 3, clock: { name: 'revisit', status: 'overdue' } });

    // Doing the check at last resolves them.
    await sendOk(t, c.id, 'nc-inspector', { type: 'REVISIT_PASS', note: '迟到的回头看：未发现反弹' });
    expect((await escalations('admin', c.id)).every((e) => e.status === 'resolved')).toBe(true);
  });
});
