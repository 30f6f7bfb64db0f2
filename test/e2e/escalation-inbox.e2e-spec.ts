import { startTestApp, type TestApp } from '../support/test-app.js';
import { EVIDENCE, sendOk } from '../support/case-factory.js';
import { expectError, inbox, rectifyingCase, sweep, type InboxItem } from './escalation-test-helpers.js';

/**
 * Three late cases, every level fired (default ladder):
 *   A 东湖区 360102, led by 南昌市生态环境局 (360100): L0 → 360100 + unit, L1 → 360102, L2 → 360100, L3 → 360000
 *   B 九江市 360400, led by 九江市生态环境局:          L0 → 360400 + unit, L1 → 360400, L2 → 360000, L3 → 360000
 *   C 安徽省 340000, led by 安徽省生态环境厅:          L0 → 340000 + unit, L1 → 340000, L2 → 100000, L3 → 340000
 */
describe('the escalation inbox', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  let c: string;
  const key = (i: InboxItem) => `${i.caseId === a ? 'A' : i.caseId === b ? 'B' : 'C'}${i.level}`;
  const keysFor = async (as: string, query: Record<string, string | number> = {}) => (await inbox(t, as, query)).items.map(key).sort();

  beforeAll(async () => {
    t = await startTestApp({ start: '2025-03-03T02:00:00.000Z' });
    const due = '2025-03-14T15:59:59.999Z';
    a = (await rectifyingCase(t, due, { regionCode: '360102' })).id;
    b = (await rectifyingCase(t, due, { regionCode: '360400', leadUnitId: t.fixture.units.jjEeb, assigner: 'jj-supervisor', acceptor: 'jj-bureau' })).id;
    c = (
      await rectifyingCase(t, due, {
        regionCode: '340000',
        leadUnitId: t.fixture.units.ahEeb,
        creator: 'ah-inspector',
        assigner: 'ah-supervisor',
        acceptor: 'ah-bureau',
      })
    ).id;
    t.setNow('2025-06-02T02:00:00.000Z');
    expect((await sweep(t)).escalations.fired).toBe(12);
  });
  afterAll(async () => t.close());

  it('shows each role and region what targets it', async () => {
    expect(await keysFor('admin')).toEqual(['A0', 'A1', 'A2', 'A3', 'B0', 'B1', 'B2', 'B3', 'C0', 'C1', 'C2', 'C3']);
    // Provincial supervisors: levels 1+ anywhere in the province, warnings only to units of their own region.
    expect(await keysFor('jx-supervisor')).toEqual(['A1', 'A2', 'A3', 'B1', 'B2', 'B3']);
    expect(await keysFor('ah-supervisor')).toEqual(['C0', 'C1', 'C3']); // C2 went to the nation
    expect(await keysFor('nc-supervisor')).toEqual(['A0', 'A1', 'A2']);
    expect(await keysFor('jj-supervisor')).toEqual(['B0', 'B1']);
    // Bureaus: the warnings (预警) to their own unit.
    expect(await keysFor('nc-bureau')).toEqual(['A0']);
    expect(await keysFor('jj-bureau')).toEqual(['B0']);
    expect(await keysFor('dh-bureau')).toEqual([]);
    expect(await keysFor('ah-bureau')).toEqual(['C0']);
  });

  it('refuses inspectors and anonymous callers with the error shape', async () => {
    expectError(await t.http.get('/api/v1/escalations').set(await t.auth('nc-inspector')), 403, 'FORBIDDEN');
    expectError(await t.http.get('/api/v1/escalations'), 401);
  });

  it('filters by status, level and case, and paginates', async () => {
    expect(await keysFor('admin', { level: 2 })).toEqual(['A2', 'B2', 'C2']);
    expect(await keysFor('admin', { caseId: b })).toEqual(['B0', 'B1', 'B2', 'B3']);
    expect(await keysFor('jx-supervisor', { caseId: c })).toEqual([]);
    expect(await keysFor('admin', { status: 'resolved' })).toEqual([]);
    const page1 = await inbox(t, 'admin', { pageSize: 5, page: 1 });
    const page3 = await inbox(t, 'admin', { pageSize: 5, page: 3 });
    expect(page1).toMatchObject({ total: 12, page: 1, pageSize: 5 });
    expect(page1.items).toHaveLength(5);
    expect(page3.items).toHaveLength(2);
    const all = [...page1.items, ...(await inbox(t, 'admin', { pageSize: 5, page: 2 })).items, ...page3.items];
    expect(new Set(all.map((i) => i.id)).size).toBe(12);
    const defaults = await t.http.get('/api/v1/escalations').set(await t.auth('admin'));
    expect(defaults.body).toMatchObject({ total: 12, page: 1, pageSize: 20 });
  });

  it('rejects bad filters with 400 and the error shape', async () => {
    for (const query of [{ status: 'late' }, { level: 'two' }, { level: -1 }, { caseId: 'not-a-uuid' }, { pageSize: 101 }, { page: 0 }, { sort: 'level' }]) {
      expectError(await t.http.get('/api/v1/escalations').query(query).set(await t.auth('admin')), 400, 'VALIDATION_FAILED');
    }
  });

  it('lets a supervisor whose jurisdiction holds the target acknowledge it, once, recording who and when', async () => {
    const [a1] = (await inbox(t, 'nc-supervisor', { caseId: a, level: 1 })).items;
    const ackAt = '2025-06-02T03:00:00.000Z';
    t.setNow(ackAt);
    const res = await t.http.post(`/api/v1/escalations/${a1!.id}/acknowledge`).set(await t.auth('nc-supervisor'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: a1!.id, status: 'acknowledged', acknowledgedBy: { id: expect.any(String), username: 'nc-supervisor', role: 'supervisor', unitId: null }, acknowledgedAt: ackAt });
    expect((await inbox(t, 'jx-supervisor', { caseId: a, level: 1 })).items[0]).toMatchObject({ status: 'acknowledged', acknowledgedBy: { username: 'nc-supervisor' } });
    expect(await keysFor('admin', { status: 'acknowledged' })).toEqual(['A1']);
    expect(await keysFor('nc-supervisor', { status: 'open' })).toEqual(['A0', 'A2']);

    // Again, by someone else above: nothing changes, the first acknowledgement stands.
    t.setNow('2025-06-02T04:00:00.000Z');
    const again = await t.http.post(`/api/v1/escalations/${a1!.id}/acknowledge`).set(await t.auth('jx-supervisor'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: { username: 'nc-supervisor' }, acknowledgedAt: ackAt });
  });

  it('answers 404 for what the caller cannot see, 403 for roles that cannot acknowledge', async () => {
    const [a1] = (await inbox(t, 'admin', { caseId: a, level: 1 })).items;
    const [a0] = (await inbox(t, 'admin', { caseId: a, level: 0 })).items;
    const [c2] = (await inbox(t, 'admin', { caseId: c, level: 2 })).items;
    const ack = async (id: string, as: string) => t.http.post(`/api/v1/escalations/${id}/acknowledge`).set(await t.auth(as));
    expectError(await ack(a1!.id, 'jj-supervisor'), 404, 'NOT_FOUND'); // 东湖区 is outside 九江
    expectError(await ack(a1!.id, 'ah-supervisor'), 404, 'NOT_FOUND');
    expectError(await ack(a0!.id, 'jx-supervisor'), 404, 'NOT_FOUND'); // a warning to a 南昌 unit: not the province's inbox
    expectError(await ack(c2!.id, 'ah-supervisor'), 404, 'NOT_FOUND'); // went to the nation
    expectError(await ack('00000000-0000-4000-8000-000000000000', 'nc-supervisor'), 404, 'NOT_FOUND');
    expectError(await ack('nope', 'nc-supervisor'), 404, 'NOT_FOUND');
    expectError(await ack(a0!.id, 'nc-bureau'), 403, 'FORBIDDEN'); // visible to the unit, acknowledged by supervisors
    expectError(await ack(a0!.id, 'dh-bureau'), 404, 'NOT_FOUND');
    expectError(await ack(a0!.id, 'admin'), 403, 'FORBIDDEN');
    expectError(await ack(a0!.id, 'nc-inspector'), 403, 'FORBIDDEN');
    expectError(await t.http.post(`/api/v1/escalations/${a0!.id}/acknowledge`), 401);
  });

  it('resolves acknowledged and open escalations alike when the case moves on; a resolved one cannot be acknowledged (409)', async () => {
    const resolvedAt = '2025-06-03T02:00:00.000Z';
    t.setNow(resolvedAt);
    await sendOk(t, a, 'nc-bureau', EVIDENCE);
    const items = (await inbox(t, 'admin', { caseId: a })).items;
    expect(items.map((i) => [key(i), i.status, i.resolvedAt]).sort()).toEqual([
      ['A0', 'resolved', resolvedAt],
      ['A1', 'resolved', resolvedAt],
      ['A2', 'resolved', resolvedAt],
      ['A3', 'resolved', resolvedAt],
    ]);
    const a1 = items.find((i) => i.level === 1)!;
    expect(a1.acknowledgedBy?.username).toBe('nc-supervisor'); // who acknowledged stays on record
    const a2 = items.find((i) => i.level === 2)!;
    expectError(await t.http.post(`/api/v1/escalations/${a2.id}/acknowledge`).set(await t.auth('nc-supervisor')), 409, 'CONFLICT');
    expect(await keysFor('nc-supervisor', { status: 'open' })).toEqual([]);
  });
});
