import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock, DomainError } from '@rectify/core';
import type { SqlExecutor } from '@rectify/database';
import { requireRole, type AuthUser } from '@rectify/identity';
import { Role } from '@rectify/workflows';
import { CalendarOverridesRepository, type StoredOverride } from './calendar-overrides.repository.js';
import type { CalendarOverrideDto, CalendarRangeView } from './dto/calendar.dto.js';
import { dayNumberOf } from './local-date.util.js';
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

/** The working calendar in force: shipped PRC arrangements plus the admins' overrides from the database. */
@Injectable()
export class CalendarService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Calendar');
  private readonly shipped = new WorkingCalendar();
  private cached: { calendar: WorkingCalendar; at: number } | null = null;
  private loading: Promise<WorkingCalendar> | null = null;

  constructor(
    @Inject(CalendarOverridesRepository) private readonly overrides: CalendarOverridesRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.warnAboutMissingYears(this.clock.now());
  }

  /**
   * The calendar with the overrides; cached briefly. Inside a transaction pass it as `executor`, so a
   * reload reads through it (on a single-connection database a read outside would wait for the transaction).
   */
  async get(executor?: SqlExecutor): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.at < CALENDAR_CACHE_TTL_MS) return this.cached.calendar;
    if (executor) return this.load(executor);
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(executor?: SqlExecutor): Promise<WorkingCalendar> {
    const rows = await this.overrides.all(executor);
    const map = new Map<string, DayOverride>(rows.map((r) => [r.date, { workday: r.workday, name: r.name }]));
    const calendar = this.shipped.withOverrides(map);
    this.cached = { calendar, at: Date.now() };
    return calendar;
  }

  /** `GET /calendar?from=&to=`: every day of the range (both ends included, at most 366 days). */
  async range(from: string, to: string): Promise<CalendarRangeView> {
    const [first, last] = [checkedDate('from', from), checkedDate('to', to)];
    if (first > last) throw DomainError.validation(`from (${from}) must not be after to (${to})`);
    if (last - first + 1 > MAX_CALENDAR_RANGE_DAYS) {
      throw DomainError.validation(`A range may span at most ${MAX_CALENDAR_RANGE_DAYS} days; ${from}..${to} spans ${last - first + 1}`);
    }
    const calendar = await this.get();
    return withinCalendar(() => ({ days: calendar.days(from, to), source: calendar.sourceForRange(from, to) }));
  }

  /** `GET /calendar/add-working-days?from=&days=`: the days-th working day after (days < 0: before) `from`. */
  async addWorkingDays(from: string, days: number): Promise<{ date: string }> {
    checkedDate('from', from);
    const calendar = await this.get();
    return withinCalendar(() => ({ date: calendar.addWorkingDays(from, days) }));
  }

  /** `PUT /calendar/overrides/:date` (admin): wins over the shipped arrangement for clocks started from now on. */
  async putOverride(user: AuthUser, date: string, dto: CalendarOverrideDto): Promise<StoredOverride> {
    checkedDate('date', date);
    requireRole(user, [Role.Admin], 'change the calendar');
    const override: StoredOverride = { date, workday: dto.workday, updatedBy: user.id, updatedAt: this.clock.now().toISOString() };
    if (dto.name !== undefined) override.name = dto.name;
    await this.setOverride(override);
    return override;
  }

  /** `DELETE /calendar/overrides/:date` (admin): the day goes back to the shipped arrangement. */
  async deleteOverride(user: AuthUser, date: string): Promise<void> {
    checkedDate('date', date);
    requireRole(user, [Role.Admin], 'change the calendar');
    if (!(await this.overrides.remove(date))) throw DomainError.notFound(`Override for ${date}`);
    this.cached = null;
  }

  /** `GET /calendar/overrides`. */
  listOverrides(): Promise<StoredOverride[]> {
    return this.overrides.all();
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
