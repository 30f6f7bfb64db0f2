import { startTestApp, type TestApp } from '../support/test-app.js';
import { EVIDENCE, sendOk } from '../support/case-factory.js';
import { expectError, getCase, inbox, MINUTE, rectifyingCase, shift, sweep } from './escalation-test-helpers.js';

/**
 * The 2025 National Day holiday: days off 10-01..10-08, make-up working days Sunday 09-28 and
 * Saturday 10-11. A rectification due at the end of Tuesday 09-30 climbs the default ladder:
 *   0 预警  −2 → end of Sunday 09-28 (09-29 Mon, then the make-up Sunday)
 *   1 催办   0 → the due itself, 09-30 23:59:59.999 +08:00
 *   2 督办  +5 → end of 10-14 (10-09, 10-10, make-up Sat 10-11, 10-13, 10-14)
 *   3 挂牌 +15 → end of 10-28
 */
const DUE = '2025-09-30T15:59:59.999Z';
const THRESHOLDS = ['2025-09-28T15:59:59.999Z', DUE, '2025-10-14T15:59:59.999Z', '2025-10-28T15:59:59.999Z'];

describe('the escalation ladder over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ start: '2025-09-01T02:00:00.000Z' })));
  afterAll(async () => t.close());

  it('fires every level exactly at its threshold across the holiday and make-up days, each once, to the right targets', async () => {
    // A 东湖区 (county) case led by the 南昌 (city) bureau: every level lands somewhere different.
    const c = await rectifyingCase(t, DUE, { regionCode: '360102' });
    expect((await getCase(t, c.id)).clock).toMatchObject({ name: 'rectification', dueAt: DUE, status: 'onTrack' });
    const expected = [
      { level: 0, name: '预警 warning', targetRegionCode: '360100', targetUnitId: t.fixture.units.ncEeb },
      { level: 1, name: '催办 urge', targetRegionCode: '360102', targetUnitId: null },
      { level: 2, name: '督办 supervise', targetRegionCode: '360100', targetUnitId: null },
      { level: 3, name: '挂牌督办 listed', targetRegionCode: '360000', targetUnitId: null },
    ];
    const statusAfter = ['warning', 'overdue', 'overdue', 'overdue'];

    for (const [level, threshold] of THRESHOLDS.entries()) {
      t.setNow(shift(threshold, -MINUTE));
      expect((await sweep(t)).escalations.fired).toBe(0);
      expect((await inbox(t, 'admin', { caseId: c.id })).total).toBe(level);

      const firedAt = shift(threshold, MINUTE);
      t.setNow(firedAt);
      const report = await sweep(t);
      expect(report).toMatchObject({ at: firedAt, escalations: { fired: 1 } });
      const { items, total } = await inbox(t, 'admin', { caseId: c.id, level });
      expect(total).toBe(1);
      expect(items[0]).toMatchObject({
        ...expected[level],
        caseId: c.id,
        caseCode: expect.stringMatching(/^360102-2025-\d{5}$/),
        clock: { name: 'rectification', label: '整改时限', owner: 'unit', ownerLabel: '责任单位', dueAt: DUE, status: statusAfter[level], provisional: false },
        dueAt: DUE,
        thresholdAt: threshold,
        firedAt,
        status: 'open',
        acknowledgedBy: null,
        resolvedAt: null,
      });
      const view = await getCase(t, c.id);
      expect(view.escalationLevel).toBe(level);
      expect(view.clock?.status).toBe(statusAfter[level]);
      // the inbox shows the clock in the case's own clock shape, the same values
      expect(items[0]!.clock).toEqual(view.clock);

      // Sweeping again at the same instant, or a little later, fires nothing twice.
      expect((await sweep(t)).escalations.fired).toBe(0);
      t.setNow(shift(firedAt, 10 * MINUTE));
      expect((await sweep(t)).escalations.fired).toBe(0);
    }
    t.setNow('2026-06-01T00:00:00.000Z');
    expect((await sweep(t)).escalations).toMatchObject({ fired: 0, clocks: 0 });
    expect((await inbox(t, 'admin', { caseId: c.id })).total).toBe(4);
  });

  it('shows the running clock as onTrack, warning, then overdue, and lists and sorts cases by it', async () => {
    t.setNow('2025-09-01T02:00:00.000Z');
    const early = await rectifyingCase(t, '2025-09-30T15:59:59.999Z');
    const late = await rectifyingCase(t, '2025-10-31T15:59:59.999Z');
    expect((await getCase(t, early.id)).clock?.status).toBe('onTrack');

    t.setNow('2025-09-29T02:00:00.000Z'); // past the warning threshold (end of 09-28), before the due
    expect((await getCase(t, early.id)).clock?.status).toBe('warning');
    expect((await getCase(t, late.id)).clock?.status).toBe('onTrack');

    t.setNow('2025-10-09T02:00:00.000Z');
    expect((await getCase(t, early.id)).clock?.status).toBe('overdue');
    const overdue = await t.http.get('/api/v1/cases').query({ overdue: 'true', pageSize: 100 }).set(await t.auth('admin'));
    const overdueIds = overdue.body.items.map((i: { id: string }) => i.id);
    expect(overdueIds).toContain(early.id);
    expect(overdueIds).not.toContain(late.id);
    for (const item of overdue.body.items) expect(item.clock.status).toBe('overdue');
    const notOverdue = await t.http.get('/api/v1/cases').query({ overdue: 'false', pageSize: 100 }).set(await t.auth('admin'));
    expect(notOverdue.body.items.map((i: { id: string }) => i.id)).toContain(late.id);

    const sorted = await t.http.get('/api/v1/cases').query({ sort: 'dueAt', pageSize: 100 }).set(await t.auth('admin'));
    const dues = sorted.body.items.filter((i: { clock: unknown }) => i.clock).map((i: { clock: { dueAt: string } }) => i.clock.dueAt);
    expect(dues).toEqual([...dues].sort());
    const ids = sorted.body.items.map((i: { id: string }) => i.id);
    expect(ids.indexOf(early.id)).toBeLessThan(ids.indexOf(late.id));
    const reversed = await t.http.get('/api/v1/cases').query({ sort: '-dueAt', pageSize: 100 }).set(await t.auth('admin'));
    const reversedIds = reversed.body.items.map((i: { id: string }) => i.id);
    expect(reversedIds.indexOf(late.id)).toBeLessThan(reversedIds.indexOf(early.id));
  });

  it('catches up after downtime: one sweep fires every level whose threshold passed', async () => {
    t.setNow('2025-09-01T02:00:00.000Z');
    const c = await rectifyingCase(t, DUE, { regionCode: '360102' });
    t.setNow('2025-09-27T00:00:00.000Z');
    await sweep(t);
    expect((await inbox(t, 'admin', { caseId: c.id })).total).toBe(0);

    const backAt = '2025-11-03T01:00:00.000Z'; // the service was down through every threshold
    t.setNow(backAt);
    await sweep(t);
    const { items } = await inbox(t, 'admin', { caseId: c.id });
    expect(items.map((i) => i.level).sort()).toEqual([0, 1, 2, 3]);
    for (const item of items) {
      expect(item.firedAt).toBe(backAt);
      expect(item.thresholdAt).toBe(THRESHOLDS[item.level]);
    }
    expect((await getCase(t, c.id)).escalationLevel).toBe(3);
    expect((await sweep(t)).escalations.fired).toBe(0);
  });

  it('resolves the clock’s open escalations when the case leaves the state, and starts the next clock fresh', async () => {
    t.setNow('2025-09-01T02:00:00.000Z');
    const c = await rectifyingCase(t, DUE);
    t.setNow('2025-10-15T02:00:00.000Z'); // past levels 0, 1 and 2
    await sweep(t);
    const before = await inbox(t, 'admin', { caseId: c.id });
    expect(before.items.map((i) => i.status)).toEqual(['open', 'open', 'open']);

    const leftAt = '2025-10-15T03:00:00.000Z';
    t.setNow(leftAt);
    const submitted = await sendOk(t, c.id, 'nc-bureau', EVIDENCE);
    expect(submitted.stateDetail).toBe('rectifying.awaitingVerification');
    const after = await inbox(t, 'admin', { caseId: c.id });
    expect(after.items.map((i) => [i.status, i.resolvedAt])).toEqual([
      ['resolved', leftAt],
      ['resolved', leftAt],
      ['resolved', leftAt],
    ]);
    expect(await inbox(t, 'admin', { caseId: c.id, status: 'open' })).toMatchObject({ total: 0 });
    const view = await getCase(t, c.id);
    expect(view.escalationLevel).toBeNull();
    expect(view.clock).toMatchObject({ name: 'verification', startedAt: leftAt, status: 'onTrack' });

    // The ended clock never fires again; level 3's threshold passing changes nothing for it.
    t.setNow('2025-10-29T02:00:00.000Z');
    await sweep(t);
    const all = await inbox(t, 'admin', { caseId: c.id });
    expect(all.items.filter((i) => i.clock.name === 'rectification').map((i) => i.status)).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('escalates any clock, not just rectification: an unassigned case warns its own region', async () => {
    t.setNow('2025-09-01T02:00:00.000Z');
    const res = await t.http
      .post('/api/v1/cases')
      .set(await t.auth('jx-inspector'))
      .send({ title: '未交办的问题', description: '久未交办', source: 'routine', category: 'air', regionCode: '360102' });
    expect(res.status).toBe(201);
    expect(res.body.clock.name).toBe('assignment');
    t.setNow(shift(res.body.clock.dueAt, MINUTE));
    await sweep(t);
    const { items } = await inbox(t, 'admin', { caseId: res.body.id });
    expect(items.map((i) => [i.clock.name, i.level, i.targetRegionCode, i.targetUnitId]).sort()).toEqual([
      ['assignment', 0, '360102', null],
      ['assignment', 1, '360102', null],
    ]);
  });

  it('lets only admins sweep, with the error shape', async () => {
    for (const user of ['jx-supervisor', 'nc-inspector', 'nc-bureau']) {
      expectError(await t.http.post('/api/v1/admin/sweep').set(await t.auth(user)), 403, 'FORBIDDEN');
    }
    expectError(await t.http.post('/api/v1/admin/sweep'), 401);
    const report = await sweep(t);
    expect(report).toMatchObject({ at: expect.any(String), durationMs: expect.any(Number), escalations: { fired: 0, clocks: 0, batches: 1 } });
  });
});

describe('sweeps on a timer (SWEEP_INTERVAL_SECONDS)', () => {
  it('escalates without anyone asking', async () => {
    const t = await startTestApp({ start: '2025-03-03T02:00:00.000Z', env: { SWEEP_INTERVAL_SECONDS: '1' } });
    try {
      const res = await t.http
        .post('/api/v1/cases')
        .set(await t.auth('jx-inspector'))
        .send({ title: '久拖未办', description: '两个月前上报', source: 'petition', category: 'noise', regionCode: '360100', reportedAt: '2025-01-02T02:00:00.000Z' });
      expect(res.status).toBe(201);
      let levels: number[] = [];
      for (let waited = 0; waited < 15_000 && levels.length < 4; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        levels = (await inbox(t, 'admin', { caseId: res.body.id })).items.map((i) => i.level).sort();
      }
      expect(levels).toEqual([0, 1, 2, 3]);
    } finally {
      await t.close();
    }
  });
});
