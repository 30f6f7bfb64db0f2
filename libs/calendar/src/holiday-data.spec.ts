import chineseDays from 'chinese-days';
import {
  FIRST_SHIPPED_YEAR,
  HOLIDAY_PATCHES,
  LAST_SHIPPED_YEAR,
  buildHolidayData,
  publishedYears,
  shippedHolidayData,
} from './holiday-data.js';
import { dayNumberOf, formatDayNumber } from './local-date.util.js';

/**
 * The State Council notices (国务院办公厅关于 20xx 年部分节假日安排的通知), transcribed: holiday
 * blocks as [first, last, name] and the 调休 make-up working days. Where a notice says "放假，与周末连休"
 * only the named day is listed, as the notice does.
 */
const NOTICES: Record<number, { notice: string; holidays: [string, string, string][]; workdays: string[] }> = {
  2020: {
    notice: '国办发明电〔2019〕16号 + 〔2020〕1号 (Spring Festival extended to 02-02, 02-01 no longer worked)',
    holidays: [
      ['2020-01-01', '2020-01-01', '元旦'],
      ['2020-01-24', '2020-02-02', '春节'],
      ['2020-04-04', '2020-04-06', '清明节'],
      ['2020-05-01', '2020-05-05', '劳动节'],
      ['2020-06-25', '2020-06-27', '端午节'],
      ['2020-10-01', '2020-10-08', '国庆节'],
    ],
    workdays: ['2020-01-19', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10'],
  },
  2021: {
    notice: '国办发明电〔2020〕27号',
    holidays: [
      ['2021-01-01', '2021-01-03', '元旦'],
      ['2021-02-11', '2021-02-17', '春节'],
      ['2021-04-03', '2021-04-05', '清明节'],
      ['2021-05-01', '2021-05-05', '劳动节'],
      ['2021-06-12', '2021-06-14', '端午节'],
      ['2021-09-19', '2021-09-21', '中秋节'],
      ['2021-10-01', '2021-10-07', '国庆节'],
    ],
    workdays: ['2021-02-07', '2021-02-20', '2021-04-25', '2021-05-08', '2021-09-18', '2021-09-26', '2021-10-09'],
  },
  2022: {
    notice: '国办发明电〔2021〕11号',
    holidays: [
      ['2022-01-01', '2022-01-03', '元旦'],
      ['2022-01-31', '2022-02-06', '春节'],
      ['2022-04-03', '2022-04-05', '清明节'],
      ['2022-04-30', '2022-05-04', '劳动节'],
      ['2022-06-03', '2022-06-05', '端午节'],
      ['2022-09-10', '2022-09-12', '中秋节'],
      ['2022-10-01', '2022-10-07', '国庆节'],
    ],
    workdays: ['2022-01-29', '2022-01-30', '2022-04-02', '2022-04-24', '2022-05-07', '2022-10-08', '2022-10-09'],
  },
  2023: {
    notice: '国办发明电〔2022〕16号',
    holidays: [
      ['2022-12-31', '2023-01-02', '元旦'],
      ['2023-01-21', '2023-01-27', '春节'],
      ['2023-04-05', '2023-04-05', '清明节'],
      ['2023-04-29', '2023-05-03', '劳动节'],
      ['2023-06-22', '2023-06-24', '端午节'],
      ['2023-09-29', '2023-10-06', '中秋节/国庆节'],
    ],
    workdays: ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08'],
  },
  2024: {
    notice: '国办发明电〔2023〕7号',
    holidays: [
      ['2024-01-01', '2024-01-01', '元旦'],
      ['2024-02-10', '2024-02-17', '春节'],
      ['2024-04-04', '2024-04-06', '清明节'],
      ['2024-05-01', '2024-05-05', '劳动节'],
      ['2024-06-10', '2024-06-10', '端午节'],
      ['2024-09-15', '2024-09-17', '中秋节'],
      ['2024-10-01', '2024-10-07', '国庆节'],
    ],
    workdays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  2025: {
    notice: '国办发明电〔2024〕12号',
    holidays: [
      ['2025-01-01', '2025-01-01', '元旦'],
      ['2025-01-28', '2025-02-04', '春节'],
      ['2025-04-04', '2025-04-06', '清明节'],
      ['2025-05-01', '2025-05-05', '劳动节'],
      ['2025-05-31', '2025-06-02', '端午节'],
      ['2025-10-01', '2025-10-08', '国庆节/中秋节'],
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    notice: '国务院办公厅 2025-11-04',
    holidays: [
      ['2026-01-01', '2026-01-03', '元旦'],
      ['2026-02-15', '2026-02-23', '春节'],
      ['2026-04-04', '2026-04-06', '清明节'],
      ['2026-05-01', '2026-05-05', '劳动节'],
      ['2026-06-19', '2026-06-21', '端午节'],
      ['2026-09-25', '2026-09-27', '中秋节'],
      ['2026-10-01', '2026-10-07', '国庆节'],
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

function expand(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let day = dayNumberOf(first); day <= dayNumberOf(last); day++) dates.push(formatDayNumber(day));
  return dates;
}

describe('shipped holiday data', () => {
  const data = shippedHolidayData();

  it('covers exactly the published years 2020–2026', () => {
    expect(publishedYears()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(data.years).toEqual(publishedYears());
    expect([FIRST_SHIPPED_YEAR, LAST_SHIPPED_YEAR]).toEqual([2020, 2026]);
    const years = new Set([...data.holidays.keys(), ...data.workdays.keys()].map((d) => Number(d.slice(0, 4))));
    expect([...years].sort()).toEqual(publishedYears());
  });

  // Compared by calendar year: a notice can reach into the previous year (2023 元旦 starts 2022-12-31).
  const expected = { holidays: new Map<string, string>(), workdays: new Set<string>() };
  for (const { holidays, workdays } of Object.values(NOTICES)) {
    for (const [first, last, name] of holidays) for (const date of expand(first, last)) expected.holidays.set(date, name);
    for (const date of workdays) expected.workdays.add(date);
  }

  const notices = Object.entries(NOTICES).map(([year, { notice }]) => [year, notice]);
  it.each(notices)('matches the %s arrangement day for day (%s)', (year) => {
    const inYear = (date: string) => date.startsWith(`${year}-`);
    expect([...data.holidays.keys()].filter(inYear)).toEqual([...expected.holidays.keys()].filter(inYear).sort());
    expect([...data.workdays.keys()].filter(inYear)).toEqual([...expected.workdays].filter(inYear).sort());
    for (const date of [...data.holidays.keys()].filter(inYear)) {
      expect(expected.holidays.get(date)?.split('/')).toContain(data.holidays.get(date));
    }
  });

  it('makes every make-up working day a weekend day', () => {
    for (const date of data.workdays.keys()) expect([0, 6]).toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
  });

  it('uses the official festival names', () => {
    expect(data.holidays.get('2020-02-02')).toBe('春节');
    expect(data.holidays.get('2024-04-04')).toBe('清明节');
    expect(data.holidays.get('2025-05-31')).toBe('端午节');
    expect(data.holidays.get('2024-09-15')).toBe('中秋节');
    expect(data.workdays.get('2025-10-11')).toBe('国庆节');
  });

  it("agrees with chinese-days' own runtime answers for every day of 2020–2026", () => {
    for (const date of expand('2020-01-01', '2026-12-31')) {
      const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
      const ours = data.workdays.has(date) || (!weekend && !data.holidays.has(date));
      if (chineseDays.isWorkday(date) !== ours) throw new Error(`${date}: chinese-days says ${!ours}`);
    }
  });

  it('has no patches pending (the package matched every notice)', () => {
    expect(HOLIDAY_PATCHES).toEqual([]);
  });

  it('returns fresh maps so callers cannot change the shipped data', () => {
    shippedHolidayData().holidays.delete('2025-10-01');
    expect(shippedHolidayData().holidays.has('2025-10-01')).toBe(true);
  });
});

describe('buildHolidayData', () => {
  const raw = {
    holidays: {
      '2019-10-01': 'National Day,国庆节,3',
      '2020-10-01': 'National Day,国庆节,3',
      '2020-10-02': 'National Day,国庆节,3',
      '2021-06-14': 'Dragon Boat Festival,端午,1',
    },
    workdays: { '2020-09-27': 'National Day,国庆节,3' },
  };

  it('keeps only the requested years and names days in Chinese', () => {
    const data = buildHolidayData(raw, [], 2020, 2021);
    expect([...data.holidays]).toEqual([
      ['2020-10-01', '国庆节'],
      ['2020-10-02', '国庆节'],
      ['2021-06-14', '端午节'],
    ]);
    expect([...data.workdays]).toEqual([['2020-09-27', '国庆节']]);
    expect(data.years).toEqual([2020, 2021]);
  });

  it('applies patches over the package data', () => {
    const data = buildHolidayData(
      raw,
      [
        { date: '2020-10-02', set: 'workday', name: 'test', notice: 'n/a' },
        { date: '2020-09-27', set: 'regular', notice: 'n/a' },
        { date: '2021-06-15', set: 'holiday', name: '端午节', notice: 'n/a' },
      ],
      2020,
      2021,
    );
    expect(data.holidays.has('2020-10-02')).toBe(false);
    expect(data.workdays.get('2020-10-02')).toBe('test');
    expect(data.workdays.has('2020-09-27')).toBe(false);
    expect(data.holidays.get('2021-06-15')).toBe('端午节');
  });

  it('refuses a shipped year without any arrangement', () => {
    expect(() => buildHolidayData(raw, [], 2020, 2022)).toThrow(/no arrangement for 2022/);
  });

  it('refuses a day that is both a holiday and a working day', () => {
    expect(() => buildHolidayData({ ...raw, workdays: { '2020-10-01': 'x' } }, [], 2020, 2021)).toThrow(/both/);
  });
});
