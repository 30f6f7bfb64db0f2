import { shippedHolidayData, type HolidayData } from './holiday-data.js';
import {
  dayNumberOf,
  endOfShanghaiDay,
  formatDayNumber,
  isWeekendDayNumber,
  shanghaiDateOf,
  type LocalDate,
} from './local-date.util.js';

/** Where a year's working days come from: the State Council arrangement, or plain Monday–Friday. */
export type CalendarSource = 'official' | 'weekdays-only';

/** An admin's decision about one day; it wins over the shipped arrangement and the weekday rule. */
export interface DayOverride {
  workday: boolean;
  name?: string;
}

export interface DayInfo {
  date: LocalDate;
  workday: boolean;
  /** The festival a holiday or 调休 make-up working day belongs to, or an override's name. */
  name?: string;
}

/** Largest |n| accepted by the working-day arithmetic (about 20 years); beyond it is a caller bug. */
export const MAX_WORKING_DAY_OFFSET = 5000;
/** Longest span, in calendar days, that one call may walk (about 100 years). */
export const MAX_CALENDAR_SPAN_DAYS = 36_600;

/**
 * PRC working days in Asia/Shanghai (SPEC §4): Monday–Friday, minus statutory holidays, plus 调休
 * make-up working days, for the years with a published arrangement; Monday–Friday for other years;
 * admin overrides win over both. Immutable: build a new calendar (withOverrides) when overrides change.
 */
export class WorkingCalendar {
  private readonly data: Required<HolidayData>;
  private readonly published: ReadonlySet<number>;
  private readonly holidays = new Map<number, string>();
  private readonly makeUpDays = new Map<number, string>();
  private readonly overrides = new Map<number, DayOverride>();

  constructor(data: HolidayData = shippedHolidayData(), overrides: ReadonlyMap<LocalDate, DayOverride> = new Map()) {
    const years = data.years ?? yearsWithEntries(data);
    this.published = new Set(years);
    this.data = {
      holidays: new Map(data.holidays),
      workdays: new Map(data.workdays),
      years: [...this.published].sort((a, b) => a - b),
    };

    // Entries outside the published years are ignored: such a year is 'weekdays-only', so it must behave like one.
    for (const [date, name] of data.holidays) {
      if (this.published.has(checkedYear(date))) this.holidays.set(dayNumberOf(date), name);
    }
    for (const [date, name] of data.workdays) {
      const dayNumber = dayNumberOf(date);
      if (!this.published.has(checkedYear(date))) continue;
      if (this.holidays.has(dayNumber)) throw new RangeError(`${date} is both a holiday and a make-up working day`);
      this.makeUpDays.set(dayNumber, name);
    }
    for (const [date, override] of overrides) {
      if (typeof override?.workday !== 'boolean') throw new RangeError(`override for ${date} needs a boolean "workday"`);
      this.overrides.set(dayNumberOf(date), override.name === undefined ? { workday: override.workday } : { ...override });
    }
  }

  /** The same shipped data with another set of overrides. */
  withOverrides(overrides: ReadonlyMap<LocalDate, DayOverride>): WorkingCalendar {
    return new WorkingCalendar(this.data, overrides);
  }

  publishedYears(): number[] {
    return [...this.data.years];
  }

  isWorkday(date: LocalDate): boolean {
    return this.isWorkdayAt(dayNumberOf(date));
  }

  dayInfo(date: LocalDate): DayInfo {
    return this.infoAt(dayNumberOf(date));
  }

  /** Every day from `from` to `to`, both included; empty when `to` is before `from`. */
  days(from: LocalDate, to: LocalDate): DayInfo[] {
    const [first, last] = this.span(from, to);
    const result: DayInfo[] = [];
    for (let dayNumber = first; dayNumber <= last; dayNumber++) result.push(this.infoAt(dayNumber));
    return result;
  }

  /** Working days from `from` to `to`, both included; 0 when `to` is before `from`. */
  countWorkdays(from: LocalDate, to: LocalDate): number {
    const [first, last] = this.span(from, to);
    let count = 0;
    for (let dayNumber = first; dayNumber <= last; dayNumber++) if (this.isWorkdayAt(dayNumber)) count++;
    return count;
  }

  sourceForYear(year: number): CalendarSource {
    if (!Number.isInteger(year)) throw new RangeError(`not a year: ${year}`);
    return this.published.has(year) ? 'official' : 'weekdays-only';
  }

  /** 'official' only when every year the range touches has a published arrangement. */
  sourceForRange(from: LocalDate, to: LocalDate): CalendarSource {
    const [a, b] = [checkedYear(from), checkedYear(to)];
    for (let year = Math.min(a, b); year <= Math.max(a, b); year++) {
      if (!this.published.has(year)) return 'weekdays-only';
    }
    return 'official';
  }

  /** The Asia/Shanghai calendar date of an instant. */
  localDateOf(instant: Date): LocalDate {
    return shanghaiDateOf(instant);
  }

  /** 23:59:59.999 +08:00 of a date. */
  endOfDay(date: LocalDate): Date {
    return endOfShanghaiDay(date);
  }

  /**
   * The n-th working day after `date` (n > 0) or before it (n < 0); `date` itself never counts, and
   * need not be a working day. n = 0 returns `date`.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    checkOffset(n);
    let dayNumber = dayNumberOf(date);
    if (n === 0) return date;
    const step = n > 0 ? 1 : -1;
    let remaining = Math.abs(n);
    for (let walked = 1; walked <= MAX_CALENDAR_SPAN_DAYS; walked++) {
      dayNumber += step;
      if (this.isWorkdayAt(dayNumber) && --remaining === 0) return formatDayNumber(dayNumber);
    }
    throw new RangeError(`no ${n}-th working day from ${date} within ${MAX_CALENDAR_SPAN_DAYS} days`);
  }

  /**
   * SPEC §4 "n working days after T": the end (23:59:59.999 +08:00) of the n-th working day after T's
   * Shanghai calendar date, T's own date not counting; n < 0 counts backwards; n = 0 is the end of T's date.
   */
  endOfWorkingDaysAfter(instant: Date, n: number): Date {
    checkOffset(n);
    return endOfShanghaiDay(this.addWorkingDays(shanghaiDateOf(instant), n));
  }

  /**
   * SPEC §4 escalation ladder: offset 0 is the due instant itself; offset k ≠ 0 is the end of the k-th
   * working day after (k < 0: before) the due's Shanghai calendar date.
   */
  escalationThreshold(due: Date, offset: number): Date {
    checkOffset(offset);
    if (offset === 0) {
      shanghaiDateOf(due); // rejects an invalid Date
      return new Date(due.getTime());
    }
    return this.endOfWorkingDaysAfter(due, offset);
  }

  private isWorkdayAt(dayNumber: number): boolean {
    const override = this.overrides.get(dayNumber);
    if (override !== undefined) return override.workday;
    if (this.holidays.has(dayNumber)) return false;
    if (this.makeUpDays.has(dayNumber)) return true;
    return !isWeekendDayNumber(dayNumber);
  }

  private infoAt(dayNumber: number): DayInfo {
    const date = formatDayNumber(dayNumber);
    const override = this.overrides.get(dayNumber);
    const name = override !== undefined ? override.name : (this.holidays.get(dayNumber) ?? this.makeUpDays.get(dayNumber));
    const info: DayInfo = { date, workday: this.isWorkdayAt(dayNumber) };
    if (name !== undefined) info.name = name;
    return info;
  }

  private span(from: LocalDate, to: LocalDate): [number, number] {
    const [first, last] = [dayNumberOf(from), dayNumberOf(to)];
    if (last - first + 1 > MAX_CALENDAR_SPAN_DAYS) {
      throw new RangeError(`range ${from}..${to} is longer than ${MAX_CALENDAR_SPAN_DAYS} days`);
    }
    return [first, last];
  }
}

function checkOffset(n: number): void {
  if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_WORKING_DAY_OFFSET) {
    throw new RangeError(`working-day offset must be an integer within ±${MAX_WORKING_DAY_OFFSET}: ${n}`);
  }
}

function checkedYear(date: LocalDate): number {
  dayNumberOf(date);
  return Number(date.slice(0, 4));
}

function yearsWithEntries(data: HolidayData): number[] {
  const years = new Set<number>();
  for (const date of [...data.holidays.keys(), ...data.workdays.keys()]) years.add(checkedYear(date));
  return [...years];
}
