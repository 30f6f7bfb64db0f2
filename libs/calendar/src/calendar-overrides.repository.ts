import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@rectify/database';
import type { DayOverride } from './working-calendar.js';

export interface StoredOverride extends DayOverride {
  date: string;
  updatedBy: string | null;
  updatedAt: string;
}

@Injectable()
export class CalendarOverridesRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async all(): Promise<StoredOverride[]> {
    const rows = await this.db.all<{ date: string; workday: number; name: string | null; updated_by: string | null; updated_at: string | Date }>(
      'SELECT date, workday, name, updated_by, updated_at FROM calendar_overrides ORDER BY date',
    );
    return rows.map((r) => ({
      date: r.date,
      workday: Number(r.workday) === 1,
      name: r.name ?? undefined,
      updatedBy: r.updated_by,
      updatedAt: r.updated_at instanceof Date ? r.updated_at.toISOString() : String(r.updated_at),
    }));
  }

  async upsert(o: StoredOverride): Promise<void> {
    await this.db.run(
      `INSERT INTO calendar_overrides (date, workday, name, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (date) DO UPDATE SET workday = excluded.workday, name = excluded.name, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [o.date, o.workday ? 1 : 0, o.name ?? null, o.updatedBy, o.updatedAt],
    );
  }
}
