import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCase } from '../support/case-factory.js';
import { expectError } from './escalation-test-helpers.js';

describe('the working-day calendar over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ start: '2025-03-03T02:00:00.000Z' })));
  afterAll(async () => t.close());

  const range = async (query: Record<string, string | number>, as = 'nc-bureau') => t.http.get('/api/v1/calendar').query(query).set(await t.auth(as));
  const add = async (query: Record<string, string | number>, as = 'nc-inspector') =>
    t.http.get('/api/v1/calendar/add-working-days').query(query).set(await t.auth(as));
  const override = async (date: string, body: unknown, as = 'admin') => t.http.put(`/api/v1/calendar/overrides/${date}`).set(await t.auth(as)).send(body as object);

  it('lists the days of the 2025 National Day holiday with its make-up working days, to any user', async () => {
    const res = await range({ from: '2025-09-27', to: '2025-10-13' });
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('official');
    const days = Object.fromEntries(res.body.days.map((d: { date: string; workday: boolean; name?: string }) => [d.date, d]));
    expect(res.body.days).toHaveLength(16);
    expect(days['2025-09-27']).toEqual({ date: '2025-09-27', workday: false });
    expect(days['2025-09-28']).toEqual({ date: '2025-09-28', workday: true, name: '国庆节' }); // make-up Sunday
    for (const date of ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08']) {
      expect(days[date]).toMatchObject({ workday: false, name: expect.stringMatching(/国庆节|中秋节/) });
    }
    expect(days['2025-10-06'].name).toBe('中秋节');
    expect(days['2025-10-09']).toEqual({ date: '2025-10-09', workday: true });
    expect(days['2025-10-11']).toEqual({ date: '2025-10-11', workday: true, name: '国庆节' }); // make-up Saturday
    expect(days['2025-10-12']).toEqual({ date: '2025-10-12', workday: false });
  });

  it('knows the 2020 Spring Festival extension and the 2024 arrangement', async () => {
    const spring2020 = await range({ from: '2020-01-31', to: '2020-02-04' });
    expect(spring2020.body.days.map((d: { workday: boolean }) => d.workday)).toEqual([false, false, false, true]); // 02-01 make-up day was dropped
    const may2024 = await range({ from: '2024-04-28', to: '2024-05-12' });
    const workdays = may2024.body.days.filter((d: { workday: boolean }) => d.workday).map((d: { date: string }) => d.date);
    expect(workdays).toEqual(['2024-04-28', '2024-04-29', '2024-04-30', '2024-05-06', '2024-05-07', '2024-05-08', '2024-05-09', '2024-05-10', '2024-05-11']);
  });

  it('says "provisional" for a year with no published arrangement, its statutory holidays computed', async () => {
    const res = await range({ from: '2030-09-30', to: '2030-10-07' });
    expect(res.body.source).toBe('provisional');
    // 国庆节 1–3 October computed; the 调休 swaps of a notice are not, so 4 October (a Friday) stays a working day
    expect(res.body.days.map((d: { workday: boolean }) => d.workday)).toEqual([true, false, false, false, true, false, false]);
    expect(res.body.days.every((d: { provisional?: boolean }) => d.provisional === true)).toBe(true);
    expect((await range({ from: '2026-12-30', to: '2027-01-03' })).body.source).toBe('provisional');
    expect((await range({ from: '2024-01-01', to: '2025-01-01' })).body).toMatchObject({ source: 'official', days: expect.any(Array) });
    expect((await range({ from: '2024-01-01', to: '2025-01-01' })).body.days).toHaveLength(366);
  });

  it('rejects bad ranges with 400 and the error shape', async () => {
    for (const query of [
      { from: '2025-10-12', to: '2025-10-01' }, // from after to
      { from: '2025-10-12', to: '2025-10-12' }, // empty: to is excluded
      { from: '2024-01-01', to: '2025-01-02' }, // 367 days
      { from: '2025-02-30', to: '2025-03-01' }, // not a date
      { from: '2025/01/01', to: '2025-01-02' },
      { from: '2025-01-01' },
      { to: '2025-01-01' },
      { from: '2025-01-01', to: '2025-01-02', region: '360000' },
    ]) {
      expectError(await range(query as Record<string, string>), 400, 'VALIDATION_FAILED');
    }
    expectError(await t.http.get('/api/v1/calendar').query({ from: '2025-01-01', to: '2025-01-02' }), 401);
  });

  it('adds and subtracts working days across holidays and make-up days', async () => {
    const cases: Array<[string, number, string]> = [
      ['2025-09-30', 1, '2025-10-09'],
      ['2025-09-30', 3, '2025-10-11'], // the make-up Saturday counts
      ['2025-09-30', -2, '2025-09-28'], // so does the make-up Sunday
      ['2025-10-01', 0, '2025-10-01'],
      ['2025-10-05', -1, '2025-09-30'], // from inside the holiday
      ['2025-03-03', 60, '2025-05-29'], // past Qingming, the make-up Sunday 04-27 and Labour Day 05-01..05
      ['2030-10-04', 1, '2030-10-07'], // 2030: computed holidays (Friday 10-04 is no statutory day), provisional
    ];
    for (const [from, days, date] of cases) {
      const res = await add({ from, days });
      expect({ from, days, status: res.status, body: res.body }).toEqual({ from, days, status: 200, body: { date, provisional: date.startsWith('2030') } });
    }
  });

  it('rejects bad add-working-days input with 400, never 500', async () => {
    for (const query of [
      { from: '2025-09-30', days: 'x' },
      { from: '2025-09-30', days: '1.5' },
      { from: '2025-09-30', days: 5001 },
      { from: '2025-09-30' },
      { days: 3 },
      { from: '2025-13-01', days: 1 },
      { from: '9999-12-31', days: 10 },
      { from: '0001-01-01', days: -10 },
    ]) {
      expectError(await add(query as Record<string, string | number>), 400, 'VALIDATION_FAILED');
    }
  });

  it('lets admins override single days; the override wins and is listed', async () => {
    const res = await override('2025-10-10', { workday: false, name: '  防汛应急  ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ date: '2025-10-10', workday: false, name: '防汛应急', updatedAt: '2025-03-03T02:00:00.000Z' });
    expect((await override('2025-10-12', { workday: true })).status).toBe(200);
    const days = (await range({ from: '2025-10-09', to: '2025-10-14' })).body.days;
    expect(days).toEqual([
      { date: '2025-10-09', workday: true },
      { date: '2025-10-10', workday: false, name: '防汛应急' },
      { date: '2025-10-11', workday: true, name: '国庆节' },
      { date: '2025-10-12', workday: true },
      { date: '2025-10-13', workday: true },
    ]);
    expect((await add({ from: '2025-09-30', days: 2 })).body).toEqual({ date: '2025-10-11', provisional: false });
    // Changing an override replaces it.
    expect((await override('2025-10-10', { workday: true })).body).toMatchObject({ workday: true });
    expect((await range({ from: '2025-10-10', to: '2025-10-11' })).body.days).toEqual([{ date: '2025-10-10', workday: true }]);
    const listed = await t.http.get('/api/v1/calendar/overrides').set(await t.auth('nc-inspector'));
    expect(listed.body.items.map((o: { date: string }) => o.date)).toEqual(['2025-10-10', '2025-10-12']);

    const removed = await t.http.delete('/api/v1/calendar/overrides/2025-10-12').set(await t.auth('admin'));
    expect(removed.status).toBe(204);
    expect((await range({ from: '2025-10-12', to: '2025-10-13' })).body.days).toEqual([{ date: '2025-10-12', workday: false }]);
    expectError(await t.http.delete('/api/v1/calendar/overrides/2025-10-12').set(await t.auth('admin')), 404, 'NOT_FOUND');
    await t.http.delete('/api/v1/calendar/overrides/2025-10-10').set(await t.auth('admin'));
  });

  it('refuses overrides from non-admins (403) and bad input (400)', async () => {
    for (const user of ['jx-supervisor', 'nc-inspector', 'nc-bureau']) {
      expectError(await override('2025-10-10', { workday: false }, user), 403, 'FORBIDDEN');
      expectError(await t.http.delete('/api/v1/calendar/overrides/2025-10-10').set(await t.auth(user)), 403, 'FORBIDDEN');
    }
    for (const [date, body] of [
      ['2025-02-30', { workday: false }],
      ['20251010', { workday: false }],
      ['2025-10-10', { workday: 'no' }],
      ['2025-10-10', {}],
      ['2025-10-10', { workday: false, reason: 'x' }],
      ['2025-10-10', { workday: false, name: 'x'.repeat(65) }],
      ['2025-10-10', { workday: false, name: '   ' }],
    ] as const) {
      expectError(await override(date, body), 400, 'VALIDATION_FAILED');
    }
    expectError(await t.http.put('/api/v1/calendar/overrides/2025-10-10').send({ workday: false }), 401);
    expect((await t.http.get('/api/v1/calendar/overrides').set(await t.auth('admin'))).body).toEqual({ items: [], total: 0, page: 1, pageSize: 1000 });
  });

  it('applies an override to clocks started after it, not to running ones', async () => {
    // Reported Monday 2025-03-03: assignment due three working days later, the end of Thursday 03-06.
    const before = await createCase(t);
    expect((before.clock as { dueAt: string }).dueAt).toBe('2025-03-06T15:59:59.999Z');
    expect((await override('2025-03-05', { workday: false, name: '停电检修' })).status).toBe(200);
    const after = await createCase(t);
    expect((after.clock as { dueAt: string }).dueAt).toBe('2025-03-07T15:59:59.999Z');
    const reread = await t.http.get(`/api/v1/cases/${before.id}`).set(await t.auth('admin'));
    expect(reread.body.clock.dueAt).toBe('2025-03-06T15:59:59.999Z');
  });
});

describe('the calendar at start-up', () => {
  it('warns when the current or next year has no published arrangement', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const t = await startTestApp({ start: '2026-06-01T02:00:00.000Z' });
    try {
      const messages = warn.mock.calls.map((call) => String(call[0]));
      expect(messages.some((m) => m.includes('No published holiday arrangement for 2027'))).toBe(true);
      expect(messages.some((m) => m.includes('for 2026'))).toBe(false);
    } finally {
      warn.mockRestore();
      await t.close();
    }
  });
});
