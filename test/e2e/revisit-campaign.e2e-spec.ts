import { createHmac } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, createCase, EVIDENCE, sendOk } from '../support/case-factory.js';

const DAY_MS = 24 * 3600 * 1000;
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

interface Campaign {
  id: string;
  regionCode: string;
  filter: Record<string, string>;
  seed: string;
  dueAt: string;
  matched: number;
  selected: number;
  caseIds: string[];
  matchedCaseIds?: string[];
  drawMethod: string;
  progress: Record<'scheduled' | 'inProgress' | 'passed' | 'rebound' | 'cancelled', number>;
}

/** The draw as docs/revisits.md tells anyone to re-run it: rank by HMAC-SHA256(seed, caseId), lowest first. */
function redraw(seed: string, matchedIds: string[], k: number): string[] {
  const rank = (id: string) => createHmac('sha256', seed).update(id).digest('hex');
  return [...matchedIds].sort((a, b) => (rank(a) < rank(b) ? -1 : 1)).slice(0, k);
}

/** A closed case in 九江 (360400), walked by the 九江 users. */
async function closedInJiujiang(t: TestApp, overrides: Record<string, unknown> = {}) {
  const c = await createCase(t, { regionCode: '360400', ...overrides }, 'jx-inspector');
  await sendOk(t, c.id, 'jj-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.jjEeb, rectificationWorkingDays: 20 });
  await sendOk(t, c.id, 'jj-bureau', { type: 'ACCEPT' });
  await sendOk(t, c.id, 'jj-bureau', EVIDENCE);
  await sendOk(t, c.id, 'jj-inspector', { type: 'VERIFY_PASS' });
  return sendOk(t, c.id, 'jj-supervisor', { type: 'CLOSE' });
}

async function closedMany(t: TestApp, n: number, overrides: Record<string, unknown>) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await caseIn(t, 'closed', overrides));
  return out;
}

describe('回头看 campaigns (双随机): a seeded, auditable sample of closed cases', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  const sweep = async () => {
    const res = await t.http.post('/api/v1/admin/sweep').set(await t.auth('admin'));
    expect(res.status).toBe(200);
    return res.body.revisits as { started: number };
  };
  const future = (days = 30) => plus(t.clock.now().toISOString(), days * DAY_MS);
  const post = async (as: string, body: unknown) => t.http.post('/api/v1/revisit-campaigns').set(await t.auth(as)).send(body as object);
  const draw = async (as: string, body: Record<string, unknown>): Promise<Campaign> => {
    const res = await post(as, { dueAt: future(), ...body });
    if (res.status !== 201) throw new Error(`campaign: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Campaign;
  };

  it('draws the same cases for the same seed, whatever else is added to the database', async () => {
    const pool = await closedMany(t, 6, { batch: 'det' });
    const poolIds = pool.map((c) => c.id).sort();
    const first = await draw('nc-supervisor', { batch: 'det', sampleSize: 3, seed: '2025-Q2-南昌-双随机' });
    expect(first).toMatchObject({ regionCode: '360100', matched: 6, selected: 3, seed: '2025-Q2-南昌-双随机', drawMethod: 'hmac-sha256-rank/v1' });
    expect(first.filter).toEqual({ regionCode: '360100', batch: 'det' });
    expect(first.matchedCaseIds).toEqual(poolIds);
    expect(first.caseIds).toEqual(redraw('2025-Q2-南昌-双随机', poolIds, 3));
    expect(first.progress).toEqual({ scheduled: 3, inProgress: 0, passed: 0, rebound: 0, cancelled: 0 });

    const again = await draw('nc-supervisor', { batch: 'det', sampleSize: 3, seed: '2025-Q2-南昌-双随机' });
    expect(again.id).not.toBe(first.id);
    expect(again.caseIds).toEqual(first.caseIds);

    // Unrelated cases: still open, another batch, another city.
    await createCase(t, { batch: 'det' });
    await caseIn(t, 'verified', { batch: 'det' });
    await caseIn(t, 'closed', { batch: 'other' });
    await closedInJiujiang(t, { batch: 'det' });
    const later = await draw('nc-supervisor', { batch: 'det', sampleSize: 3, seed: '2025-Q2-南昌-双随机' });
    expect(later).toMatchObject({ matched: 6, caseIds: first.caseIds, matchedCaseIds: poolIds });

    const otherSeed = await draw('nc-supervisor', { batch: 'det', sampleSize: 3, seed: '另一个种子' });
    expect(otherSeed.caseIds).toEqual(redraw('另一个种子', poolIds, 3));

    // The stored campaign says the same as the response did.
    const stored = await t.http.get(`/api/v1/revisit-campaigns/${first.id}`).set(await t.auth('nc-supervisor'));
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ id: first.id, seed: first.seed, matched: 6, selected: 3, caseIds: first.caseIds, matchedCaseIds: poolIds, dueAt: first.dueAt });

    // Each drawn case got a campaign revisit due at dueAt.
    const revisits = await t.http.get('/api/v1/revisits').query({ campaignId: first.id }).set(await t.auth('nc-inspector'));
    expect(revisits.body.total).toBe(3);
    expect(revisits.body.items.map((r: { caseId: string }) => r.caseId).sort()).toEqual([...first.caseIds].sort());
    expect(revisits.body.items.every((r: { origin: string; status: string; dueAt: string }) => r.origin === 'campaign' && r.status === 'scheduled' && r.dueAt === first.dueAt)).toBe(true);
  });

  it('handles sample sizes and rates at their edges', async () => {
    await closedMany(t, 4, { batch: 'edge' });
    const base = { batch: 'edge', seed: 'edge-seed' };
    expect((await draw('nc-supervisor', { ...base, sampleSize: 10 })).selected).toBe(4);
    expect((await draw('nc-supervisor', { ...base, sampleSize: 4 })).selected).toBe(4);
    expect((await draw('nc-supervisor', { ...base, sampleRate: 1 })).selected).toBe(4);
    expect((await draw('nc-supervisor', { ...base, sampleRate: 0.5 })).selected).toBe(2);
    expect((await draw('nc-supervisor', { ...base, sampleRate: 0.3 })).selected).toBe(2); // ⌈1.2⌉
    expect((await draw('nc-supervisor', { ...base, sampleRate: 0.01 })).selected).toBe(1);
    const none = await draw('nc-supervisor', { batch: 'no-such-batch', seed: 's', sampleSize: 5 });
    expect(none).toMatchObject({ matched: 0, selected: 0, caseIds: [] });

    for (const sample of [
      { sampleSize: 0 },
      { sampleSize: -1 },
      { sampleSize: 1.5 },
      { sampleRate: 0 },
      { sampleRate: -0.2 },
      { sampleRate: 1.01 },
      { sampleRate: '0.5' },
      { sampleSize: 2, sampleRate: 0.5 },
      {},
    ]) {
      const res = await post('nc-supervisor', { ...base, dueAt: future(), ...sample });
      expect([JSON.stringify(sample), res.status]).toEqual([JSON.stringify(sample), 400]);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('samples only inside the supervisor’s jurisdiction', async () => {
    await closedInJiujiang(t, { batch: 'juris' });
    await closedMany(t, 2, { batch: 'juris' });
    const body = { batch: 'juris', seed: 'j', sampleRate: 1, dueAt: future() };
    for (const regionCode of ['360400', '360000', '340000']) {
      const res = await post('nc-supervisor', { ...body, regionCode });
      expect([regionCode, res.status]).toEqual([regionCode, 403]);
    }
    const jiujiang = await draw('jj-supervisor', body);
    expect(jiujiang).toMatchObject({ regionCode: '360400', matched: 1 });
    const province = await draw('jx-supervisor', { ...body, regionCode: '360000' });
    expect(province.matched).toBe(3);
    const county = await draw('nc-supervisor', { ...body, regionCode: '360102' }); // below 南昌: allowed, nothing closed there
    expect(county.matched).toBe(0);
    for (const as of ['nc-inspector', 'nc-bureau', 'admin']) expect((await post(as, body)).status).toBe(403);
    expect((await post('nc-supervisor', { ...body, regionCode: '999999' })).status).toBe(400);
    expect((await t.http.post('/api/v1/revisit-campaigns').send(body)).status).toBe(401);
  });

  it('filters by source, category and closing time, and validates the filter', async () => {
    const t0 = t.clock.now().toISOString();
    const early = await closedMany(t, 2, { batch: 'range', category: 'air' });
    t.setNow(plus(t0, 10 * DAY_MS));
    const late = await closedMany(t, 2, { batch: 'range', source: 'petition' });
    const cut = plus(t0, 5 * DAY_MS);
    const ids = (cs: Array<{ id: string }>) => cs.map((c) => c.id).sort();
    const base = { batch: 'range', seed: 'r', sampleRate: 1 };
    expect((await draw('nc-supervisor', { ...base, closedFrom: cut })).matchedCaseIds).toEqual(ids(late));
    expect((await draw('nc-supervisor', { ...base, closedTo: cut })).matchedCaseIds).toEqual(ids(early));
    expect((await draw('nc-supervisor', { ...base, closedFrom: t0, closedTo: plus(t0, 20 * DAY_MS) })).matched).toBe(4);
    expect((await draw('nc-supervisor', { ...base, source: 'petition' })).matchedCaseIds).toEqual(ids(late));
    expect((await draw('nc-supervisor', { ...base, category: 'air' })).matchedCaseIds).toEqual(ids(early));

    const valid = { ...base, dueAt: future() };
    for (const bad of [
      { ...valid, state: 'closed' },
      { ...valid, seed: undefined },
      { ...valid, seed: '   ' },
      { ...valid, dueAt: undefined },
      { ...valid, dueAt: plus(t.clock.now().toISOString(), -60_000) },
      { ...valid, dueAt: t.clock.now().toISOString() },
      { ...valid, dueAt: '2030-01-01' },
      { ...valid, closedFrom: cut, closedTo: cut },
      { ...valid, closedFrom: plus(cut, DAY_MS), closedTo: cut },
      { ...valid, closedFrom: 'yesterday' },
      { ...valid, source: 'rumour' },
      { ...valid, category: 'light' },
      { ...valid, regionCode: '3601' },
      { ...valid, batch: '' },
    ]) {
      const res = await post('nc-supervisor', bad);
      expect([JSON.stringify(bad), res.status]).toEqual([JSON.stringify(bad), 400]);
    }
    expect((await post('nc-supervisor', [valid])).status).toBe(400);
  });

  it('shows each campaign’s progress to those whose jurisdiction holds its region', async () => {
    const pool = await closedMany(t, 3, { batch: 'progress' });
    const campaign = await draw('nc-supervisor', { batch: 'progress', seed: 'p', sampleRate: 1, dueAt: future(5) });
    const [busy, passing, rebounding] = campaign.caseIds.map((id) => pool.find((c) => c.id === id)!);

    // One drawn case is already in a rebound check (an ad hoc revisit) when the campaign falls due: it waits.
    await sendOk(t, busy!.id, 'nc-inspector', { type: 'START_REVISIT', note: '暗访' });
    t.setNow(campaign.dueAt);
    await sweep();
    const get = async (as: string, id = campaign.id) => t.http.get(`/api/v1/revisit-campaigns/${id}`).set(await t.auth(as));
    expect((await get('nc-supervisor')).body.progress).toEqual({ scheduled: 1, inProgress: 2, passed: 0, rebound: 0, cancelled: 0 });

    await sendOk(t, passing!.id, 'nc-inspector', { type: 'REVISIT_PASS' });
    await sendOk(t, rebounding!.id, 'nc-inspector', { type: 'REBOUND_FOUND', findings: '抽查发现问题反弹', rectificationWorkingDays: 15 });
    // The waiting case's own check finds a rebound too: that check answers its campaign revisit, which
    // was already due (docs/revisits.md: one check completes every revisit due) …
    await sendOk(t, busy!.id, 'nc-inspector', { type: 'REBOUND_FOUND', findings: '暗访发现问题反弹', rectificationWorkingDays: 15 });
    await sweep();
    expect((await get('nc-supervisor')).body.progress).toEqual({ scheduled: 0, inProgress: 0, passed: 1, rebound: 2, cancelled: 0 });

    // … so closing it again does not start the campaign's revisit a second time.
    await sendOk(t, busy!.id, 'nc-bureau', EVIDENCE);
    await sendOk(t, busy!.id, 'nc-inspector', { type: 'VERIFY_PASS' });
    await sendOk(t, busy!.id, 'nc-supervisor', { type: 'CLOSE' });
    await sweep();
    const detail = (await get('nc-inspector')).body as Campaign;
    expect(detail.progress).toEqual({ scheduled: 0, inProgress: 0, passed: 1, rebound: 2, cancelled: 0 });
    expect((await t.http.get(`/api/v1/cases/${busy!.id}`).set(await t.auth('nc-inspector'))).body.stateDetail).toBe('closed');

    const listed = async (as: string) => {
      const res = await t.http.get('/api/v1/revisit-campaigns').query({ pageSize: 100 }).set(await t.auth(as));
      expect(res.status).toBe(200);
      return res.body as { items: Campaign[]; total: number; page: number; pageSize: number };
    };
    const forProvince = await listed('jx-supervisor');
    const mine = forProvince.items.find((c) => c.id === campaign.id)!;
    expect(mine.progress).toEqual(detail.progress);
    expect(mine.matchedCaseIds).toBeUndefined();
    expect((await listed('nc-inspector')).items.map((c) => c.id)).toContain(campaign.id);
    expect((await listed('admin')).total).toBe(forProvince.total);
    const jiujiang = await listed('jj-supervisor');
    expect(jiujiang.items.map((c) => c.id)).not.toContain(campaign.id);
    expect(jiujiang.items.every((c) => c.regionCode === '360400')).toBe(true);
    expect((await listed('ah-supervisor')).total).toBe(0);
    const newestFirst = forProvince.items.map((c) => (c as unknown as { createdAt: string }).createdAt);
    expect([...newestFirst].sort().reverse()).toEqual(newestFirst);

    expect((await get('jj-supervisor')).status).toBe(404);
    expect((await get('nc-supervisor', 'not-an-id')).status).toBe(404);
    expect((await get('nc-supervisor', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('nc-bureau')).status).toBe(403);
    expect((await t.http.get('/api/v1/revisit-campaigns').set(await t.auth('nc-bureau'))).status).toBe(403);
  });
});
