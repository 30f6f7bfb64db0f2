import { Inject, Injectable } from '@nestjs/common';
import { CaseQueryService, type UnitRef } from '@rectify/cases';
import { DomainError, pageOf, WHOLE_LIST_PAGE_SIZE, type ActorRef, type Page } from '@rectify/core';
import { IdentityRepository, JurisdictionService, type AuthUser } from '@rectify/identity';
import type { ReturnReasonCode } from '@rectify/workflows';
import { CaseReturnRepository } from './case-return.repository.js';
import type { CaseReturnsQuery, CaseReturnView, ReturnInboxPage, ReturnInboxQuery } from './dto/case-return.dto.js';
import { parsePeriodBound } from './scorecard-period.util.js';

/**
 * Returns (退回) as supervisors see them: a case's returns, and the inbox of returned cases in
 * their jurisdiction (with `pending=true`, those still waiting to be assigned again). Read from the
 * history: the engine records each RETURN with its reasonCode, reason and the returning unit.
 */
@Injectable()
export class CaseReturnService {
  constructor(
    @Inject(CaseQueryService) private readonly caseQuery: CaseQueryService,
    @Inject(CaseReturnRepository) private readonly returns: CaseReturnRepository,
    @Inject(IdentityRepository) private readonly identity: IdentityRepository,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
  ) {}

  /** `GET /cases/:id/returns`: for anyone who sees the case, oldest first. */
  async forCase(user: AuthUser, caseId: string, query: CaseReturnsQuery = {}): Promise<Page<CaseReturnView>> {
    const history = (await this.caseQuery.history(user, caseId)).filter((e) => e.type === 'RETURN');
    const units = await this.unitRefs(history.map((e) => (e.actor.unitId)));
    const views = history.map((e) =>
      this.view(caseId, e.seq, e.at, e.payload, e.actor.unitId, e.actor, units),
    );
    return pageOf(views, query, WHOLE_LIST_PAGE_SIZE);
  }

  /** `GET /returns`: newest first; supervisors and inspectors their jurisdiction, a bureau its own returns. */
  async inbox(user: AuthUser, query: ReturnInboxQuery): Promise<ReturnInboxPage> {
    const { regionCodes, unitId } = await this.jurisdiction.listScope(user, query.regionCode);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.returns.list({
      regionCodes,
      unitId,
      reasonCode: query.reasonCode,
      pending: query.pending,
      ...checkedRange(query.from, query.to),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    const units = await this.unitRefs(rows.map((r) => r.actorUnitId));
    return {
      items: rows.map((r) => ({
        ...this.view(r.caseId, r.seq, r.at, r.payload, r.actorUnitId, { id: r.actorId, username: r.actorUsername, role: r.actorRole, unitId: r.actorUnitId }, units),
        caseCode: r.caseCode,
        title: r.title,
        regionCode: r.regionCode,
        stateDetail: r.stateDetail,
        returnCount: r.returnCount,
      })),
      total,
      page,
      pageSize,
    };
  }

  private view(
    caseId: string,
    seq: number,
    at: string,
    payload: Record<string, unknown>,
    unitId: string | null,
    by: ActorRef,
    units: Map<string, UnitRef>,
  ): CaseReturnView {
    return {
      caseId,
      seq,
      at,
      reasonCode: (payload.reasonCode as ReturnReasonCode | undefined) ?? null,
      reason: String(payload.reason ?? ''),
      unit: unitId ? (units.get(unitId) ?? { id: unitId, name: '(unknown unit)', regionCode: '' }) : null,
      by,
    };
  }

  private async unitRefs(ids: Array<string | null>): Promise<Map<string, UnitRef>> {
    const unique = [...new Set(ids.filter((id): id is string => id !== null))];
    return new Map((await this.identity.unitsByIds(unique)).map((u) => [u.id, { id: u.id, name: u.name, regionCode: u.regionCode }]));
  }
}

/** `[from, to)` of the returns inbox; `from ≥ to` is 400 (docs/api.md "Date ranges"). */
function checkedRange(from?: string, to?: string): { from?: string; to?: string } {
  const start = from ? parsePeriodBound(from, 'from') : undefined;
  const end = to ? parsePeriodBound(to, 'to') : undefined;
  if (start && end && start.getTime() >= end.getTime()) throw DomainError.validation(`from (${from}) must be before to (${to})`);
  return { from: start?.toISOString(), to: end?.toISOString() };
}
