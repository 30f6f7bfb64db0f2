import { Inject, Injectable } from '@nestjs/common';
import { actorColumns, actorFromRow, toIso, type ActorRef } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import type { DayOverride } from './working-calendar.js';

/** The national layer's key in `calendar_overrides.region_code` (and `policies.region_code`). */
export const NATIONAL_LAYER = '';

export interface StoredOverride extends DayOverride {
  /** The region whose calendar (and whose subtree's) this decides; null = the national layer. */
  regionCode: string | null;
  date: string;
  /** Who saved it (the history's actor shape); null for rows seeded without a user. */
  updatedBy: ActorRef | null;
  updatedAt: string;
}

type OverrideRow = { region_code: string; date: string; workday: number; name: string | null; updated_by: string | null; updated_at: string | Date; [actor: string]: unknown };

/** Every query on `calendar_overrides`: an admin's decision about one day for one region's subtree. */
@Injectable()
export class CalendarOverridesRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  /** Every override of every region (a few per region and year: read whole, cached by the service). */
  async all(executor: SqlExecutor = this.db): Promise<StoredOverride[]> {
    const rows = await executor.all<OverrideRow>(
      `SELECT o.region_code, o.date, o.workday, o.name, o.updated_by, o.updated_at, ${actorColumns('u', 'by_')}
         FROM calendar_overrides o LEFT JOIN users u ON u.id = o.updated_by ORDER BY o.region_code, o.date`,
    );
    return rows.map((r) => ({
      regionCode: r.region_code === NATIONAL_LAYER ? null : r.region_code,
      date: r.date,
      workday: Number(r.workday) === 1,
      name: r.name ?? undefined,
      updatedBy: actorFromRow(r.updated_by, r, 'by_'),
      updatedAt: toIso(r.updated_at)!,
    }));
  }

  async upsert(o: StoredOverride): Promise<void> {
    await this.db.run(
      `INSERT INTO calendar_overrides (region_code, date, workday, name, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (region_code, date) DO UPDATE SET workday = excluded.workday, name = excluded.name, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [o.regionCode ?? NATIONAL_LAYER, o.date, o.workday ? 1 : 0, o.name ?? null, o.updatedBy?.id ?? null, o.updatedAt],
    );
  }

  /** True when there was an override to remove. */
  async remove(regionCode: string | null, date: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM calendar_overrides WHERE region_code = ? AND date = ?', [regionCode ?? NATIONAL_LAYER, date])) > 0;
  }
}
