import { createCase, sendOk } from '../support/case-factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The calendar beyond the published years (docs/deadlines.md): 2027 has no official arrangement yet, so
 * its statutory holidays are computed and every due counted over them is provisional; importing the
 * official arrangement counts those dues again, with a history entry on each case whose due moved.
 */

/** A 2027 arrangement as a notice could publish it: 春节 05–13 Feb with a make-up Saturday, and the rest. */
export const ARRANGEMENT_2027 = {
  year: 2027,
  notice: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
  holidays: [
    ['2027-01-01', '元旦'], ['2027-01-02', '元旦'], ['2027-01-03', '元旦'],
    ...['05', '06', '07', '08', '09', '10', '11', '12', '13'].map((d) => [`2027-02-${d}`, '春节']),
    ['2027-04-03', '清明节'], ['2027-04-04', '清明节'], ['2027-04-05', '清明节'],
    ['2027-05-01', '劳动节'], ['2027-05-02', '劳动节'], ['2027-05-03', '劳动节'], ['2027-05-04', '劳动节'], ['2027-05-05', '劳动节'],
    ['2027-06-09', '端午节'], ['2027-06-10', '端午节'], ['2027-06-11', '端午节'],
    ['2027-09-15', '中秋节'],
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2027-10-${d}`, '国庆节']),
  ].map(([date, name]) => ({ date, name })),
  workdays: [['2027-02-20', '春节'], ['2027-05-08', '劳动节'], ['2027-09-26', '国庆节'], ['2027-10-09', '国庆节']].map(([date, name]) => ({ date, name })),
};

describe('the calendar beyond the published years: provisional dues and the whole-year import', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ start: '2026-12-01T02:00:00.000Z' })));
  afterAll(() => t.close());

  const view = async (id: string) => (await t.http.get(`/api/v1/cases/${id}`).set(await t.auth('admin'))).body;
  const history = async (id: string) => (await t.http.get(`/api/v1/cases/${id}/history`).set(await t.auth('admin'))).body.items as Array<Record<string, any>>;
  const importYear = async (body: unknown, as = 'admin') => t.http.post('/api/v1/calendar/arrangements').set(await t.auth(as)).send(body as object);

  // 60 working days after Tuesday 2026-12-01: 22 in December, 20 in January (元旦 off), then February.
  const PROVISIONAL_DUE = '2027-02-26T15:59:59.999Z'; // computed 元旦 and 春节 (除夕 05, 初三 08 Feb) skipped
  const WEEKDAYS_ONLY_DUE = '2027-02-23T15:59:59.999Z'; // what Monday–Friday alone would give
  const OFFICIAL_DUE = '2027-03-03T15:59:59.999Z'; // 春节 05–13 Feb off, Saturday 20 Feb worked

  type Seen = { id: string; code?: unknown; version: number };
  let running: Seen;
  let assigned: Seen;
  let official: Seen;
  let explicit: Seen;

  it('computes 2027’s statutory holidays and marks the days provisional', async () => {
    const res = await t.http.get('/api/v1/calendar?from=2027-02-04&to=2027-02-10').set(await t.auth('nc-bureau'));
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('provisional');
    expect(res.body.days).toEqual([
      { date: '2027-02-04', workday: true, provisional: true },
      { date: '2027-02-05', workday: false, name: '春节', provisional: true },
      { date: '2027-02-06', workday: false, name: '春节', provisional: true },
      { date: '2027-02-07', workday: false, name: '春节', provisional: true },
      { date: '2027-02-08', workday: false, name: '春节', provisional: true },
      { date: '2027-02-09', workday: true, provisional: true },
    ]);
    const december = (await t.http.get('/api/v1/calendar?from=2026-12-01&to=2026-12-03').set(await t.auth('nc-bureau'))).body;
    expect(december).toEqual({ source: 'official', days: [{ date: '2026-12-01', workday: true }, { date: '2026-12-02', workday: true }] });
    const sum = (await t.http.get('/api/v1/calendar/add-working-days?from=2026-12-01&days=60').set(await t.auth('nc-bureau'))).body;
    expect(sum).toEqual({ date: '2027-02-26', provisional: true });
    expect((await t.http.get('/api/v1/calendar/add-working-days?from=2026-12-01&days=10').set(await t.auth('nc-bureau'))).body).toEqual({ date: '2026-12-15', provisional: false });
  });

  it('a 60-working-day due given on 2026-12-01 skips the computed Spring Festival and is provisional', async () => {
    const c = await createCase(t);
    expect(c.clock).toMatchObject({ name: 'assignment', provisional: false });
    const a = await sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationWorkingDays: 60 });
    expect(a).toMatchObject({ rectificationDueAt: PROVISIONAL_DUE, rectificationDueProvisional: true, clock: { name: 'acceptance', provisional: false } });
    expect(a.rectificationDueAt).not.toBe(WEEKDAYS_ONLY_DUE);
    running = await sendOk(t, c.id, 'nc-bureau', { type: 'ACCEPT' });
    expect(running).toMatchObject({ stateDetail: 'rectifying.inProgress', clock: { name: 'rectification', dueAt: PROVISIONAL_DUE, provisional: true } });

    // still assigned, its rectification due provisional
    const d = await createCase(t);
    assigned = await sendOk(t, d.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationWorkingDays: 60 });
    expect(assigned).toMatchObject({ rectificationDueAt: PROVISIONAL_DUE, rectificationDueProvisional: true });

    // counted over 2026 only: official, not provisional
    const b = await createCase(t);
    await sendOk(t, b.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationWorkingDays: 10 });
    official = await sendOk(t, b.id, 'nc-bureau', { type: 'ACCEPT' });
    expect(official).toMatchObject({ rectificationDueProvisional: false, clock: { name: 'rectification', dueAt: '2026-12-15T15:59:59.999Z', provisional: false } });

    // given as an instant in 2027: nothing was counted, nothing is provisional
    const e = await createCase(t);
    await sendOk(t, e.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationDueAt: '2027-02-26T08:00:00.000Z' });
    explicit = await sendOk(t, e.id, 'nc-bureau', { type: 'ACCEPT' });
    expect(explicit).toMatchObject({ rectificationDueProvisional: false, clock: { dueAt: '2027-02-26T08:00:00.000Z', provisional: false } });

    // the list shows the flag too
    const list = (await t.http.get('/api/v1/cases?state=rectifying&pageSize=100').set(await t.auth('admin'))).body.items as Array<{ id: string; clock: { provisional: boolean } }>;
    expect(list.find((x) => x.id === running.id)!.clock.provisional).toBe(true);
    expect(list.find((x) => x.id === official.id)!.clock.provisional).toBe(false);
  });

  it('refuses a bad or unauthorised import with 400, 403 and 409, changing nothing', async () => {
    const bad = [
      { ...ARRANGEMENT_2027, workdays: [{ date: '2027-02-22', name: '春节' }] }, // a Monday cannot be a make-up working day
      { ...ARRANGEMENT_2027, holidays: [...ARRANGEMENT_2027.holidays, { date: '2028-01-01', name: '元旦' }] }, // another year
      { ...ARRANGEMENT_2027, holidays: [...ARRANGEMENT_2027.holidays, { date: '2027-02-05', name: '春节' }] }, // twice
      { ...ARRANGEMENT_2027, workdays: [{ date: '2027-02-06', name: '春节' }] }, // both off and worked
      { ...ARRANGEMENT_2027, holidays: [{ date: '2027-02-30', name: '春节' }] },
      { ...ARRANGEMENT_2027, holidays: [] },
      { ...ARRANGEMENT_2027, year: 2027.5 },
      { ...ARRANGEMENT_2027, extra: true },
    ];
    for (const body of bad) expect({ status: (await importYear(body)).status, body: JSON.stringify(body).slice(0, 0) }).toEqual({ status: 400, body: '' });
    expect((await importYear(ARRANGEMENT_2027, 'jx-admin')).status).toBe(403); // a provincial admin: the arrangement is national
    expect((await importYear(ARRANGEMENT_2027, 'nc-supervisor')).status).toBe(403);
    const shipped = await importYear({ ...ARRANGEMENT_2027, year: 2026, holidays: [{ date: '2026-01-01', name: '元旦' }], workdays: [] });
    expect(shipped.status).toBe(409);
    expect((await view(running.id)).version).toBe(running.version);
    expect((await t.http.get('/api/v1/calendar/arrangements').set(await t.auth('nc-bureau'))).body).toMatchObject({ items: [], total: 0 });
  });

  it('importing 2027 moves the provisional dues, says so in each history, and leaves the others alone', async () => {
    const res = await importYear(ARRANGEMENT_2027);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2027, holidays: ARRANGEMENT_2027.holidays.length, workdays: 4, changed: true, recounted: 3 });
    expect(res.body.moved).toEqual(
      expect.arrayContaining([
        { caseId: running.id, caseCode: running.code, kind: 'clock', previousDueAt: PROVISIONAL_DUE, dueAt: OFFICIAL_DUE, provisional: false },
        { caseId: running.id, caseCode: running.code, kind: 'rectification', previousDueAt: PROVISIONAL_DUE, dueAt: OFFICIAL_DUE, provisional: false },
        { caseId: assigned.id, caseCode: assigned.code, kind: 'rectification', previousDueAt: PROVISIONAL_DUE, dueAt: OFFICIAL_DUE, provisional: false },
      ]),
    );
    expect(res.body.moved).toHaveLength(3);

    const after = await view(running.id);
    expect(after).toMatchObject({
      version: running.version + 1,
      rectificationDueAt: OFFICIAL_DUE,
      originalDueAt: OFFICIAL_DUE,
      rectificationDueProvisional: false,
      clock: { name: 'rectification', dueAt: OFFICIAL_DUE, provisional: false },
    });
    const last = (await history(running.id)).at(-1)!;
    expect(last).toMatchObject({
      type: 'DUE_RECOMPUTED',
      typeLabel: '时限重算',
      from: 'rectifying.inProgress',
      to: 'rectifying.inProgress',
      actor: { username: 'admin', role: 'admin' },
      payload: {
        year: 2027,
        notice: ARRANGEMENT_2027.notice,
        clock: 'rectification',
        changes: { clockDueAt: { before: PROVISIONAL_DUE, after: OFFICIAL_DUE }, rectificationDueAt: { before: PROVISIONAL_DUE, after: OFFICIAL_DUE } },
      },
    });
    expect((await t.http.get(`/api/v1/cases/${running.id}/history/verify`).set(await t.auth('admin'))).body).toMatchObject({ valid: true });

    // the assigned case's due moved too, and its clock starts on the new due at ACCEPT
    expect((await history(assigned.id)).at(-1)).toMatchObject({ type: 'DUE_RECOMPUTED', payload: { changes: { rectificationDueAt: { before: PROVISIONAL_DUE, after: OFFICIAL_DUE } } } });
    const accepted = await sendOk(t, assigned.id, 'nc-bureau', { type: 'ACCEPT' });
    expect(accepted).toMatchObject({ rectificationDueAt: OFFICIAL_DUE, clock: { dueAt: OFFICIAL_DUE, provisional: false } });

    // dues that were not provisional did not move, and their cases have no new history entry
    for (const c of [official, explicit]) {
      const now = await view(c.id);
      expect({ version: now.version, due: now.clock.dueAt }).toEqual({ version: c.version, due: (c as unknown as { clock: { dueAt: string } }).clock.dueAt });
    }

    // 2027 is official now
    const days = (await t.http.get('/api/v1/calendar?from=2027-02-12&to=2027-02-15').set(await t.auth('nc-bureau'))).body;
    expect(days).toEqual({
      source: 'official',
      days: [
        { date: '2027-02-12', workday: false, name: '春节' },
        { date: '2027-02-13', workday: false, name: '春节' },
        { date: '2027-02-14', workday: false },
      ],
    });
    expect((await t.http.get('/api/v1/calendar/arrangements').set(await t.auth('nc-bureau'))).body).toMatchObject({
      total: 1,
      items: [{ year: 2027, holidays: ARRANGEMENT_2027.holidays.length, workdays: 4, notice: ARRANGEMENT_2027.notice }],
    });
  });

  it('is idempotent: the same import again changes nothing; a different one for 2027 is 409', async () => {
    const again = await importYear(ARRANGEMENT_2027);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false, recounted: 0, moved: [] });
    const before = await view(running.id);
    const different = await importYear({ ...ARRANGEMENT_2027, workdays: [] });
    expect(different.status).toBe(409);
    expect(different.body.code).toBe('CONFLICT');
    expect((await view(running.id)).version).toBe(before.version);
  });
});

describe('the supervisor’s decision clock on a pending extension is provisional like any other due', () => {
  let t: TestApp;
  // Wednesday 30 December 2026, 10:00 in Shanghai: three working days run into 2027, not published yet.
  beforeAll(async () => (t = await startTestApp({ start: '2026-12-30T02:00:00.000Z' })));
  afterAll(() => t.close());

  const view = async (id: string) => (await t.http.get(`/api/v1/cases/${id}`).set(await t.auth('admin'))).body;
  const history = async (id: string) => (await t.http.get(`/api/v1/cases/${id}/history`).set(await t.auth('admin'))).body.items as Array<Record<string, any>>;
  // 31 Dec, then 元旦 (computed: 1 Jan) and the weekend, then Monday 4 and Tuesday 5 January
  const PROVISIONAL_DECISION_DUE = '2027-01-05T15:59:59.999Z';
  // the official arrangement of this test gives 4 January off too
  const OFFICIAL_DECISION_DUE = '2027-01-06T15:59:59.999Z';

  it('marks the decision clock provisional, and the import counts it again with a history entry', async () => {
    const c = await createCase(t);
    await sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationWorkingDays: 10 });
    const accepted = await sendOk(t, c.id, 'nc-bureau', { type: 'ACCEPT' });
    const requestedDueAt = new Date(Date.parse(String(accepted.rectificationDueAt)) + 7 * 86_400_000).toISOString();
    await sendOk(t, c.id, 'nc-bureau', { type: 'REQUEST_EXTENSION', requestedDueAt, reason: '元旦前后施工队伍不足' });
    const pending = await view(c.id);
    expect(pending.extension.decisionClock).toMatchObject({ name: 'extensionDecision', owner: 'supervisor', dueAt: PROVISIONAL_DECISION_DUE, provisional: true });

    const officialYear = {
      ...ARRANGEMENT_2027,
      notice: '国务院办公厅关于2027年部分节假日安排的通知（测试：元旦至1月4日）',
      holidays: [...ARRANGEMENT_2027.holidays, { date: '2027-01-04', name: '元旦' }],
    };
    const res = await t.http.post('/api/v1/calendar/arrangements').set(await t.auth('admin')).send(officialYear);
    expect(res.status).toBe(200);
    expect(res.body.moved).toEqual(
      expect.arrayContaining([{ caseId: c.id, caseCode: c.code, kind: 'decision', previousDueAt: PROVISIONAL_DECISION_DUE, dueAt: OFFICIAL_DECISION_DUE, provisional: false }]),
    );
    const after = await view(c.id);
    expect(after.extension.decisionClock).toMatchObject({ name: 'extensionDecision', dueAt: OFFICIAL_DECISION_DUE, provisional: false });
    // the unit's own clock is not the decision clock: it keeps its name and stays the unit's
    expect(after.clock).toMatchObject({ name: 'rectification', owner: 'unit' });
    const entry = (await history(c.id)).at(-1)!;
    expect(entry).toMatchObject({
      type: 'DUE_RECOMPUTED',
      actor: { username: 'admin', role: 'admin' },
      payload: { year: 2027, changes: { decisionClockDueAt: { before: PROVISIONAL_DECISION_DUE, after: OFFICIAL_DECISION_DUE } } },
    });
    expect((await t.http.get(`/api/v1/cases/${c.id}/history/verify`).set(await t.auth('admin'))).body).toMatchObject({ valid: true });

    // the decision ends the supervisor's clock; nothing provisional is left of it
    await sendOk(t, c.id, 'nc-supervisor', { type: 'APPROVE_EXTENSION' });
    expect((await view(c.id)).extension.decisionClock).toBeNull();
  });

  it('a decision clock counted over official years only is not provisional', async () => {
    t.setNow('2027-01-11T02:00:00.000Z');
    const c = await createCase(t);
    await sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationWorkingDays: 10 });
    const accepted = await sendOk(t, c.id, 'nc-bureau', { type: 'ACCEPT' });
    const requestedDueAt = new Date(Date.parse(String(accepted.rectificationDueAt)) + 7 * 86_400_000).toISOString();
    await sendOk(t, c.id, 'nc-bureau', { type: 'REQUEST_EXTENSION', requestedDueAt, reason: '设备到货延迟' });
    expect((await view(c.id)).extension.decisionClock).toMatchObject({ name: 'extensionDecision', provisional: false });
  });
});
