import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, createCase, EVIDENCE, send, sendOk } from '../support/case-factory.js';
import { sweep } from './escalation-test-helpers.js';

interface Item {
  id: string;
  kind: string;
  caseId: string;
  caseCode: string;
  message: string;
  read: boolean;
}

async function bell(t: TestApp, as: string, query: Record<string, string | number> = {}) {
  const res = await t.http.get('/api/v1/notifications').query({ pageSize: 100, ...query }).set(await t.auth(as));
  if (res.status !== 200) throw new Error(`notifications as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { items: Item[]; total: number; unreadCount: number; page: number; pageSize: number };
}

/** The kinds `as` was told about one case, oldest first. */
async function kindsFor(t: TestApp, as: string, caseId: string): Promise<string[]> {
  return (await bell(t, as)).items.filter((n) => n.caseId === caseId).map((n) => n.kind).reverse();
}

describe('in-app notifications', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('ASSIGN tells the lead unit and the co-unit, nobody else, and not the assigner', async () => {
    const c = await createCase(t);
    await sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, coUnitIds: [t.fixture.units.dhGov] });
    expect(await kindsFor(t, 'nc-bureau', c.id)).toEqual(['assigned']);
    expect(await kindsFor(t, 'dh-bureau', c.id)).toEqual(['co_assigned']);
    for (const other of ['jj-bureau', 'ah-bureau', 'nc-supervisor', 'nc-inspector', 'admin']) expect(await kindsFor(t, other, c.id)).toEqual([]);
    const item = (await bell(t, 'nc-bureau')).items.find((n) => n.caseId === c.id)!;
    expect(item.message).toContain(String(c.code));
    expect(item.read).toBe(false);
  });

  it('each cause reaches the people who act on it next', async () => {
    // returned → supervisors of the case's region
    const returned = await caseIn(t, 'assigned');
    await sendOk(t, returned.id, 'nc-bureau', { type: 'RETURN', reason: '不属于本单位职责范围' });
    expect(await kindsFor(t, 'nc-supervisor', returned.id)).toEqual(['returned']);

    // extension requested → supervisors; decided → the lead unit; evidence → inspectors; failed → the lead unit
    const c = await caseIn(t, 'rectifying.inProgress');
    const requested = new Date(Date.parse(String((await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('admin'))).body.rectificationDueAt)) + 10 * 86400_000).toISOString();
    await sendOk(t, c.id, 'nc-bureau', { type: 'REQUEST_EXTENSION', requestedDueAt: requested, reason: '汛期施工受限' });
    expect(await kindsFor(t, 'nc-supervisor', c.id)).toEqual(['extension_requested']);
    await sendOk(t, c.id, 'nc-supervisor', { type: 'APPROVE_EXTENSION', note: '同意' });
    await sendOk(t, c.id, 'nc-bureau', { type: 'REQUEST_EXTENSION', requestedDueAt: new Date(Date.parse(requested) + 86400_000).toISOString(), reason: '再次申请' });
    await sendOk(t, c.id, 'nc-supervisor', { type: 'REJECT_EXTENSION', reason: '理由不充分' });
    await sendOk(t, c.id, 'nc-bureau', EVIDENCE);
    await sendOk(t, c.id, 'nc-inspector', { type: 'VERIFY_FAIL', reason: '现场仍有污水' });
    expect(await kindsFor(t, 'nc-bureau', c.id)).toEqual(['assigned', 'extension_approved', 'extension_rejected', 'verification_failed']);
    expect(await kindsFor(t, 'nc-supervisor', c.id)).toEqual(['extension_requested', 'extension_requested']);
    // the inspector who failed it was also told of the evidence (by another user)
    expect(await kindsFor(t, 'nc-inspector', c.id)).toEqual(['evidence_submitted']);
    expect((await bell(t, 'nc-bureau')).items.find((n) => n.kind === 'extension_approved')!.message).toContain(requested.slice(0, 10));

    // revisit started by another inspector → inspectors of the region; rebound → the lead unit and supervisors
    const closed = await caseIn(t, 'closed');
    await sendOk(t, closed.id, 'jx-inspector', { type: 'START_REVISIT' });
    expect(await kindsFor(t, 'nc-inspector', closed.id)).toContain('revisit_started');
    await sendOk(t, closed.id, 'jx-inspector', { type: 'REBOUND_FOUND', findings: '污水再次直排', rectificationWorkingDays: 10 });
    expect((await kindsFor(t, 'nc-bureau', closed.id)).at(-1)).toBe('rebound_found');
    expect((await kindsFor(t, 'nc-supervisor', closed.id)).at(-1)).toBe('rebound_found');
  });

  it('read, read-all and the unread filter; another user’s notification is 404', async () => {
    const before = await bell(t, 'dh-bureau');
    expect(before.unreadCount).toBeGreaterThan(0);
    const first = before.items[0]!;
    const read = await t.http.post(`/api/v1/notifications/${first.id}/read`).set(await t.auth('dh-bureau'));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: first.id, read: true });
    const again = await t.http.post(`/api/v1/notifications/${first.id}/read`).set(await t.auth('dh-bureau'));
    expect(again.body.readAt).toBe(read.body.readAt);
    const after = await bell(t, 'dh-bureau');
    expect(after.unreadCount).toBe(before.unreadCount - 1);
    expect((await bell(t, 'dh-bureau', { unread: 'true' })).items.map((n) => n.id)).not.toContain(first.id);

    for (const id of [first.id, 'not-an-id', '00000000-0000-4000-8000-000000000000']) {
      const res = await t.http.post(`/api/v1/notifications/${id}/read`).set(await t.auth('jj-bureau'));
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    }
    expect((await t.http.get('/api/v1/notifications?unread=maybe').set(await t.auth('dh-bureau'))).status).toBe(400);

    const all = await t.http.post('/api/v1/notifications/read-all').set(await t.auth('dh-bureau'));
    expect(all.body).toEqual({ marked: after.unreadCount, unreadCount: 0 });
    expect((await bell(t, 'dh-bureau', { unread: 'true' })).items).toEqual([]);
    // read marks are per user: the lead unit's other users keep theirs (nc-bureau is unaffected)
    expect((await bell(t, 'nc-bureau')).unreadCount).toBeGreaterThan(0);
  });

  it('paging: total, page and pageSize', async () => {
    const all = await bell(t, 'nc-bureau');
    const page2 = await bell(t, 'nc-bureau', { page: 2, pageSize: 2 });
    expect(page2.total).toBe(all.total);
    expect(page2.items.map((n) => n.id)).toEqual(all.items.slice(2, 4).map((n) => n.id));
  });

  it('escalations notify the level’s target once, whatever the number of sweeps (repeated, concurrent, retried)', async () => {
    const unassigned = await createCase(t); // nobody leads it: level 0 goes to the region's supervisors
    const rectifying = await caseIn(t, 'rectifying.inProgress');
    t.setNow('2025-06-30T02:00:00.000Z'); // every level of both clocks has passed
    await Promise.all([sweep(t), sweep(t), sweep(t), sweep(t)]);
    await sweep(t);

    const levels = async (as: string, caseId: string) =>
      (await bell(t, as)).items.filter((n) => n.caseId === caseId && n.kind === 'escalation').map((n) => n.message).sort();
    expect((await levels('nc-supervisor', unassigned.id)).length).toBe(2); // 预警 (no lead unit) + 催办
    expect((await levels('jx-supervisor', unassigned.id)).length).toBe(2); // 督办 (parent) + 挂牌督办 (province)
    expect(await levels('nc-bureau', unassigned.id)).toEqual([]);
    const warned = await levels('nc-bureau', rectifying.id);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('预警');
    expect((await levels('nc-supervisor', rectifying.id)).length).toBe(1);
    expect(await levels('ah-supervisor', rectifying.id)).toEqual([]);

    // A sweep that runs again over levels already fired (its clocks put back, as if its first run had
    // recorded escalations but not moved the clocks on) adds no notification.
    const count = async () => Number((await t.db.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM notifications'))!.n);
    const before = await count();
    await t.db.run("UPDATE clocks SET next_level = 0, next_threshold_at = '2025-01-01T00:00:00.000Z' WHERE ended_at IS NULL");
    await sweep(t);
    expect(await count()).toBe(before);
    const duplicates = await t.db.all('SELECT recipient, cause, COUNT(*) AS n FROM notifications GROUP BY recipient, cause HAVING COUNT(*) > 1');
    expect(duplicates).toEqual([]);
  });

  it('a refused transition writes no notification', async () => {
    const c = await createCase(t);
    const count = async () => Number((await t.db.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM notifications'))!.n);
    const before = await count();
    const res = await send(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ahEeb });
    expect(res.status).toBe(400);
    expect(await count()).toBe(before);
  });
});
