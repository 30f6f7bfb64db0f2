import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { actorOf, Clock, DomainError, ErrorCode, pageOf, WHOLE_LIST_PAGE_SIZE, type Page } from '@rectify/core';
import type { SqlExecutor } from '@rectify/database';
import { JurisdictionService, RegionTreeService, type AuthUser } from '@rectify/identity';
import { createHash } from 'node:crypto';
import { CalendarArrangementsRepository, type StoredArrangement } from './calendar-arrangements.repository.js';
import { CalendarOverridesRepository, type StoredOverride } from './calendar-overrides.repository.js';
import type { CalendarOverrideDto, CalendarRangeView, ImportArrangementDto } from './dto/calendar.dto.js';
import { shippedHolidayData } from './holiday-data.js';
import { dayNumberOf, formatDayNumber, isWeekendDayNumber } from './local-date.util.js';
import { WorkingCalendar, type DayOverride } from './working-calendar.js';

/** Another instance's override is seen within this time. */
const CALENDAR_CACHE_TTL_MS = 5_000;
/** The longest range `GET /calendar` returns, in days (a leap year). */
export const MAX_CALENDAR_RANGE_DAYS = 366;

/** A date the caller typed: a real YYYY-MM-DD date, else 400. */
function checkedDate(name: string, date: string): number {
  try {
    return dayNumberOf(date);
  } catch {
    throw DomainError.validation(`${name} must be a real calendar date written YYYY-MM-DD, got "${date}"`);
  }
}

/** Working-day arithmetic far outside any real deadline (years beyond 9999) is the caller's input error. */
function withinCalendar<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RangeError) throw DomainError.validation(error.message);
    throw error;
  }
}

/** Every override, by layer (null = national), as last read. */
interface OverrideSnapshot {
  rows: StoredOverride[];
  arrangements: StoredArrangement[];
  /** The shipped arrangements with the imported years. */
  base: WorkingCalendar;
  byLayer: Map<string | null, Map<string, DayOverride>>;
  /** Each region's calendar, built on first use from this snapshot. */
  calendars: Map<string | null, WorkingCalendar>;
  at: number;
}

/**
 * The working calendar of a region: shipped PRC arrangements, then the national overrides, then each
 * region's down the tree to the region itself (the nearest decides a day). A 浙江 override moves
 * 浙江's deadlines only. One read of all overrides per TTL; each region's calendar built once per read.
 */
@Injectable()
export class CalendarService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Calendar');
  private readonly shipped = new WorkingCalendar();
  private cached: OverrideSnapshot | null = null;
  private loading: Promise<OverrideSnapshot> | null = null;

  constructor(
    @Inject(CalendarOverridesRepository) private readonly overrides: CalendarOverridesRepository,
    @Inject(CalendarArrangementsRepository) private readonly arrangementRows: CalendarArrangementsRepository,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.warnAboutMissingYears(this.clock.now());
  }

  /** The national calendar (shipped arrangements and national overrides). */
  get(executor?: SqlExecutor): Promise<WorkingCalendar> {
    return this.forRegion(null, executor);
  }

  /**
   * The calendar a case of `regionCode` counts its working days on; cached. Inside a transaction pass
   * it as `executor`, so a reload reads through it (on a single-connection database a read outside
   * would wait for the transaction).
   */
  async forRegion(regionCode: string | null, executor?: SqlExecutor): Promise<WorkingCalendar> {
    const snapshot = await this.snapshot(executor);
    const known = snapshot.calendars.get(regionCode);
    if (known) return known;
    const layers: Array<string | null> = [null];
    if (regionCode !== null) for (const r of (await this.regions.ancestry(regionCode)).reverse()) if (r.level !== 'nation') layers.push(r.code);
    const merged = new Map<string, DayOverride>();
    for (const layer of layers) for (const [date, o] of snapshot.byLayer.get(layer) ?? []) merged.set(date, o);
    const calendar = merged.size === 0 ? snapshot.base : snapshot.base.withOverrides(merged);
    snapshot.calendars.set(regionCode, calendar);
    return calendar;
  }

  private async snapshot(executor?: SqlExecutor): Promise<OverrideSnapshot> {
    if (this.cached && Date.now() - this.cached.at < CALENDAR_CACHE_TTL_MS) return this.cached;
    if (executor) return this.load(executor);
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(executor?: SqlExecutor): Promise<OverrideSnapshot> {
    const [rows, arrangements] = await Promise.all([this.overrides.all(executor), this.arrangementRows.all(executor)]);
    const byLayer = new Map<string | null, Map<string, DayOverride>>();
    for (const r of rows) {
      let layer = byLayer.get(r.regionCode);
      if (!layer) byLayer.set(r.regionCode, (layer = new Map()));
      layer.set(r.date, { workday: r.workday, name: r.name });
    }
    const base = arrangements.length === 0 ? this.shipped : new WorkingCalendar(withImported(arrangements));
    const snapshot: OverrideSnapshot = { rows, arrangements, base, byLayer, calendars: new Map(), at: Date.now() };
    this.cached = snapshot;
    return snapshot;
  }

  /** The region a reader means: the one named (must exist), else their own. */
  private async readerRegion(user: AuthUser, regionCode?: string): Promise<string | null> {
    return this.jurisdiction.ruleLayer(user, regionCode);
  }

  /** `GET /calendar?from=&to=&regionCode=`: every day of [from, to) (`to` excluded, at most 366 days). */
  async range(user: AuthUser, from: string, to: string, regionCode?: string): Promise<CalendarRangeView> {
    const [first, end] = [checkedDate('from', from), checkedDate('to', to)];
    if (first >= end) throw DomainError.validation(`from (${from}) must be before to (${to}); to is excluded`);
    if (end - first > MAX_CALENDAR_RANGE_DAYS) {
      throw DomainError.validation(`A range may span at most ${MAX_CALENDAR_RANGE_DAYS} days; ${from}..${to} spans ${end - first}`);
    }
    const last = formatDayNumber(end - 1);
    const calendar = await this.forRegion(await this.readerRegion(user, regionCode));
    return withinCalendar(() => ({ days: calendar.days(from, last), source: calendar.sourceForRange(from, last) }));
  }

  /** `GET /calendar/add-working-days?from=&days=&regionCode=`: the days-th working day after (days < 0: before) `from`. */
  async addWorkingDays(user: AuthUser, from: string, days: number, regionCode?: string): Promise<{ date: string; provisional: boolean }> {
    checkedDate('from', from);
    const calendar = await this.forRegion(await this.readerRegion(user, regionCode));
    return withinCalendar(() => {
      const date = calendar.addWorkingDays(from, days);
      return { date, provisional: calendar.isProvisionalBetween(from, date) };
    });
  }

  /**
   * `PUT /calendar/overrides/:date?regionCode=` (an admin of that region; default their own): wins
   * over the shipped arrangement and over the layers above, for clocks started from now on, in that
   * region's subtree only.
   */
  async putOverride(user: AuthUser, date: string, dto: CalendarOverrideDto, regionCode?: string): Promise<StoredOverride> {
    checkedDate('date', date);
    const layer = await this.jurisdiction.ruleLayer(user, regionCode, 'change the calendar');
    const override: StoredOverride = { regionCode: layer, date, workday: dto.workday, updatedBy: actorOf(user), updatedAt: this.clock.now().toISOString() };
    if (dto.name !== undefined) override.name = dto.name;
    await this.setOverride(override);
    return override;
  }

  /** `DELETE /calendar/overrides/:date?regionCode=`: the day goes back to what the layers above say. */
  async deleteOverride(user: AuthUser, date: string, regionCode?: string): Promise<void> {
    checkedDate('date', date);
    const layer = await this.jurisdiction.ruleLayer(user, regionCode, 'change the calendar');
    if (!(await this.overrides.remove(layer, date))) throw DomainError.notFound(`Override for ${date}`);
    this.cached = null;
  }

  /**
   * `GET /calendar/overrides?regionCode=`: the overrides that decide days for that region (default the
   * caller's): the national ones and those of each region above it and of itself, nearest last.
   */
  async listOverrides(user: AuthUser, query: { regionCode?: string; page?: number; pageSize?: number } = {}): Promise<Page<StoredOverride>> {
    const layer = await this.readerRegion(user, query.regionCode);
    const order: Array<string | null> = [null];
    if (layer !== null) for (const r of (await this.regions.ancestry(layer)).reverse()) if (r.level !== 'nation') order.push(r.code);
    const rank = new Map(order.map((code, i) => [code, i]));
    const rows = (await this.snapshot()).rows.filter((r) => rank.has(r.regionCode));
    rows.sort((a, b) => (a.date === b.date ? rank.get(a.regionCode)! - rank.get(b.regionCode)! : a.date < b.date ? -1 : 1));
    return pageOf(rows, query, WHOLE_LIST_PAGE_SIZE);
  }

  async setOverride(override: StoredOverride): Promise<void> {
    await this.overrides.upsert(override);
    this.cached = null;
  }

  // ---------------------------------------------------------------- official arrangements

  /** The imported years (read through `executor` inside a transaction). */
  async arrangements(executor?: SqlExecutor): Promise<StoredArrangement[]> {
    return executor ? this.arrangementRows.all(executor) : (await this.snapshot()).arrangements;
  }

  /**
   * A whole-year import, checked: a national admin; a year without a shipped arrangement; every date a
   * real date of that year, listed once; no day both off and worked; make-up working days on weekends.
   * Returns the arrangement to store (its content hash makes a repeated import recognisable).
   */
  async checkArrangement(user: AuthUser, dto: ImportArrangementDto): Promise<StoredArrangement> {
    await this.jurisdiction.requireNationalAdmin(user, 'import an official holiday arrangement');
    if (this.shipped.sourceForYear(dto.year) === 'official') {
      throw new DomainError(ErrorCode.Conflict, `${dto.year} ships with its official arrangement; correct single days with overrides`);
    }
    const problems: string[] = [];
    const holidays = new Map<string, string>();
    const workdays = new Map<string, string>();
    const take = (list: Array<{ date: string; name: string }>, into: Map<string, string>, what: string) => {
      for (const [i, day] of list.entries()) {
        let dayNumber: number;
        try {
          dayNumber = dayNumberOf(day.date);
        } catch {
          problems.push(`${what}.${i}.date ${day.date} is not a real date`);
          continue;
        }
        if (Number(day.date.slice(0, 4)) !== dto.year) problems.push(`${what}.${i}.date ${day.date} is not in ${dto.year}`);
        else if (holidays.has(day.date) || workdays.has(day.date)) problems.push(`${what}.${i}.date ${day.date} is listed twice`);
        else if (what === 'workdays' && !isWeekendDayNumber(dayNumber)) problems.push(`${what}.${i}.date ${day.date} is a weekday: a make-up working day is a Saturday or Sunday`);
        else into.set(day.date, day.name);
      }
    };
    take(dto.holidays, holidays, 'holidays');
    take(dto.workdays, workdays, 'workdays');
    if (problems.length > 0) throw DomainError.validation(problems.join('; '), { errors: problems });
    const sorted = (m: Map<string, string>) => new Map([...m].sort(([a], [b]) => a.localeCompare(b)));
    const [h, w] = [sorted(holidays), sorted(workdays)];
    const contentHash = createHash('sha256').update(JSON.stringify({ year: dto.year, holidays: [...h], workdays: [...w] })).digest('hex');
    return { year: dto.year, holidays: h, workdays: w, notice: dto.notice ?? null, contentHash, importedBy: actorOf(user), importedAt: this.clock.now().toISOString() };
  }

  /**
   * Stores a checked arrangement inside the caller's transaction; true when it is new, false when this
   * same arrangement was imported before. A different arrangement for an imported year is 409.
   */
  async storeArrangement(arrangement: StoredArrangement, tx: SqlExecutor): Promise<boolean> {
    const existing = (await this.arrangementRows.all(tx)).find((a) => a.year === arrangement.year);
    if (existing) {
      if (existing.contentHash === arrangement.contentHash) return false;
      throw new DomainError(ErrorCode.Conflict, `${arrangement.year}'s arrangement was imported on ${existing.importedAt}; correct single days with overrides`);
    }
    await this.arrangementRows.insert(arrangement, tx);
    this.cached = null;
    return true;
  }

  /** Forget what was read (after a transaction that changed the arrangements ended, either way). */
  invalidate(): void {
    this.cached = null;
  }

  /** Logs a warning when the current or next year has no published arrangement (SPEC §4). */
  warnAboutMissingYears(now: Date): void {
    const year = Number(this.shipped.localDateOf(now).slice(0, 4));
    for (const y of [year, year + 1]) {
      if (this.shipped.sourceForYear(y) !== 'official') {
        this.logger.warn(`No published holiday arrangement for ${y}: its statutory holidays are computed (dues over them are provisional) until an admin imports the official arrangement`);
      }
    }
  }
}

/** The shipped arrangements with the imported years added (an imported year is official). */
function withImported(arrangements: StoredArrangement[]) {
  const data = shippedHolidayData();
  for (const a of arrangements) {
    for (const [date, name] of a.holidays) data.holidays.set(date, name);
    for (const [date, name] of a.workdays) data.workdays.set(date, name);
  }
  return { ...data, years: [...new Set([...data.years, ...arrangements.map((a) => a.year)])].sort((x, y) => x - y) };
}
