import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock, DomainError, pageOf, WHOLE_LIST_PAGE_SIZE, type Page } from '@rectify/core';
import type { SqlExecutor } from '@rectify/database';
import { JurisdictionService, RegionTreeService, type AuthUser } from '@rectify/identity';
import { CalendarOverridesRepository, type StoredOverride } from './calendar-overrides.repository.js';
import type { CalendarOverrideDto, CalendarRangeView } from './dto/calendar.dto.js';
import { dayNumberOf, formatDayNumber } from './local-date.util.js';
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
    const calendar = merged.size === 0 ? this.shipped : this.shipped.withOverrides(merged);
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
    const rows = await this.overrides.all(executor);
    const byLayer = new Map<string | null, Map<string, DayOverride>>();
    for (const r of rows) {
      let layer = byLayer.get(r.regionCode);
      if (!layer) byLayer.set(r.regionCode, (layer = new Map()));
      layer.set(r.date, { workday: r.workday, name: r.name });
    }
    const snapshot: OverrideSnapshot = { rows, byLayer, calendars: new Map(), at: Date.now() };
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
  async addWorkingDays(user: AuthUser, from: string, days: number, regionCode?: string): Promise<{ date: string }> {
    checkedDate('from', from);
    const calendar = await this.forRegion(await this.readerRegion(user, regionCode));
    return withinCalendar(() => ({ date: calendar.addWorkingDays(from, days) }));
  }

  /**
   * `PUT /calendar/overrides/:date?regionCode=` (an admin of that region; default their own): wins
   * over the shipped arrangement and over the layers above, for clocks started from now on, in that
   * region's subtree only.
   */
  async putOverride(user: AuthUser, date: string, dto: CalendarOverrideDto, regionCode?: string): Promise<StoredOverride> {
    checkedDate('date', date);
    const layer = await this.jurisdiction.ruleLayer(user, regionCode, 'change the calendar');
    const override: StoredOverride = { regionCode: layer, date, workday: dto.workday, updatedBy: user.id, updatedAt: this.clock.now().toISOString() };
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

  /** Logs a warning when the current or next year has no published arrangement (SPEC §4). */
  warnAboutMissingYears(now: Date): void {
    const year = Number(this.shipped.localDateOf(now).slice(0, 4));
    for (const y of [year, year + 1]) {
      if (this.shipped.sourceForYear(y) === 'weekdays-only') {
        this.logger.warn(`No published holiday arrangement for ${y}: working days fall back to Monday–Friday until it ships or an admin adds overrides`);
      }
    }
  }
}
