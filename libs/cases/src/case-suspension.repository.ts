import { Inject, Injectable } from '@nestjs/common';
import { actorColumns, actorFromRow, toIso } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import { SUSPENSION_REASON_LABELS, type SuspensionReason, type SuspensionView } from './dto/case-suspension.dto.js';

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function suspensionFromRow(r: Row): SuspensionView {
  const reason = String(r.reason) as SuspensionReason;
  return {
    id: String(r.id),
    caseId: String(r.case_id),
    clockName: String(r.clock_name),
    reason,
    reasonLabel: SUSPENSION_REASON_LABELS[reason] ?? reason,
    reasonText: str(r.reason_text),
    plannedResumeOn: String(r.planned_resume_on),
    suspendedAt: toIso(r.suspended_at as string)!,
    suspendedBy: actorFromRow(r.suspended_by, r, 'sb_')!,
    dueAt: toIso(r.due_at as string)!,
    remainingWorkingDays: Number(r.remaining_working_days),
    resumedAt: toIso(r.resumed_at as string),
    resumedBy: actorFromRow(r.resumed_by, r, 'rb_'),
    resumedDueAt: toIso(r.resumed_due_at as string),
    suspendedWorkingDays: r.suspended_working_days === null || r.suspended_working_days === undefined ? null : Number(r.suspended_working_days),
    open: r.resumed_at === null || r.resumed_at === undefined,
  };
}

/** A suspension with its actors in the history's shape (ActorRef: the users row as it is now). */
const SELECT_SUSPENSION = `SELECT s.*, ${actorColumns('sb', 'sb_')}, ${actorColumns('rb', 'rb_')}
  FROM case_suspensions s LEFT JOIN users sb ON sb.id = s.suspended_by LEFT JOIN users rb ON rb.id = s.resumed_by`;

/** Rows of `case_suspensions` (docs/suspension.md). */
@Injectable()
export class CaseSuspensionRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async list(caseId: string): Promise<SuspensionView[]> {
    const rows = await this.db.all<Row>(`${SELECT_SUSPENSION} WHERE s.case_id = ? ORDER BY s.suspended_at DESC, s.id DESC`, [caseId]);
    return rows.map(suspensionFromRow);
  }

  async find(tx: SqlExecutor, id: string): Promise<SuspensionView | undefined> {
    const row = await tx.one<Row>(`${SELECT_SUSPENSION} WHERE s.id = ?`, [id]);
    return row ? suspensionFromRow(row) : undefined;
  }

  async insert(tx: SqlExecutor, s: SuspensionView, clockId: string): Promise<void> {
    await tx.run(
      `INSERT INTO case_suspensions (id, case_id, clock_id, clock_name, reason, reason_text, planned_resume_on, suspended_at, suspended_by, suspended_by_username, due_at, remaining_working_days)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [s.id, s.caseId, clockId, s.clockName, s.reason, s.reasonText, s.plannedResumeOn, s.suspendedAt, s.suspendedBy.id, s.suspendedBy.username, s.dueAt, s.remainingWorkingDays],
    );
  }

  async close(tx: SqlExecutor, s: SuspensionView): Promise<void> {
    await tx.run(
      'UPDATE case_suspensions SET resumed_at = ?, resumed_by = ?, resumed_by_username = ?, resumed_due_at = ?, suspended_working_days = ? WHERE id = ? AND resumed_at IS NULL',
      [s.resumedAt, s.resumedBy!.id, s.resumedBy!.username, s.resumedDueAt, s.suspendedWorkingDays, s.id],
    );
  }
}
