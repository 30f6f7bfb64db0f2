import { Inject, Injectable, Logger } from '@nestjs/common';
import { CalendarOverridesRepository, type StoredOverride } from './calendar-overrides.repository.js';
import { WorkingCalendar, type DayOverride } from './working-calendar.js';

/** Another instance's override is seen within this time. */
const CALENDAR_CACHE_TTL_MS = 5_000;

/** The working calendar in force: shipped PRC arrangements plus the admins' overrides from the database. */
@Injectable()
export class CalendarService {
  private readonly logger = new Logger('Calendar');
  private readonly shipped = new WorkingCalendar();
  private cached: { calendar: WorkingCalendar; at: number } | null = null;
  private loading: Promise<WorkingCalendar> | null = null;

  constructor(@Inject(CalendarOverridesRepository) private readonly overrides: CalendarOverridesRepository) {}

  async get(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.at < CALENDAR_CACHE_TTL_MS) return this.cached.calendar;
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<WorkingCalendar> {
    const rows = await this.overrides.all();
    const map = new Map<string, DayOverride>(rows.map((r) => [r.date, { workday: r.workday, name: r.name }]));
    const calendar = this.shipped.withOverrides(map);
    this.cached = { calendar, at: Date.now() };
    return calendar;
  }

  async setOverride(override: StoredOverride): Promise<void> {
    await this.overrides.upsert(override);
    this.cached = null;
  }

  listOverrides(): Promise<StoredOverride[]> {
    return this.overrides.all();
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
