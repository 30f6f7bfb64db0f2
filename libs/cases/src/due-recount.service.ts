import { Inject, Injectable } from '@nestjs/common';
import { CalendarService, type ArrangementImportView, type ImportArrangementDto, type RecomputedDueView } from '@rectify/calendar';
import { toIso } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import type { AuthUser } from '@rectify/identity';
import { PolicyService } from '@rectify/policies';
import type { Actor } from './case-hooks.js';
import { CaseRepository } from './case.repository.js';
import { CaseWorkflowService } from './case-workflow.service.js';
import { ProvisionalDuesRepository, type ProvisionalDue } from './provisional-dues.repository.js';

/** The history entry of a due an import counted again (docs/deadlines.md, "Importing a year"). */
export const DUE_RECOMPUTED = 'DUE_RECOMPUTED';

/**
 * `POST /calendar/arrangements`: stores a year's official arrangement and, in the same transaction,
 * counts every provisional due again on the new calendar of its case's region: the running clock's due,
 * the case's rectification due and a pending extension's decision clock. Each case whose due moved gets one `DUE_RECOMPUTED` history entry
 * (through the engine's one writer, so the hash chain covers it) with the changes before → after.
 * Dues given as instants, and dues counted over official years only, never move.
 */
@Injectable()
export class DueRecountService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(CalendarService) private readonly calendars: CalendarService,
    @Inject(PolicyService) private readonly policies: PolicyService,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseWorkflowService) private readonly workflow: CaseWorkflowService,
    @Inject(ProvisionalDuesRepository) private readonly provisional: ProvisionalDuesRepository,
  ) {}

  async importArrangement(user: AuthUser, dto: ImportArrangementDto): Promise<ArrangementImportView> {
    const arrangement = await this.calendars.checkArrangement(user, dto);
    const view: ArrangementImportView = {
      year: arrangement.year,
      holidays: arrangement.holidays.size,
      workdays: arrangement.workdays.size,
      changed: false,
      recounted: 0,
      moved: [],
      importedAt: arrangement.importedAt,
    };
    try {
      return await this.db.write(async (tx) => {
        view.changed = await this.calendars.storeArrangement(arrangement, tx);
        if (!view.changed) return view;
        const byCase = new Map<string, ProvisionalDue[]>();
        for (const due of await this.provisional.all(tx)) byCase.set(due.caseId, [...(byCase.get(due.caseId) ?? []), due]);
        const actor: Actor = { kind: 'user', user };
        for (const [caseId, dues] of byCase) await this.recount(tx, caseId, dues, actor, arrangement, view);
        return view;
      });
    } finally {
      this.calendars.invalidate(); // whatever the transaction did, the next read sees the database
    }
  }

  private async recount(
    tx: SqlExecutor,
    caseId: string,
    dues: ProvisionalDue[],
    actor: Actor,
    arrangement: { year: number; notice: string | null },
    view: ArrangementImportView,
  ): Promise<void> {
    const record = await this.cases.findById(caseId, tx, { lock: true });
    if (!record) return;
    const calendar = await this.calendars.forRegion(record.regionCode, tx);
    const changes: Record<string, { before: string; after: string }> = {};
    const columns: Parameters<CaseWorkflowService['annotate']>[5] = {};
    for (const due of dues) {
      const current =
        due.kind === 'clock' ? (due.clockId === record.clockId ? record.clockDueAt : null) : due.kind === 'decision' ? await this.openDueOf(tx, due.clockId) : record.rectificationDueAt;
      if (current !== due.dueAt) {
        await this.provisional.remove(caseId, due.kind, tx); // the due changed since (a transition): nothing left to count
        continue;
      }
      view.recounted++;
      const from = new Date(due.countedFrom);
      const next = calendar.endOfWorkingDaysAfter(from, due.workingDays).toISOString();
      const stillProvisional = calendar.isProvisionalDue(from, new Date(next));
      if (stillProvisional) await this.provisional.put({ ...due, dueAt: next }, tx);
      else await this.provisional.remove(caseId, due.kind, tx);
      if (next === due.dueAt) continue;
      const moved: RecomputedDueView = { caseId, caseCode: record.code, kind: due.kind, previousDueAt: due.dueAt, dueAt: next, provisional: stillProvisional };
      view.moved.push(moved);
      if (due.kind === 'clock') {
        changes.clockDueAt = { before: due.dueAt, after: next };
        columns.clockDueAt = next;
        await this.moveClock(tx, record.regionCode, due.clockId!, next, calendar, 'escalation');
      } else if (due.kind === 'decision') {
        // the supervisor's decision clock on a pending extension: its own ladder, the unit's clock untouched
        changes.decisionClockDueAt = { before: due.dueAt, after: next };
        await this.moveClock(tx, record.regionCode, due.clockId!, next, calendar, 'extensionDecision');
      } else {
        changes.rectificationDueAt = { before: due.dueAt, after: next };
        columns.rectificationDueAt = next;
        if (record.originalDueAt === due.dueAt) columns.originalDueAt = next;
        const context = { ...record.snapshot.context, rectificationDueAt: next, ...(record.snapshot.context.originalDueAt === due.dueAt ? { originalDueAt: next } : {}) };
        columns.snapshot = { ...record.snapshot, context };
      }
    }
    if (Object.keys(changes).length === 0) return;
    await this.workflow.annotate(tx, caseId, actor, DUE_RECOMPUTED, {
      year: arrangement.year,
      ...(arrangement.notice ? { notice: arrangement.notice } : {}),
      clock: record.clockName,
      reason: `${arrangement.year}年节假日官方安排已导入，按其重新计算时限`,
      changes,
    }, columns);
  }

  /** The due of a clock still running (null once it ended). */
  private async openDueOf(tx: SqlExecutor, clockId: string | null): Promise<string | null> {
    if (!clockId) return null;
    const row = await tx.one<{ due_at: string | Date }>('SELECT due_at FROM clocks WHERE id = ? AND ended_at IS NULL', [clockId]);
    return row ? toIso(row.due_at) : null;
  }

  /** A clock's new due; the sweep looks at it again no later than its next level's new threshold (on the clock's own ladder). */
  private async moveClock(
    tx: SqlExecutor,
    regionCode: string,
    clockId: string,
    dueAt: string,
    calendar: Awaited<ReturnType<CalendarService['forRegion']>>,
    ladderName: 'escalation' | 'extensionDecision',
  ): Promise<void> {
    const row = await tx.one<{ next_level: number | string; next_threshold_at: string | Date | null }>('SELECT next_level, next_threshold_at FROM clocks WHERE id = ?', [clockId]);
    if (!row) return;
    const policy = await this.policies.policyFor(regionCode, tx);
    const ladder = ladderName === 'escalation' ? policy.escalation.ladder : policy.extensionDecision.ladder;
    const step = ladder.find((s) => s.level === Number(row.next_level));
    const existing = toIso(row.next_threshold_at);
    let next = existing;
    if (existing !== null && step) {
      const threshold = calendar.escalationThreshold(new Date(dueAt), step.offsetWorkingDays).toISOString();
      if (threshold < existing) next = threshold; // earlier: look sooner; later: the sweep plans from due_at anyway
    }
    await tx.run('UPDATE clocks SET due_at = ?, next_threshold_at = ? WHERE id = ?', [dueAt, next, clockId]);
  }
}
