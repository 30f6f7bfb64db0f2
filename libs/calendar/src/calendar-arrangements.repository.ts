import { Inject, Injectable } from '@nestjs/common';
import { actorColumns, actorFromRow, toIso, type ActorRef } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';

/** A year's official arrangement as an admin imported it (docs/deadlines.md, "Importing a year"). */
export interface StoredArrangement {
  year: number;
  /** date → festival */
  holidays: Map<string, string>;
  /** date → festival (调休上班) */
  workdays: Map<string, string>;
  notice: string | null;
  contentHash: string;
  /** Who imported it (the history's actor shape). */
  importedBy: ActorRef | null;
  importedAt: string;
}

type Row = { year: number | string; holidays: string; workdays: string; notice: string | null; content_hash: string; imported_by: string | null; imported_at: string | Date; [actor: string]: unknown };

const toMap = (json: string) => new Map((JSON.parse(json) as Array<{ date: string; name: string }>).map((d) => [d.date, d.name]));
const toJson = (map: Map<string, string>) => JSON.stringify([...map].map(([date, name]) => ({ date, name })));

/** Every query on `calendar_arrangements`: one row per imported year, read whole (a few rows). */
@Injectable()
export class CalendarArrangementsRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async all(executor: SqlExecutor = this.db): Promise<StoredArrangement[]> {
    const rows = await executor.all<Row>(
      `SELECT a.year, a.holidays, a.workdays, a.notice, a.content_hash, a.imported_by, a.imported_at, ${actorColumns('u', 'by_')}
         FROM calendar_arrangements a LEFT JOIN users u ON u.id = a.imported_by ORDER BY a.year`,
    );
    return rows.map((r) => ({
      year: Number(r.year),
      holidays: toMap(r.holidays),
      workdays: toMap(r.workdays),
      notice: r.notice,
      contentHash: r.content_hash,
      importedBy: actorFromRow(r.imported_by, r, 'by_'),
      importedAt: toIso(r.imported_at)!,
    }));
  }

  /** False when the year is already there (the caller decides what that means). */
  async insert(a: StoredArrangement, tx: SqlExecutor): Promise<boolean> {
    const changed = await tx.run(
      `INSERT INTO calendar_arrangements (year, holidays, workdays, notice, content_hash, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (year) DO NOTHING`,
      [a.year, toJson(a.holidays), toJson(a.workdays), a.notice, a.contentHash, a.importedBy?.id ?? null, a.importedAt],
    );
    return changed > 0;
  }
}
