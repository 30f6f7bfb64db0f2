import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode, isUuid } from '@rectify/core';
import { CaseQueryService, CaseWorkflowService } from '@rectify/cases';
import { Database } from '@rectify/database';
import { JurisdictionService, RegionTreeService, type AuthUser } from '@rectify/identity';
import { Role } from '@rectify/workflows';
import { toEscalationView, type AcknowledgeEscalationDto, type EscalationPage, type EscalationQuery, type EscalationView } from './dto/escalation.dto.js';
import { EscalationRepository, type EscalationRecord, type InboxScope } from './escalation.repository.js';
import { EscalationStatus } from './escalation-status.js';

/**
 * The supervisors' inbox (督办): escalations the caller is meant to act on.
 * Supervisors see escalations of cases in their jurisdiction only: levels 1+ targeting a region in
 * their jurisdiction, level-0 warnings targeting their own region or of a case in their own region; bureaus see the level-0 warnings to their unit; admins see all; inspectors none.
 */
@Injectable()
export class EscalationInboxService {
  constructor(
    @Inject(EscalationRepository) private readonly escalations: EscalationRepository,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CaseWorkflowService) private readonly workflow: CaseWorkflowService,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
    @Inject(CaseQueryService) private readonly caseQuery: CaseQueryService,
  ) {}

  private async scopeOf(user: AuthUser): Promise<InboxScope> {
    switch (user.role) {
      case Role.Admin:
        if (await this.jurisdiction.isNational(user)) return { kind: 'all' };
        // An admin below the nation sees their subtree's inbox as its supervisors do.
        return { kind: 'supervisor', subtree: await this.regions.subtree(user.regionCode), ownRegion: user.regionCode };
      case Role.Supervisor:
        return { kind: 'supervisor', subtree: await this.regions.subtree(user.regionCode), ownRegion: user.regionCode };
      case Role.Bureau:
        return { kind: 'unit', unitId: user.unitId ?? '' };
      default:
        throw DomainError.forbidden('Escalations go to supervisors, bureaus (their warnings) and admins, not to inspectors');
    }
  }

  private static visible(e: EscalationRecord, scope: InboxScope): boolean {
    switch (scope.kind) {
      case 'all':
        return true;
      case 'unit':
        return e.level === 0 && e.targetUnitId === scope.unitId;
      case 'supervisor':
        // The same rule as EscalationRepository.where: only cases the supervisor can see.
        if (!scope.subtree.includes(e.caseRegionCode)) return false;
        return e.level === 0 ? e.targetRegionCode === scope.ownRegion || e.caseRegionCode === scope.ownRegion : scope.subtree.includes(e.targetRegionCode);
    }
  }

  /** `GET /escalations`: newest first. */
  async list(user: AuthUser, query: EscalationQuery): Promise<EscalationPage> {
    const scope = await this.scopeOf(user);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { items, total } = await this.escalations.list({
      scope,
      status: query.status,
      level: query.level,
      caseId: query.caseId,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: await this.views(items), total, page, pageSize };
  }

  /** Escalations with their clocks in the case's clock shape (CaseQueryService.clockViews). */
  private async views(items: EscalationRecord[]): Promise<EscalationView[]> {
    const clocks = await this.caseQuery.clockViews(
      items.map((e) => ({ caseId: e.caseId, regionCode: e.caseRegionCode, clockId: e.clockId, name: e.clockName, startedAt: e.clockStartedAt, dueAt: e.clockDueAt })),
    );
    return items.map((e, i) => toEscalationView(e, clocks[i]!));
  }

  /**
   * `POST /escalations/:id/acknowledge`: a supervisor who can see it takes it on (who and when are
   * kept). 404 when not visible, 403 for other roles, 409 once resolved; acknowledging again changes
   * nothing and returns the first acknowledgement. The note is kept on the escalation (the inbox shows
   * it) and the acknowledgement goes into the case's history (ESCALATION_ACKNOWLEDGED).
   */
  async acknowledge(user: AuthUser, id: string, body: AcknowledgeEscalationDto = {}): Promise<EscalationView> {
    const scope = await this.scopeOf(user);
    const found = isUuid(id) ? await this.escalations.findById(id) : undefined;
    if (!found || !EscalationInboxService.visible(found, scope)) throw DomainError.notFound('Escalation');
    if (user.role !== Role.Supervisor) throw DomainError.forbidden('Only supervisors acknowledge escalations');
    const at = this.clock.now().toISOString();
    const note = body.note ?? null;
    const current = await this.db.write(async (tx) => {
      if (await this.escalations.acknowledge(tx, id, user.id, at, note)) {
        await this.workflow.annotate(tx, found.caseId, { kind: 'user', user }, 'ESCALATION_ACKNOWLEDGED', {
          escalationId: id,
          clock: found.clockName,
          level: found.level,
          levelName: found.levelName,
          note,
        });
      }
      return this.escalations.findById(id, tx);
    });
    if (!current) throw DomainError.notFound('Escalation');
    if (current.status === EscalationStatus.Resolved) {
      throw new DomainError(ErrorCode.Conflict, `This escalation was resolved at ${current.resolvedAt}: the clock it belongs to has ended`);
    }
    return (await this.views([current]))[0]!;
  }
}
