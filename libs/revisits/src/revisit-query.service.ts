import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@rectify/core';
import { JurisdictionService, type AuthUser } from '@rectify/identity';
import { toRevisitView, type ListRevisitsQuery, type RevisitPage } from './dto/revisit.dto.js';
import { RevisitRepository, type CaseScope } from './revisit.repository.js';

/** Reads of revisits, through the same visibility as their cases (SPEC §6). */
@Injectable()
export class RevisitQueryService {
  constructor(
    @Inject(RevisitRepository) private readonly revisits: RevisitRepository,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
  ) {}

  async scopeOf(user: AuthUser): Promise<CaseScope> {
    const visibility = await this.jurisdiction.visibility(user);
    return {
      regionCodes: visibility.kind === 'regions' ? visibility.regionCodes : null,
      unitId: visibility.kind === 'unit' ? visibility.unitId : null,
    };
  }

  async list(user: AuthUser, query: ListRevisitsQuery): Promise<RevisitPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    // One meaning of a range everywhere (docs/api.md "Date ranges"): [dueFrom, dueTo), and an empty or reversed one is 400.
    if (query.dueFrom && query.dueTo && new Date(query.dueFrom).getTime() >= new Date(query.dueTo).getTime()) {
      throw DomainError.validation('dueFrom must be before dueTo');
    }
    const { items, total } = await this.revisits.list({
      ...(await this.scopeOf(user)),
      status: query.status,
      caseId: query.caseId,
      campaignId: query.campaignId,
      dueFrom: query.dueFrom ? new Date(query.dueFrom).toISOString() : undefined,
      dueTo: query.dueTo ? new Date(query.dueTo).toISOString() : undefined,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: items.map(toRevisitView), total, page, pageSize };
  }
}
