import { Inject, Injectable } from '@nestjs/common';
import { toIso } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import type { DayOverride } from './working-calendar.js';

export interface StoredOverride extends DayOverride {
  date: string;
  updatedBy: string | null;
  updatedAt: string;
}

type OverrideRow = { date: string; workday: number; name: string | null; updated_by: string | null; updated_at: string | Date };

/** Every query on `calendar_overrides`: an admin's decision about one day, keyed by its date. */
@Injectable()
export class CalendarOverridesRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async all(executor: SqlExecutor = this.db): Promise<StoredOverride[]> {
    const rows = await executor.all<OverrideRow>('SELECT date, workday, name, updated_by, updated_at FROM calendar_overrides ORDER BY date');
    return rows.map((r) => ({
      date: r.date,
      workday: Number(r.workday) === 1,
      name: r.name ?? undefined,
      updatedBy: r.updated_by,
      updatedAt: toIso(r.updated_at)!,
    }));
  }

  async upsert(o: StoredOverride): Promise<void> {
    await this.db.run(
      `INSERT INTO calendar_overrides (date, workday, name, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (date) DO UPDATE SET workday = excluded.workday, name = excluded.name, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [o.date, o.workday ? 1 : 0, o.name ?? null, o.updatedBy, o.updatedAt],
    );
  }

  /** True when there was an override to remove. */
  async remove(date: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM calendar_overrides WHERE date = ?', [date])) > 0;
  }
}
