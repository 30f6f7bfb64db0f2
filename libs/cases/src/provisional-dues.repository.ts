import { Inject, Injectable } from '@nestjs/common';
import { toIso } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';

/**
 * A due counted over a year without an official arrangement (docs/deadlines.md, "Provisional dues"):
 * what it was counted from and how many working days, so that importing the year can count it again.
 * `clock`: the running clock's due (`clockId`); `rectification`: the case's rectificationDueAt;
 * `decision`: a pending extension's decision clock (`clockId`), the supervisor's, beside the unit's.
 */
export interface ProvisionalDue {
  caseId: string;
  kind: 'clock' | 'rectification' | 'decision';
  clockId: string | null;
  countedFrom: string;
  workingDays: number;
  dueAt: string;
}

type Row = { case_id: string; kind: string; clock_id: string | null; counted_from: string | Date; working_days: number | string; due_at: string | Date };
const fromRow = (r: Row): ProvisionalDue => ({
  caseId: String(r.case_id),
  kind: r.kind as ProvisionalDue['kind'],
  clockId: r.clock_id,
  countedFrom: toIso(r.counted_from)!,
  workingDays: Number(r.working_days),
  dueAt: toIso(r.due_at)!,
});

@Injectable()
export class ProvisionalDuesRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async put(due: ProvisionalDue, tx: SqlExecutor): Promise<void> {
    await tx.run(
      `INSERT INTO provisional_dues (case_id, kind, clock_id, counted_from, working_days, due_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (case_id, kind) DO UPDATE SET clock_id = excluded.clock_id, counted_from = excluded.counted_from, working_days = excluded.working_days, due_at = excluded.due_at`,
      [due.caseId, due.kind, due.clockId, due.countedFrom, due.workingDays, due.dueAt],
    );
  }

  async remove(caseId: string, kind: ProvisionalDue['kind'], tx: SqlExecutor): Promise<void> {
    await tx.run('DELETE FROM provisional_dues WHERE case_id = ? AND kind = ?', [caseId, kind]);
  }

  async get(caseId: string, kind: ProvisionalDue['kind'], tx: SqlExecutor): Promise<ProvisionalDue | undefined> {
    const row = await tx.one<Row>('SELECT case_id, kind, clock_id, counted_from, working_days, due_at FROM provisional_dues WHERE case_id = ? AND kind = ?', [caseId, kind]);
    return row ? fromRow(row) : undefined;
  }

  /** Every provisional due, by case (an import counts them again). */
  async all(tx: SqlExecutor): Promise<ProvisionalDue[]> {
    const rows = await tx.all<Row>('SELECT case_id, kind, clock_id, counted_from, working_days, due_at FROM provisional_dues ORDER BY case_id, kind');
    return rows.map(fromRow);
  }

  /** `caseId → kinds` for a page of cases (the views' `provisional` flags). */
  async kindsOf(caseIds: readonly string[], executor: SqlExecutor = this.db): Promise<Map<string, Array<{ kind: string; clockId: string | null }>>> {
    const out = new Map<string, Array<{ kind: string; clockId: string | null }>>();
    for (let i = 0; i < caseIds.length; i += 500) {
      const chunk = caseIds.slice(i, i + 500);
      const rows = await executor.all<Row>(`SELECT case_id, kind, clock_id FROM provisional_dues WHERE case_id IN (${chunk.map(() => '?').join(', ')})`, chunk);
      for (const r of rows) {
        const list = out.get(String(r.case_id)) ?? [];
        list.push({ kind: r.kind, clockId: r.clock_id });
        out.set(String(r.case_id), list);
      }
    }
    return out;
  }
}
