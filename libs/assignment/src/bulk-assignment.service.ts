import { Inject, Injectable, Logger } from '@nestjs/common';
import { CaseRepository, CaseWorkflowService, validateCaseEvent, type CaseEventPayload, type CaseRecord } from '@rectify/cases';
import { DomainError, ErrorCode } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import { requireRole, type AuthUser } from '@rectify/identity';
import { Role } from '@rectify/workflows';
import { AssignmentRulesService } from './assignment-rules.service.js';
import { BULK_ASSIGNMENT_CONCURRENCY } from './bulk-assignment-limits.js';
import type { BulkAssignmentDto, BulkAssignmentResponse, BulkAssignmentResult } from './dto/bulk-assignment.dto.js';

type CallerContext = Awaited<ReturnType<CaseWorkflowService['callerContext']>>;

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Bulk 交办: every case goes through the engine's ASSIGN command (same validation, permissions,
 * unit checks, rules, clocks and history as a single ASSIGN), each in its own transaction, so one
 * bad case does not stop the others.
 */
@Injectable()
export class BulkAssignmentService {
  private readonly logger = new Logger('BulkAssignment');

  constructor(
    @Inject(CaseWorkflowService) private readonly workflow: CaseWorkflowService,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(AssignmentRulesService) private readonly rules: AssignmentRulesService,
    @Inject(Database) private readonly db: Database,
  ) {}

  async assign(user: AuthUser, dto: BulkAssignmentDto): Promise<BulkAssignmentResponse> {
    requireRole(user, [Role.Supervisor, Role.Inspector], 'assign cases');
    const { caseIds, ...fields } = dto;
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    // The very validation a single ASSIGN gets (e.g. not both rectificationDueAt and rectificationWorkingDays).
    const payload = validateCaseEvent({ type: 'ASSIGN', ...defined });
    const caller = await this.workflow.callerContext(user);
    // Each case is assigned under its own region's policy and calendar (the engine reads them per case).
    const results = await mapBounded(caseIds, BULK_ASSIGNMENT_CONCURRENCY, (caseId) => this.assignOne(caseId, caller, payload));
    return { results };
  }

  private async assignOne(
    caseId: string,
    caller: CallerContext,
    payload: CaseEventPayload,
  ): Promise<BulkAssignmentResult> {
    try {
      return await this.db.write(async (tx) => {
        const record = await this.cases.findById(caseId, tx, { lock: true });
        if (!record || !CaseWorkflowService.isVisible(record, caller)) throw DomainError.notFound('Case');
        if (await this.alreadyAssigned(record, payload, tx)) return { caseId, status: 'unchanged' as const, version: record.version };
        const next = await this.workflow.applyAsUser(tx, caseId, caller, payload);
        return { caseId, status: 'assigned' as const, version: next.version };
      });
    } catch (error) {
      if (error instanceof DomainError) return { caseId, status: 'error', code: error.code, message: error.message };
      this.logger.error(`bulk assignment of case ${caseId} failed: ${(error as Error).stack ?? String(error)}`);
      return { caseId, status: 'error', code: ErrorCode.Unavailable, message: 'This case could not be assigned just now: try it again' };
    }
  }

  /**
   * A repeated request must not assign twice: a case already `assigned` to the lead unit and
   * co-units this request would give it is left as it is (no new version, no history row).
   */
  private async alreadyAssigned(record: CaseRecord, payload: CaseEventPayload, tx: SqlExecutor): Promise<boolean> {
    if (record.stateDetail !== 'assigned') return false;
    let leadUnitId = payload.leadUnitId as string | undefined;
    let coUnitIds = payload.coUnitIds as string[] | undefined;
    if (!leadUnitId) {
      const rule = await this.rules.ruleFor(record, tx);
      if (!rule) return false;
      leadUnitId = rule.leadUnitId;
      coUnitIds ??= rule.coUnitIds;
    }
    const co = (coUnitIds ?? []).filter((id) => id !== leadUnitId);
    return record.leadUnitId === leadUnitId && sameSet(co, record.coUnitIds);
  }
}
