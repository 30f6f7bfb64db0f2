import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, createCase, sendOk } from '../support/case-factory.js';
import { sweep } from './escalation-test-helpers.js';

describe('GET /cases: filters, pagination and sorting', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    ids.water = (await createCase(t, { category: 'water', source: 'audit', batch: '2020-审计', title: '赣江支流水质超标' })).id;
    ids.air = (await createCase(t, { category: 'air', source: 'routine', batch: '2020-暗访', title: '工地扬尘' })).id;
    ids.county = (await createCase(t, { regionCode: '360102', category: 'soil', title: '东湖区土壤污染' })).id;
    ids.jiujiang = (await createCase(t, { regionCode: '360400', category: 'water', title: '九江长江岸线堆放' })).id;
    ids.assigned = (await caseIn(t, 'assigned', { title: '已交办问题', category: 'noise' })).id;
    ids.rectifying = (await caseIn(t, 'rectifying.inProgress', { title: '整改中问题', category: 'noise' })).id;
    ids.closed = (await caseIn(t, 'closed', { title: '已销号问题', category: 'noise' })).id;
    for (let i = 0; i < 25; i++) await createCase(t, { regionCode: '340000', title: `安徽问题 ${i}` }, 'ah-inspector');
  });
  afterAll(async () => t.close());

  const list = async (query: string, as = 'jx-supervisor') => {
    const res = await t.http.get(`/api/v1/cases${query}`).set(await t.auth(as));
    expect(res.status).toBe(200);
    return res.body as { items: Array<{ id: string; [k: string]: unknown }>; total: number; page: number; pageSize: number };
  };

  it('filters by state, top-level or detail', async () => {
    expect((await list('?state=rectifying')).items.map((c) => c.id)).toEqual([ids.rectifying]);
    expect((await list('?state=rectifying.inProgress')).items.map((c) => c.id)).toEqual([ids.rectifying]);
    expect((await list('?state=closed')).items.map((c) => c.id)).toEqual([ids.closed]);
  });

  it('filters by source, category, batch and text', async () => {
    expect((await list('?source=audit')).items.map((c) => c.id)).toEqual([ids.water]);
    expect((await list('?category=water')).items.map((c) => c.id).sort()).toEqual([ids.water, ids.jiujiang].sort());
    expect((await list(`?batch=${encodeURIComponent('2020-暗访')}`)).items.map((c) => c.id)).toEqual([ids.air]);
    expect((await list(`?q=${encodeURIComponent('长江')}`)).items.map((c) => c.id)).toEqual([ids.jiujiang]);
    expect((await list('?q=100%25')).total).toBe(0);
  });

  it('regionCode includes its subtree and never widens the caller view', async () => {
    expect((await list('?regionCode=360100')).items.map((c) => c.id)).toContain(ids.county);
    expect((await list('?regionCode=360100')).items.map((c) => c.id)).not.toContain(ids.jiujiang);
    expect((await list('?regionCode=340000')).total).toBe(0);
    expect((await list('?regionCode=360000', 'nc-supervisor')).items.map((c) => c.id)).not.toContain(ids.jiujiang);
  });

  it('paginates with a stable total, pageSize at most 100', async () => {
    const first = await list('?pageSize=10&page=1&sort=createdAt', 'ah-supervisor');
    const third = await list('?pageSize=10&page=3&sort=createdAt', 'ah-supervisor');
    expect(first).toMatchObject({ total: 25, page: 1, pageSize: 10 });
    expect(first.items).toHaveLength(10);
    expect(third.items).toHaveLength(5);
    expect(first.items[0]!.title).toBe('安徽问题 0');
    const desc = await list('?pageSize=1&sort=-createdAt', 'ah-supervisor');
    expect(desc.items[0]!.title).toBe('安徽问题 24');
    for (const bad of ['?pageSize=101', '?pageSize=0', '?page=0', '?page=x', '?sort=title', '?state=nope', '?overdue=maybe', '?regionCode=1', '?bogus=1']) {
      const res = await t.http.get(`/api/v1/cases${bad}`).set(await t.auth('ah-supervisor'));
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
  });

  it('overdue and sort by the running clock due', async () => {
    expect((await list('?overdue=true')).total).toBe(0);
    // 4 working days later the 3-working-day assignment clocks of the reported cases are overdue
    t.setNow('2025-03-07T16:30:00.000Z');
    const overdue = await list('?overdue=true&sort=dueAt&pageSize=100');
    expect(overdue.items.map((c) => c.id)).toEqual(expect.arrayContaining([ids.water, ids.air, ids.county, ids.jiujiang]));
    expect(overdue.items.every((c) => (c.clock as { status: string }).status === 'overdue')).toBe(true);
    const byDue = await list('?sort=dueAt&pageSize=100');
    const dues = byDue.items.filter((c) => c.clock).map((c) => (c.clock as { dueAt: string }).dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(byDue.items.at(-1)!.clock).toBeNull(); // the closed case has no clock and sorts last
    const notOverdue = await list('?overdue=false&pageSize=100');
    expect(notOverdue.items.map((c) => c.id)).toContain(ids.closed);
    t.setNow('2025-03-03T02:00:00.000Z');
  });

  it('shows each case as GET /cases/:id does, after it changes and after the sweep escalates it', async () => {
    const id = (await createCase(t, { regionCode: '360400', title: '列表一致性检查' })).id;
    const listed = async () => (await list(`?q=${encodeURIComponent('列表一致性检查')}`)).items;
    const single = async () => (await t.http.get(`/api/v1/cases/${id}`).set(await t.auth('jx-supervisor'))).body;
    expect(await listed()).toEqual([await single()]);
    await sendOk(t, id, 'jx-supervisor', { type: 'WITHDRAW', reason: '重复登记' });
    expect(await listed()).toEqual([await single()]);
    expect((await listed())[0]).toMatchObject({ state: 'withdrawn', version: 2 });

    const late = (await createCase(t, { regionCode: '360400', title: '列表升级检查' })).id;
    const lateListed = async () => (await list(`?q=${encodeURIComponent('列表升级检查')}`)).items[0]!;
    expect(await lateListed()).toMatchObject({ id: late, escalationLevel: null });
    t.setNow('2025-03-12T02:00:00.000Z'); // past the 3-working-day assignment clock: the sweep fires, the case row is untouched
    await sweep(t);
    const escalated = await lateListed();
    expect(escalated.escalationLevel).not.toBeNull();
    expect(escalated).toEqual((await t.http.get(`/api/v1/cases/${late}`).set(await t.auth('jx-supervisor'))).body);
    t.setNow('2025-03-03T02:00:00.000Z');
  });
});
