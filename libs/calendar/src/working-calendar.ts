import { shippedHolidayData, type HolidayData } from './holiday-data.js';
import { statutoryHolidays } from './statutory-holidays.util.js';
import {
  dayNumberOf,
  endOfShanghaiDay,
  formatDayNumber,
  isWeekendDayNumber,
  shanghaiDateOf,
  type LocalDate,
} from './local-date.util.js';

/**
 * Where a year's working days come from: the State Council arrangement ('official'); for a year without
 * one, the statutory holidays computed from the national rules ('provisional': they can still move when
 * the arrangement is published, and the 调休 swaps are unknown); plain Monday–Friday only outside the
 * lunar table (1901–2099) or when computing is turned off ('weekdays-only').
 */
export type CalendarSource = 'official' | 'provisional' | 'weekdays-only';

/** The years `statutoryHolidays` can compute (the lunar table of chinese-days). */
export const COMPUTABLE_YEARS = { first: 1901, last: 2099 } as const;

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
  /** Set on every day of a year without an official arrangement: it may still change. */
  provisional?: true;
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
  /** Computed statutory holidays of unpublished years, by year (filled on first use; null: not computable). */
  private readonly computed = new Map<number, Map<number, string> | null>();
  private readonly computeUnpublished: boolean;

  constructor(
    data: HolidayData = shippedHolidayData(),
    overrides: ReadonlyMap<LocalDate, DayOverride> = new Map(),
    opts: { computeUnpublished?: boolean } = {},
  ) {
    this.computeUnpublished = opts.computeUnpublished ?? true;
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
    return new WorkingCalendar(this.data, overrides, { computeUnpublished: this.computeUnpublished });
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
    if (this.published.has(year)) return 'official';
    return this.computedHolidays(year) ? 'provisional' : 'weekdays-only';
  }

  /**
   * 'official' only when every year the range touches has a published arrangement; else 'weekdays-only'
   * when one of them falls back to Monday–Friday, else 'provisional'.
   */
  sourceForRange(from: LocalDate, to: LocalDate): CalendarSource {
    const [a, b] = [checkedYear(from), checkedYear(to)];
    let source: CalendarSource = 'official';
    for (let year = Math.min(a, b); year <= Math.max(a, b); year++) {
      const own = this.sourceForYear(year);
      if (own === 'weekdays-only') return own;
      if (own === 'provisional') source = own;
    }
    return source;
  }

  /**
   * True when counting from `from` to `to` (either order) crosses a day whose year has no official
   * arrangement: a due computed over it may move once the arrangement is published.
   */
  isProvisionalBetween(from: LocalDate, to: LocalDate): boolean {
    return this.sourceForRange(from, to) !== 'official';
  }

  /** The same, for the instants a due is counted from and falls on (their Shanghai dates). */
  isProvisionalDue(start: Date, due: Date): boolean {
    return this.isProvisionalBetween(shanghaiDateOf(start), shanghaiDateOf(due));
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
    if (isWeekendDayNumber(dayNumber)) return false;
    return !this.provisionalHolidayAt(dayNumber);
  }

  private infoAt(dayNumber: number): DayInfo {
    const date = formatDayNumber(dayNumber);
    const year = Number(date.slice(0, 4));
    const override = this.overrides.get(dayNumber);
    const name =
      override !== undefined ? override.name : (this.holidays.get(dayNumber) ?? this.makeUpDays.get(dayNumber) ?? this.computedHolidays(year)?.get(dayNumber));
    const info: DayInfo = { date, workday: this.isWorkdayAt(dayNumber) };
    if (name !== undefined) info.name = name;
    if (this.sourceForYear(year) === 'provisional') info.provisional = true;
    return info;
  }

  /** A computed statutory holiday of a year without an arrangement (never of a published year). */
  private provisionalHolidayAt(dayNumber: number): boolean {
    if (!this.computeUnpublished) return false;
    const year = new Date(dayNumber * DAY_MS_LOCAL).getUTCFullYear();
    if (this.published.has(year)) return false;
    return this.computedHolidays(year)?.has(dayNumber) ?? false;
  }

  private computedHolidays(year: number): Map<number, string> | null {
    if (!this.computeUnpublished || this.published.has(year)) return null;
    let days = this.computed.get(year);
    if (days === undefined) {
      days = year >= COMPUTABLE_YEARS.first && year <= COMPUTABLE_YEARS.last
        ? new Map([...statutoryHolidays(year)].map(([date, name]) => [dayNumberOf(date), name]))
        : null;
      this.computed.set(year, days);
    }
    return days;
  }

  private span(from: LocalDate, to: LocalDate): [number, number] {
    const [first, last] = [dayNumberOf(from), dayNumberOf(to)];
    if (last - first + 1 > MAX_CALENDAR_SPAN_DAYS) {
      throw new RangeError(`range ${from}..${to} is longer than ${MAX_CALENDAR_SPAN_DAYS} days`);
    }
    return [first, last];
  }
}

const DAY_MS_LOCAL = 24 * 60 * 60 * 1000;

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
