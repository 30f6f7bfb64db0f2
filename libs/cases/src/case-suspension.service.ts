import { Inject, Injectable } from '@nestjs/common';
import { CalendarService } from '@rectify/calendar';
import { actorOf, Clock, DomainError, ErrorCode, newId, pageOf, WHOLE_LIST_PAGE_SIZE } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import type { AuthUser } from '@rectify/identity';
import { PolicyService } from '@rectify/policies';
import { ClockName, Role } from '@rectify/workflows';
import type { CaseRecord } from './case-record.js';
import { CaseQueryService, workingDaysLeft } from './case-query.service.js';
import { CaseSuspensionRepository } from './case-suspension.repository.js';
import { CaseWorkflowService } from './case-workflow.service.js';
import { SUSPENSION_REASON_LABELS, type SuspendCaseDto, type SuspensionPage, type SuspensionQuery, type SuspensionView } from './dto/case-suspension.dto.js';
import { ProvisionalDuesRepository } from './provisional-dues.repository.js';

export const CLOCK_SUSPENDED = 'CLOCK_SUSPENDED';
export const CLOCK_RESUMED = 'CLOCK_RESUMED';

/**
 * 挂起 (docs/suspension.md): a clock-level action beside the state machine, not an event of it. A
 * supervisor of the case's jurisdiction parks the running clock (no next threshold: the escalation sweep
 * passes it by) for an accepted reason; while the suspension is open the case takes no event
 * (`allowedEvents` is empty, a transition is a 409). Resuming — by a supervisor, on or before the planned
 * date — counts the working days the clock had left again from the resumption and re-arms the ladder.
 * Both are rows of the case's history chain.
 */
@Injectable()
export class CaseSuspensionService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(CaseQueryService) private readonly query: CaseQueryService,
    @Inject(CaseWorkflowService) private readonly workflow: CaseWorkflowService,
    @Inject(CaseSuspensionRepository) private readonly suspensions: CaseSuspensionRepository,
    @Inject(ProvisionalDuesRepository) private readonly provisional: ProvisionalDuesRepository,
    @Inject(CalendarService) private readonly calendars: CalendarService,
    @Inject(PolicyService) private readonly policies: PolicyService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, caseId: string, query: SuspensionQuery = {}): Promise<SuspensionPage> {
    await this.query.visibleRecord(user, caseId);
    return pageOf(await this.suspensions.list(caseId), query, WHOLE_LIST_PAGE_SIZE);
  }

  async suspend(user: AuthUser, caseId: string, dto: SuspendCaseDto): Promise<SuspensionView> {
    if (dto.reason === 'other' && !dto.reasonText) throw DomainError.validation('reasonText is required when reason is other');
    const now = this.clock.now();
    return this.db.write(async (tx) => {
      const record = await this.supervisedCase(user, caseId, tx);
      const calendar = await this.calendars.forRegion(record.regionCode, tx);
      if (dto.plannedResumeOn < calendar.localDateOf(now)) throw DomainError.validation('plannedResumeOn must be today or later');
      if (record.suspensionId) throw new DomainError(ErrorCode.Conflict, 'The case is already suspended');
      if (!record.clockId || !record.clockName || !record.clockDueAt) throw new DomainError(ErrorCode.Conflict, 'The case has no running clock to suspend');
      if (record.snapshot.context.pendingExtension) throw new DomainError(ErrorCode.Conflict, 'An extension request awaits its decision: decide it before suspending');
      const at = now.toISOString();
      const suspension: SuspensionView = {
        id: newId(),
        caseId,
        clockName: record.clockName,
        reason: dto.reason,
        reasonLabel: SUSPENSION_REASON_LABELS[dto.reason],
        reasonText: dto.reasonText ?? null,
        plannedResumeOn: dto.plannedResumeOn,
        suspendedAt: at,
        suspendedBy: actorOf(user),
        dueAt: record.clockDueAt,
        remainingWorkingDays: workingDaysLeft(calendar, now, new Date(record.clockDueAt)),
        resumedAt: null,
        resumedBy: null,
        resumedDueAt: null,
        suspendedWorkingDays: null,
        open: true,
      };
      await this.suspensions.insert(tx, suspension, record.clockId);
      await tx.run('UPDATE clocks SET next_threshold_at = NULL WHERE id = ? AND ended_at IS NULL', [record.clockId]);
      await this.workflow.annotate(tx, caseId, { kind: 'user', user }, CLOCK_SUSPENDED, {
        suspensionId: suspension.id,
        clock: suspension.clockName,
        reason: suspension.reason,
        reasonLabel: suspension.reasonLabel,
        ...(suspension.reasonText ? { reasonText: suspension.reasonText } : {}),
        plannedResumeOn: suspension.plannedResumeOn,
        dueAt: suspension.dueAt,
        remainingWorkingDays: suspension.remainingWorkingDays,
      });
      return suspension;
    });
  }

  async resume(user: AuthUser, caseId: string): Promise<SuspensionView> {
    const now = this.clock.now();
    return this.db.write(async (tx) => {
      const record = await this.supervisedCase(user, caseId, tx);
      const open = record.suspensionId ? await this.suspensions.find(tx, record.suspensionId) : undefined;
      if (!open) throw new DomainError(ErrorCode.Conflict, 'The case is not suspended');
      const calendar = await this.calendars.forRegion(record.regionCode, tx);
      const at = now.toISOString();
      const dueAt = calendar.endOfWorkingDaysAfter(now, open.remainingWorkingDays).toISOString();
      const suspendedDay = calendar.localDateOf(new Date(open.suspendedAt));
      const today = calendar.localDateOf(now);
      const suspendedWorkingDays = today > suspendedDay ? calendar.countWorkdays(suspendedDay, today) - (calendar.isWorkday(suspendedDay) ? 1 : 0) : 0;
      const resumed: SuspensionView = { ...open, resumedAt: at, resumedBy: actorOf(user), resumedDueAt: dueAt, suspendedWorkingDays, open: false };
      await this.suspensions.close(tx, resumed);
      const columns = await this.moveDues(tx, record, { at, workingDays: open.remainingWorkingDays, dueAt }, calendar);
      await this.workflow.annotate(
        tx,
        caseId,
        { kind: 'user', user },
        CLOCK_RESUMED,
        {
          suspensionId: open.id,
          clock: open.clockName,
          suspendedWorkingDays,
          changes: { clockDueAt: { before: open.dueAt, after: dueAt }, ...(columns.rectificationDueAt ? { rectificationDueAt: { before: record.rectificationDueAt, after: dueAt } } : {}) },
          // Read by the scorecards as the rectification due from now on (suspended days are not late).
          ...(columns.rectificationDueAt ? { rectificationDueAt: dueAt } : {}),
        },
        columns,
      );
      return resumed;
    });
  }

  /**
   * The clock's new due and re-armed ladder; the case's rectification due moves with its own clock.
   * Counted over a year without an official arrangement, the new due is provisional like any other
   * (docs/deadlines.md): remembered with what it was counted from, so that importing the year counts it again.
   */
  private async moveDues(
    tx: SqlExecutor,
    record: CaseRecord,
    counted: { at: string; workingDays: number; dueAt: string },
    calendar: Awaited<ReturnType<CalendarService['forRegion']>>,
  ) {
    const { dueAt } = counted;
    const columns: Parameters<CaseWorkflowService['annotate']>[5] = { clockDueAt: dueAt };
    const row = await tx.one<{ next_level: number | string; policy_version: number | string | null }>('SELECT next_level, policy_version FROM clocks WHERE id = ?', [record.clockId]);
    // The ladder the sweep climbs for this clock: the policy version it started under (a suspension can
    // outlast a policy change), else the one in force — as the sweep and the extension's release choose it.
    const version = row?.policy_version === null || row?.policy_version === undefined ? undefined : Number(row.policy_version);
    const policy = (version !== undefined ? await this.policies.atVersion(version, tx) : undefined) ?? (await this.policies.policyFor(record.regionCode, tx));
    const step = row ? policy.escalation.ladder.find((s) => s.level === Number(row.next_level)) : undefined;
    const next = step ? calendar.escalationThreshold(new Date(dueAt), step.offsetWorkingDays).toISOString() : null;
    await tx.run('UPDATE clocks SET due_at = ?, next_threshold_at = ? WHERE id = ?', [dueAt, next, record.clockId]);
    const provisional = calendar.isProvisionalDue(new Date(counted.at), new Date(dueAt));
    const remember = async (kind: 'clock' | 'rectification', clockId: string | null) =>
      provisional
        ? this.provisional.put({ caseId: record.id, kind, clockId, countedFrom: counted.at, workingDays: counted.workingDays, dueAt }, tx)
        : this.provisional.remove(record.id, kind, tx);
    await remember('clock', record.clockId);
    if (record.clockName === ClockName.Rectification && record.rectificationDueAt === record.clockDueAt) {
      await remember('rectification', null);
      columns.rectificationDueAt = dueAt;
      columns.snapshot = { ...record.snapshot, context: { ...record.snapshot.context, rectificationDueAt: dueAt } };
    }
    return columns;
  }

  /** Only a supervisor whose jurisdiction holds the case suspends or resumes it (others who see it: 403). */
  private async supervisedCase(user: AuthUser, caseId: string, tx: SqlExecutor): Promise<CaseRecord> {
    const record = await this.query.visibleRecord(user, caseId, tx, { lock: true });
    if (user.role !== Role.Supervisor) throw DomainError.forbidden('Only a supervisor of the case’s jurisdiction may suspend or resume its clock');
    return record;
  }
}
