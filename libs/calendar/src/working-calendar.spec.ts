import { WorkingCalendar, type DayOverride } from './working-calendar.js';

const calendar = new WorkingCalendar();
const iso = (date: Date) => date.toISOString();

describe('WorkingCalendar — official arrangements', () => {
  it.each([
    // 2020: Spring Festival 01-24..01-30, extended to 02-02 (国办发明电〔2020〕1号); 01-19 Sunday worked.
    ['2020-01-19', true], // Sunday make-up day
    ['2020-01-23', true],
    ['2020-01-24', false],
    ['2020-01-31', false], // Friday, extension
    ['2020-02-01', false], // Saturday, the planned make-up day cancelled by the extension
    ['2020-02-02', false],
    ['2020-02-03', true],
    ['2020-04-26', true], // Sunday make-up for Labour Day
    ['2020-10-08', false],
    ['2020-10-10', true], // Saturday make-up
    // 2024
    ['2024-01-01', false],
    ['2024-02-04', true], // Sunday make-up
    ['2024-02-09', true], // 除夕: only "encouraged" off, still a working day
    ['2024-02-10', false],
    ['2024-02-15', false],
    ['2024-02-17', false],
    ['2024-02-18', true], // Sunday make-up
    ['2024-04-04', false],
    ['2024-04-07', true], // Sunday make-up
    ['2024-04-28', true], // Sunday make-up
    ['2024-05-01', false],
    ['2024-05-03', false],
    ['2024-05-05', false],
    ['2024-05-06', true],
    ['2024-05-11', true], // Saturday make-up
    ['2024-09-14', true], // Saturday make-up for Mid-Autumn
    ['2024-09-16', false],
    ['2024-09-29', true], // Sunday make-up
    ['2024-10-01', false],
    ['2024-10-07', false],
    ['2024-10-08', true],
    ['2024-10-12', true], // Saturday make-up
    // 2025
    ['2025-01-01', false],
    ['2025-01-26', true], // Sunday make-up
    ['2025-01-27', true],
    ['2025-01-28', false],
    ['2025-02-04', false],
    ['2025-02-05', true],
    ['2025-02-08', true], // Saturday make-up
    ['2025-04-27', true], // Sunday make-up
    ['2025-05-05', false],
    ['2025-06-02', false],
    ['2025-09-28', true], // Sunday make-up
    ['2025-10-01', false],
    ['2025-10-08', false],
    ['2025-10-09', true],
    ['2025-10-11', true], // Saturday make-up
    ['2025-10-12', false], // ordinary Sunday
    // 2026
    ['2026-01-02', false],
    ['2026-01-04', true],
    ['2026-02-28', true],
  ])('%s is a working day: %s', (date, workday) => {
    expect(calendar.isWorkday(date)).toBe(workday);
  });

  it('names holidays and make-up days', () => {
    expect(calendar.dayInfo('2025-01-29')).toEqual({ date: '2025-01-29', workday: false, name: '春节' });
    expect(calendar.dayInfo('2025-10-11')).toEqual({ date: '2025-10-11', workday: true, name: '国庆节' });
    expect(calendar.dayInfo('2025-10-13')).toEqual({ date: '2025-10-13', workday: true });
    expect(calendar.dayInfo('2025-10-12')).toEqual({ date: '2025-10-12', workday: false });
  });

  it('lists and counts days inclusively', () => {
    const days = calendar.days('2025-09-27', '2025-10-12');
    expect(days).toHaveLength(16);
    expect(days.filter((d) => d.workday).map((d) => d.date)).toEqual([
      '2025-09-28',
      '2025-09-29',
      '2025-09-30',
      '2025-10-09',
      '2025-10-10',
      '2025-10-11',
    ]);
    expect(calendar.countWorkdays('2025-09-27', '2025-10-12')).toBe(6);
    expect(calendar.countWorkdays('2024-01-01', '2024-12-31')).toBe(251);
    expect(calendar.countWorkdays('2025-01-01', '2025-12-31')).toBe(248);
    expect(calendar.days('2025-10-02', '2025-10-01')).toEqual([]);
    expect(calendar.countWorkdays('2025-10-02', '2025-10-01')).toBe(0);
  });

  it('reports its source per year and per range', () => {
    expect(calendar.publishedYears()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(calendar.sourceForYear(2020)).toBe('official');
    expect(calendar.sourceForYear(2026)).toBe('official');
    expect(calendar.sourceForYear(2019)).toBe('provisional');
    expect(calendar.sourceForYear(2027)).toBe('provisional');
    expect(calendar.sourceForYear(2100)).toBe('weekdays-only'); // beyond the lunar table
    expect(calendar.sourceForRange('2020-01-01', '2026-12-31')).toBe('official');
    expect(calendar.sourceForRange('2026-12-01', '2027-01-10')).toBe('provisional');
    expect(calendar.sourceForRange('2019-12-31', '2020-01-02')).toBe('provisional');
    expect(calendar.sourceForRange('2099-12-31', '2100-01-02')).toBe('weekdays-only');
    expect(calendar.isProvisionalBetween('2026-12-01', '2026-12-31')).toBe(false);
    expect(calendar.isProvisionalBetween('2026-12-01', '2027-01-04')).toBe(true);
  });
});

describe('WorkingCalendar — years without an arrangement', () => {
  it('computes the statutory holidays of 2031 and marks its days provisional', () => {
    expect(calendar.sourceForYear(2031)).toBe('provisional');
    expect(calendar.isWorkday('2031-01-01')).toBe(false); // 元旦, a Wednesday
    expect(calendar.isWorkday('2031-10-01')).toBe(false); // 国庆节
    expect(calendar.isWorkday('2031-10-06')).toBe(true); // a Monday: the 调休 of a notice cannot be predicted
    expect(calendar.isWorkday('2031-10-04')).toBe(false); // Saturday
    expect(calendar.days('2031-01-01', '2031-01-02')).toEqual([
      { date: '2031-01-01', workday: false, name: '元旦', provisional: true },
      { date: '2031-01-02', workday: true, provisional: true },
    ]);
    expect(calendar.addWorkingDays('2030-12-31', 1)).toBe('2031-01-02');
  });

  it('falls back to Monday–Friday in 2031 when computing is off', () => {
    const weekdays = new WorkingCalendar(undefined, undefined, { computeUnpublished: false });
    expect(weekdays.sourceForYear(2031)).toBe('weekdays-only');
    expect(weekdays.isWorkday('2031-01-01')).toBe(true); // a Wednesday, New Year not yet published
    expect(weekdays.isWorkday('2031-10-01')).toBe(true);
    expect(weekdays.isWorkday('2031-10-04')).toBe(false); // Saturday
    expect(weekdays.countWorkdays('2031-01-01', '2031-12-31')).toBe(261);
    expect(weekdays.addWorkingDays('2031-01-03', 1)).toBe('2031-01-06'); // Friday → Monday
    expect(weekdays.days('2031-01-01', '2031-01-01')).toEqual([{ date: '2031-01-01', workday: true }]);
  });

  it('ignores data for years it is not told are published', () => {
    const partial = new WorkingCalendar({
      holidays: new Map([['2025-10-01', '国庆节'], ['2024-10-01', '国庆节']]),
      workdays: new Map([['2025-10-11', '国庆节']]),
      years: [2025],
    }, undefined, { computeUnpublished: false });
    expect(partial.isWorkday('2025-10-01')).toBe(false);
    expect(partial.isWorkday('2025-10-11')).toBe(true);
    expect(partial.isWorkday('2024-10-01')).toBe(true);
    expect(partial.sourceForYear(2024)).toBe('weekdays-only');
  });

  it('derives the published years from the data when not given', () => {
    const derived = new WorkingCalendar({ holidays: new Map([['2025-10-01', '国庆节']]), workdays: new Map() });
    expect(derived.publishedYears()).toEqual([2025]);
  });
});

describe('WorkingCalendar — arithmetic', () => {
  it('adds and subtracts working days, never counting the start', () => {
    expect(calendar.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(calendar.addWorkingDays('2025-09-30', 3)).toBe('2025-10-11'); // make-up Saturday counts
    expect(calendar.addWorkingDays('2025-09-30', 4)).toBe('2025-10-13');
    expect(calendar.addWorkingDays('2025-10-01', 1)).toBe('2025-10-09'); // starting on a holiday
    expect(calendar.addWorkingDays('2025-10-09', -1)).toBe('2025-09-30');
    expect(calendar.addWorkingDays('2025-10-09', -2)).toBe('2025-09-29');
    expect(calendar.addWorkingDays('2025-10-09', -3)).toBe('2025-09-28'); // make-up Sunday
    expect(calendar.addWorkingDays('2025-10-05', 0)).toBe('2025-10-05');
    expect(calendar.addWorkingDays('2024-02-08', 1)).toBe('2024-02-09');
    expect(calendar.addWorkingDays('2024-02-09', 1)).toBe('2024-02-18');
    expect(calendar.addWorkingDays('2020-01-23', 1)).toBe('2020-02-03');
    expect(calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04'); // into 2027: its computed 元旦 (Friday) is off
  });

  it('ends "n working days after T" at 23:59:59.999 Shanghai time across National Day 2025', () => {
    const t = new Date('2025-09-30T02:00:00Z'); // 10:00 Shanghai, Tuesday 09-30
    expect(iso(calendar.endOfWorkingDaysAfter(t, 1))).toBe('2025-10-09T15:59:59.999Z');
    expect(iso(calendar.endOfWorkingDaysAfter(t, 2))).toBe('2025-10-10T15:59:59.999Z');
    expect(iso(calendar.endOfWorkingDaysAfter(t, 3))).toBe('2025-10-11T15:59:59.999Z'); // make-up Saturday
    expect(iso(calendar.endOfWorkingDaysAfter(t, 5))).toBe('2025-10-14T15:59:59.999Z');
    expect(iso(calendar.endOfWorkingDaysAfter(t, 0))).toBe('2025-09-30T15:59:59.999Z');
    expect(iso(calendar.endOfWorkingDaysAfter(t, -1))).toBe('2025-09-29T15:59:59.999Z');
    expect(iso(calendar.endOfWorkingDaysAfter(t, -2))).toBe('2025-09-28T15:59:59.999Z'); // make-up Sunday
    expect(iso(calendar.endOfWorkingDaysAfter(new Date('2025-10-10T09:00:00Z'), 1))).toBe('2025-10-11T15:59:59.999Z');
    expect(iso(calendar.endOfWorkingDaysAfter(new Date('2025-10-11T09:00:00Z'), 1))).toBe('2025-10-13T15:59:59.999Z');
  });

  it('counts from the Shanghai date, not the UTC date', () => {
    const t = new Date('2025-09-30T17:00:00Z'); // 2025-10-01 01:00 in Shanghai
    expect(calendar.localDateOf(t)).toBe('2025-10-01');
    expect(iso(calendar.endOfWorkingDaysAfter(t, 1))).toBe('2025-10-09T15:59:59.999Z');
    // Counting back tells the two dates apart: from 10-01 it is 09-30; from the UTC date 09-30 it would be 09-29.
    expect(iso(calendar.endOfWorkingDaysAfter(t, -1))).toBe('2025-09-30T15:59:59.999Z');
    expect(iso(calendar.endOfWorkingDaysAfter(t, 0))).toBe('2025-10-01T15:59:59.999Z');
    expect(calendar.localDateOf(new Date('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30');
  });

  it('gives each day its end instant', () => {
    expect(iso(calendar.endOfDay('2025-10-11'))).toBe('2025-10-11T15:59:59.999Z');
  });

  it('places escalation thresholds per the SPEC §4 ladder', () => {
    const due = calendar.endOfWorkingDaysAfter(new Date('2025-09-25T03:00:00Z'), 3); // Thu → Fri 26, make-up Sun 28, Mon 29
    expect(iso(due)).toBe('2025-09-29T15:59:59.999Z');
    expect(iso(calendar.escalationThreshold(due, -2))).toBe('2025-09-26T15:59:59.999Z'); // 预警: 28 (make-up), 26
    expect(calendar.escalationThreshold(due, 0)).toEqual(due); // 催办: the due instant itself
    expect(calendar.escalationThreshold(due, 0)).not.toBe(due);
    expect(iso(calendar.escalationThreshold(due, 5))).toBe('2025-10-13T15:59:59.999Z'); // 督办: 30, 9, 10, 11, 13
    expect(iso(calendar.escalationThreshold(due, 15))).toBe('2025-10-27T15:59:59.999Z'); // 挂牌督办
  });

  it('counts an escalation offset from the due instant\'s Shanghai date', () => {
    const due = new Date('2025-09-30T17:00:00Z'); // 2025-10-01 01:00 Shanghai (an extension set a mid-day due)
    expect(iso(calendar.escalationThreshold(due, 0))).toBe('2025-09-30T17:00:00.000Z');
    expect(iso(calendar.escalationThreshold(due, -2))).toBe('2025-09-29T15:59:59.999Z');
    expect(iso(calendar.escalationThreshold(due, 1))).toBe('2025-10-09T15:59:59.999Z');
  });

  it('rejects offsets beyond ±5000 and non-integers, and malformed dates', () => {
    expect(() => calendar.addWorkingDays('2025-01-01', 5001)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-01-01', -5001)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-01-01', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-01-01', Number.NaN)).toThrow(RangeError);
    expect(() => calendar.endOfWorkingDaysAfter(new Date('2025-01-01'), Infinity)).toThrow(RangeError);
    expect(() => calendar.escalationThreshold(new Date('2025-01-01'), 10_000)).toThrow(RangeError);
    expect(() => calendar.isWorkday('2025-02-30')).toThrow(RangeError);
    expect(() => calendar.localDateOf(new Date('nope'))).toThrow(RangeError);
    expect(() => calendar.days('1900-01-01', '2100-01-01')).toThrow(RangeError);
    expect(calendar.addWorkingDays('2025-01-01', 5000)).toMatch(/^20[45]\d-/);
  });

  it('stops when overrides leave no working day to reach', () => {
    const noWork = new Map<string, DayOverride>();
    for (let day = 1; day <= 31; day++) noWork.set(`2030-01-${String(day).padStart(2, '0')}`, { workday: false });
    const strike = calendar.withOverrides(noWork);
    expect(strike.addWorkingDays('2029-12-31', 1)).toBe('2030-02-01');
  });
});

describe('WorkingCalendar — overrides', () => {
  const overrides = new Map<string, DayOverride>([
    ['2025-10-11', { workday: false, name: '防汛调休' }], // a make-up Saturday given off
    ['2025-10-08', { workday: true }], // a holiday worked
    ['2025-07-01', { workday: false, name: '本地停工' }], // a plain Tuesday
    ['2031-07-05', { workday: true, name: '补班' }], // a Saturday in a weekdays-only year
  ]);
  const custom = new WorkingCalendar(undefined, overrides);

  it('win over the shipped data and the weekday rule', () => {
    expect(custom.isWorkday('2025-10-11')).toBe(false);
    expect(custom.isWorkday('2025-10-08')).toBe(true);
    expect(custom.isWorkday('2025-07-01')).toBe(false);
    expect(custom.isWorkday('2031-07-05')).toBe(true);
    expect(custom.dayInfo('2025-10-11')).toEqual({ date: '2025-10-11', workday: false, name: '防汛调休' });
    expect(custom.dayInfo('2025-10-08')).toEqual({ date: '2025-10-08', workday: true });
    expect(custom.addWorkingDays('2025-09-30', 1)).toBe('2025-10-08');
    expect(custom.addWorkingDays('2025-10-10', 1)).toBe('2025-10-13');
    expect(custom.sourceForYear(2031)).toBe('provisional');
  });

  it('are copied, so later changes to the map need a new calendar', () => {
    const map = new Map<string, DayOverride>();
    const snapshot = new WorkingCalendar(undefined, map);
    map.set('2025-10-13', { workday: false });
    expect(snapshot.isWorkday('2025-10-13')).toBe(true);
    expect(snapshot.withOverrides(map).isWorkday('2025-10-13')).toBe(false);
    expect(calendar.isWorkday('2025-10-11')).toBe(true);
  });

  it('are validated', () => {
    expect(() => new WorkingCalendar(undefined, new Map([['2025-13-01', { workday: true }]]))).toThrow(RangeError);
    expect(
      () => new WorkingCalendar(undefined, new Map([['2025-10-01', { workday: 'yes' } as unknown as DayOverride]])),
    ).toThrow(RangeError);
  });
});
