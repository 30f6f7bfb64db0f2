import { Inject, Injectable } from '@nestjs/common';
import { toIso } from '@rectify/core';
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
  importedBy: string | null;
  importedAt: string;
}

type Row = { year: number | string; holidays: string; workdays: string; notice: string | null; content_hash: string; imported_by: string | null; imported_at: string | Date };

const toMap = (json: string) => new Map((JSON.parse(json) as Array<{ date: string; name: string }>).map((d) => [d.date, d.name]));
const toJson = (map: Map<string, string>) => JSON.stringify([...map].map(([date, name]) => ({ date, name })));

/** Every query on `calendar_arrangements`: one row per imported year, read whole (a few rows). */
@Injectable()
export class CalendarArrangementsRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async all(executor: SqlExecutor = this.db): Promise<StoredArrangement[]> {
    const rows = await executor.all<Row>('SELECT year, holidays, workdays, notice, content_hash, imported_by, imported_at FROM calendar_arrangements ORDER BY year');
    return rows.map((r) => ({
      year: Number(r.year),
      holidays: toMap(r.holidays),
      workdays: toMap(r.workdays),
      notice: r.notice,
      contentHash: r.content_hash,
      importedBy: r.imported_by,
      importedAt: toIso(r.imported_at)!,
    }));
  }

  /** False when the year is already there (the caller decides what that means). */
  async insert(a: StoredArrangement, tx: SqlExecutor): Promise<boolean> {
    const changed = await tx.run(
      `INSERT INTO calendar_arrangements (year, holidays, workdays, notice, content_hash, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (year) DO NOTHING`,
      [a.year, toJson(a.holidays), toJson(a.workdays), a.notice, a.contentHash, a.importedBy, a.importedAt],
    );
    return changed > 0;
  }
}
