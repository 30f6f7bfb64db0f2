/**
 * Calendar dates ('YYYY-MM-DD') in Asia/Shanghai. China has used a fixed UTC+08:00 offset with no
 * daylight saving since 1991, so no time-zone database is needed; dates are handled as whole-day
 * numbers (days since 1970-01-01) to keep the arithmetic exact.
 */

/** A calendar date written 'YYYY-MM-DD' (Asia/Shanghai when it stands for a local day). */
export type LocalDate = string;

export const SHANGHAI_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; RangeError when the text is not a real date. */
export function dayNumberOf(date: LocalDate): number {
  const match = typeof date === 'string' ? LOCAL_DATE_PATTERN.exec(date) : null;
  if (match === null) throw new RangeError(`not a YYYY-MM-DD date: ${String(date)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  utc.setUTCFullYear(year, month - 1, day);
  if (year < 1 || utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return Math.round(utc.getTime() / DAY_MS);
}

/** The 'YYYY-MM-DD' date of a day number (inverse of dayNumberOf). */
export function formatDayNumber(dayNumber: number): LocalDate {
  const utc = new Date(dayNumber * DAY_MS);
  const year = utc.getUTCFullYear();
  if (!Number.isInteger(dayNumber) || Number.isNaN(year) || year < 1 || year > 9999) {
    throw new RangeError(`day number out of the supported range (years 1-9999): ${dayNumber}`);
  }
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(year, 4)}-${pad(utc.getUTCMonth() + 1, 2)}-${pad(utc.getUTCDate(), 2)}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekendDayNumber(dayNumber: number): boolean {
  const weekday = weekdayOfDayNumber(dayNumber);
  return weekday === 0 || weekday === 6;
}

export function yearOf(date: LocalDate): number {
  dayNumberOf(date);
  return Number(date.slice(0, 4));
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDateOf(instant: Date): LocalDate {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return formatDayNumber(Math.floor((ms + SHANGHAI_UTC_OFFSET_MS) / DAY_MS));
}

/** 23:59:59.999 +08:00 of a date, as an instant. */
export function endOfShanghaiDay(date: LocalDate): Date {
  return new Date((dayNumberOf(date) + 1) * DAY_MS - 1 - SHANGHAI_UTC_OFFSET_MS);
}
