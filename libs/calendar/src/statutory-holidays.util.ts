import { createRequire } from 'node:module';
import { dayNumberOf, formatDayNumber, type LocalDate } from './local-date.util.js';

/**
 * The statutory holidays of a year computed from the national rules (全国年节及纪念日放假办法), for years
 * whose State Council arrangement is not published yet (docs/deadlines.md, "Years without a published
 * arrangement"). Only the legal days themselves: the 调休 swaps each notice adds cannot be predicted.
 *
 * The lunar dates (春节, 端午, 中秋) and the 清明 solar term come from `chinese-days`, which ships a
 * lunar table for 1900–2100 and exposes `getSolarDateFromLunar` and `getSolarTermDate`; no table of
 * our own is needed.
 */
interface ChineseDaysLunar {
  getSolarDateFromLunar(lunarDate: string): { date: string; leapMonthDate?: string };
  getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string;
}

let lunar: ChineseDaysLunar | undefined;
function chineseDays(): ChineseDaysLunar {
  // The package's CommonJS build (its `main`), as holiday-data.ts reads its JSON.
  lunar ??= createRequire(import.meta.url)('chinese-days') as ChineseDaysLunar;
  return lunar;
}

/** The amendment of 2024-11-10 (国务院令第795号) added 除夕 and 5月2日 from 2025 on. */
export const STATUTORY_RULES_2025_FROM_YEAR = 2025;

const pad = (n: number) => String(n).padStart(2, '0');
const plusDays = (date: LocalDate, days: number) => formatDayNumber(dayNumberOf(date) + days);

/**
 * The statutory days off of `year`, date → festival name (names as in the notices): 元旦 1 day,
 * 春节 3 days (初一–初三; 除夕 too from 2025: 4), 清明节 1 (the solar term), 劳动节 1 (5月1日; 5月2日
 * too from 2025), 端午节 1 (五月初五), 中秋节 1 (八月十五), 国庆节 3 (10月1–3日).
 */
export function statutoryHolidays(year: number): Map<LocalDate, string> {
  if (!Number.isInteger(year) || year < 1901 || year > 2099) throw new RangeError(`no lunar data for ${year}`);
  const cd = chineseDays();
  const fromLunar = (month: number, day: number) => cd.getSolarDateFromLunar(`${year}-${pad(month)}-${pad(day)}`).date;
  const newRules = year >= STATUTORY_RULES_2025_FROM_YEAR;
  const days = new Map<LocalDate, string>();
  days.set(`${year}-01-01`, '元旦');
  const springFestival = fromLunar(1, 1);
  for (let i = newRules ? -1 : 0; i <= 2; i++) days.set(plusDays(springFestival, i), '春节');
  days.set(cd.getSolarTermDate(year, 4, 'pure_brightness'), '清明节');
  days.set(`${year}-05-01`, '劳动节');
  if (newRules) days.set(`${year}-05-02`, '劳动节');
  days.set(fromLunar(5, 5), '端午节');
  // 中秋 can fall on 10月1–3日 (2020: 10月1日): the day then counts once, as 国庆节.
  days.set(fromLunar(8, 15), '中秋节');
  for (let d = 1; d <= 3; d++) days.set(`${year}-10-0${d}`, '国庆节');
  return new Map([...days].sort(([a], [b]) => a.localeCompare(b)));
}
