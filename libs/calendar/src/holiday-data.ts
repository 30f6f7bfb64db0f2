import { createRequire } from 'node:module';
import { dayNumberOf, type LocalDate } from './local-date.util.js';

/**
 * The official PRC working-day arrangements (国务院办公厅关于部分节假日安排的通知): statutory holidays
 * and 调休 make-up working days, keyed by 'YYYY-MM-DD' with the festival's Chinese name.
 */
export interface HolidayData {
  /** Days off (including weekend days inside a holiday block). */
  holidays: Map<LocalDate, string>;
  /** Weekend days that are working days (调休上班), named after the festival they make up for. */
  workdays: Map<LocalDate, string>;
  /** Years whose arrangements the maps hold in full; other years fall back to Monday–Friday. */
  years?: readonly number[];
}

/** Raw shape of `chinese-days/dist/chinese-days.json` (values read "English name,中文名,days"). */
export interface RawHolidayTables {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** A correction to the package's data, each tied to the State Council notice it follows. */
export interface HolidayPatch {
  date: LocalDate;
  /** 'holiday' / 'workday' set the day; 'regular' removes it from both tables. */
  set: 'holiday' | 'workday' | 'regular';
  name?: string;
  notice: string;
}

/**
 * Years shipped as 'official'. Every one was checked day by day against its notice (see
 * holiday-data.spec.ts); a later year is added here only after the same check.
 */
export const FIRST_SHIPPED_YEAR = 2020;
export const LAST_SHIPPED_YEAR = 2026;

/**
 * Corrections to chinese-days@1.5.x. Empty: its 2020–2026 tables match, day for day, the State
 * Council notices 国办发明电〔2019〕16号 with 〔2020〕1号 (2020; Spring Festival extended to 02-02 and the
 * 02-01 make-up day dropped), 〔2020〕27号 (2021), 〔2021〕11号 (2022), 〔2022〕16号 (2023),
 * 〔2023〕7号 (2024), 〔2024〕12号 (2025) and the notice of 2025-11-04 (2026); holiday-data.spec.ts holds
 * those arrangements and fails if the package drifts. If a release gets a day wrong, add an entry here
 * citing its notice rather than editing node_modules.
 */
export const HOLIDAY_PATCHES: readonly HolidayPatch[] = [];

/** The package's short names, spelled as in the notices. */
const OFFICIAL_NAMES: Readonly<Record<string, string>> = {
  清明: '清明节',
  端午: '端午节',
  中秋: '中秋节',
};

function festivalName(raw: string): string {
  const parts = raw.split(',');
  const chinese = (parts.length >= 2 ? parts[1] : raw)?.trim() || raw;
  return OFFICIAL_NAMES[chinese] ?? chinese;
}

/**
 * Pure: the tables restricted to [firstYear, lastYear] with the patches applied. Throws when a year
 * in the range has no arrangement at all, so a package downgrade cannot silently turn a shipped year
 * into plain Monday–Friday.
 */
export function buildHolidayData(
  raw: RawHolidayTables,
  patches: readonly HolidayPatch[],
  firstYear: number,
  lastYear: number,
): Required<HolidayData> {
  const inRange = (date: string) => {
    dayNumberOf(date); // rejects malformed keys
    const year = Number(date.slice(0, 4));
    return year >= firstYear && year <= lastYear;
  };
  const holidays = new Map<LocalDate, string>();
  const workdays = new Map<LocalDate, string>();
  for (const [date, value] of Object.entries(raw.holidays)) if (inRange(date)) holidays.set(date, festivalName(value));
  for (const [date, value] of Object.entries(raw.workdays)) if (inRange(date)) workdays.set(date, festivalName(value));

  for (const patch of patches) {
    dayNumberOf(patch.date);
    holidays.delete(patch.date);
    workdays.delete(patch.date);
    if (patch.set === 'holiday') holidays.set(patch.date, patch.name ?? '');
    if (patch.set === 'workday') workdays.set(patch.date, patch.name ?? '');
  }
  for (const date of holidays.keys()) {
    if (workdays.has(date)) throw new Error(`holiday data lists ${date} as both a holiday and a working day`);
  }

  const years: number[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    const prefix = `${year}-`;
    if (![...holidays.keys()].some((date) => date.startsWith(prefix))) {
      throw new Error(`holiday data has no arrangement for ${year}; update chinese-days or the shipped years`);
    }
    years.push(year);
  }
  return {
    holidays: new Map([...holidays].sort(([a], [b]) => a.localeCompare(b))),
    workdays: new Map([...workdays].sort(([a], [b]) => a.localeCompare(b))),
    years,
  };
}

let shipped: Required<HolidayData> | undefined;

function loadShipped(): Required<HolidayData> {
  if (shipped === undefined) {
    // The package's runtime API exposes only per-day queries; the raw tables are its documented JSON
    // (README: dist/chinese-days.json). A CommonJS require keeps this working under Node and Jest ESM.
    const require = createRequire(import.meta.url);
    const raw = require('chinese-days/dist/chinese-days.json') as RawHolidayTables;
    shipped = buildHolidayData(raw, HOLIDAY_PATCHES, FIRST_SHIPPED_YEAR, LAST_SHIPPED_YEAR);
  }
  return shipped;
}

/** The shipped arrangements (2020–2026), as fresh maps the caller may keep or change. */
export function shippedHolidayData(): Required<HolidayData> {
  const data = loadShipped();
  return { holidays: new Map(data.holidays), workdays: new Map(data.workdays), years: [...data.years] };
}

/** Years with a published (and shipped) arrangement, ascending. */
export function publishedYears(): number[] {
  return [...loadShipped().years];
}
