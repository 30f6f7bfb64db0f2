import type { WorkingCalendar } from '@rectify/calendar';
import type { CellValue } from './cell-value.util.js';

/** 立行立改: due at the end of this many working days after the import is committed. */
export const IMMEDIATE_RECTIFICATION_WORKING_DAYS = 10;

/**
 * What a 整改时限 cell means:
 * - `date`: due at the end of that day (Asia/Shanghai);
 * - `workingDays`: due at the end of that many working days after the case is assigned;
 * - `default`: the cell is empty, the policy's default rectification period applies;
 * - `error`: not understood (the row is refused, never guessed).
 */
export type Deadline =
  | { kind: 'date'; date: string; meaning: string }
  | { kind: 'workingDays'; days: number; meaning: string }
  | { kind: 'default'; meaning: string }
  | { kind: 'error'; message: string };

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function ymd(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month) || year < 2000 || year > 2100) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const QUARTER_END: Record<string, [number, number]> = { 一: [3, 31], 1: [3, 31], 二: [6, 30], 2: [6, 30], 三: [9, 30], 3: [9, 30], 四: [12, 31], 4: [12, 31] };

/** A date written as text: 2025-06-30, 2025/6/30, 2025.6.30, 20250630, 2025年6月30日(前), 2025年6月(底)(前), 2025年(年)底(前), 2025年上半年, 2025年第二季度. */
function dateOfText(text: string, thisYear: number): { date: string; phrase: string } | null {
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const date = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { date, phrase: 'date' } : null;
  }
  m = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:前|之前|以前)?$/.exec(text);
  if (m) {
    const date = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { date, phrase: 'day' } : null;
  }
  m = /^(\d{4})[年-](\d{1,2})月?(?:底|末|份)?(?:前|之前|以前)?$/.exec(text);
  if (m) {
    const [year, month] = [Number(m[1]), Number(m[2])];
    const date = month >= 1 && month <= 12 ? ymd(year, month, lastDayOfMonth(year, month)) : null;
    return date ? { date, phrase: 'month' } : null;
  }
  m = /^(?:(\d{4})年|今年)?(?:年底|年末|底|末|年内|内)(?:前|之前|以前)?$/.exec(text) ?? /^(\d{4})年(?:前|之前)?$/.exec(text);
  if (m) {
    const year = m[1] ? Number(m[1]) : thisYear;
    const date = ymd(year, 12, 31);
    return date ? { date, phrase: 'year' } : null;
  }
  m = /^(?:(\d{4})年)?(上|下)半年(?:前|底前|内)?$/.exec(text);
  if (m) {
    const year = m[1] ? Number(m[1]) : thisYear;
    const date = m[2] === '上' ? ymd(year, 6, 30) : ymd(year, 12, 31);
    return date ? { date, phrase: 'half' } : null;
  }
  m = /^(?:(\d{4})年)?第?([一二三四1-4])季度(?:末|底)?(?:前|内)?$/.exec(text);
  if (m) {
    const year = m[1] ? Number(m[1]) : thisYear;
    const [month, day] = QUARTER_END[m[2]!]!;
    const date = ymd(year, month, day);
    return date ? { date, phrase: 'quarter' } : null;
  }
  return null;
}

const IMMEDIATE = /^(立行立改|立即整改|即知即改|立查立改|立知立改|边督边改)$/;
const ONGOING = /^(长期坚持|持续推进|持续整改|长期推进|常态化推进|长期)$/;

/**
 * Reads a 整改时限 cell. `today` is the import's Shanghai date: "年底前" without a year means the end of
 * this year. A date already past is reported, because the engine refuses a due in the past.
 */
export function parseDeadline(value: CellValue, today: string): Deadline {
  const thisYear = Number(today.slice(0, 4));
  if (value === null) return { kind: 'default', meaning: '未填写：按默认整改期限' };
  let date: string | null = null;
  let meaning = '';
  if (value instanceof Date) {
    // exceljs gives a date cell as midnight UTC of the date written in the cell.
    date = value.toISOString().slice(0, 10);
    meaning = `${date}（日期）`;
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 36_526 && value <= 73_051) {
      date = new Date(EXCEL_EPOCH_MS + value * DAY_MS).toISOString().slice(0, 10);
      meaning = `${date}（Excel 日期序号 ${value}）`;
    } else {
      const text = dateOfText(String(value), thisYear);
      if (text) [date, meaning] = [text.date, `${text.date}`];
    }
  } else {
    const text = value.normalize('NFKC').replace(/\s+/g, '').replace(/(?:完成|整改到位|完成整改)$/, '');
    if (IMMEDIATE.test(text)) {
      return { kind: 'workingDays', days: IMMEDIATE_RECTIFICATION_WORKING_DAYS, meaning: `“${value}”：立行立改，交办后 ${IMMEDIATE_RECTIFICATION_WORKING_DAYS} 个工作日内完成` };
    }
    if (ONGOING.test(text)) {
      const end = `${thisYear}-12-31`;
      return { kind: 'date', date: end, meaning: `“${value}”：长期坚持，按年度考核设阶段性时限 ${end}，次年以延期续期` };
    }
    const parsed = dateOfText(text, thisYear) ?? dateOfText(text.replace(/[，,;；].*$/, ''), thisYear);
    if (parsed) {
      date = parsed.date;
      meaning = parsed.phrase === 'date' ? date : `“${value}” → ${date}`;
    }
  }
  if (date === null) {
    return {
      kind: 'error',
      message: `整改时限“${String(value)}”无法识别：请填写日期（如 2025-06-30）、“2025年6月底前”、“年底前”、“立行立改”或“长期坚持”，或留空按默认期限`,
    };
  }
  return { kind: 'date', date, meaning };
}

/** The due instant a deadline gives a case assigned at `at`, or null for the policy default. */
export function dueOfDeadline(deadline: Deadline, at: Date, calendar: WorkingCalendar, defaultDays: number): Date | null {
  switch (deadline.kind) {
    case 'date':
      return calendar.endOfDay(deadline.date);
    case 'workingDays':
      return calendar.endOfWorkingDaysAfter(at, deadline.days);
    case 'default':
      return calendar.endOfWorkingDaysAfter(at, defaultDays);
    case 'error':
      return null;
  }
}
