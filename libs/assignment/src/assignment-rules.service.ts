import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CalendarService } from '@rectify/calendar';
import { CaseHooks, CaseQueryService, type AssignmentDefaultsProvider, type CaseRecord, type UnitRef } from '@rectify/cases';
import { Clock, DomainError, ErrorCode, isUuid, newId, pageOf, unknownActor, WHOLE_LIST_PAGE_SIZE, type ActorRef, type Page } from '@rectify/core';
import { Database, isUniqueViolation, type SqlExecutor } from '@rectify/database';
import { IdentityRepository, JurisdictionService, RegionTreeService, requireRole, type AuthUser } from '@rectify/identity';
import { PolicyService } from '@rectify/policies';
import { Role } from '@rectify/workflows';
import type { AssignmentRule } from './assignment-rule.js';
import { AssignmentRuleRepository } from './assignment-rule.repository.js';
import type { AssignmentRuleQuery, AssignmentRuleView, AssignmentSuggestionView, CreateAssignmentRuleDto } from './dto/assignment-rule.dto.js';
import { mostSpecificRule } from './rule-precedence.util.js';

const RULE_MANAGERS = [Role.Admin, Role.Supervisor] as const;
const ASSIGNERS = [Role.Supervisor, Role.Inspector] as const;

/**
 * Routing rules (交办规则): defined by admins and supervisors, matched to a case by its region,
 * category and source. Registered with the case engine as the provider of ASSIGN defaults, so an
 * ASSIGN without a leadUnitId goes where the most specific rule says.
 */
@Injectable()
export class AssignmentRulesService implements AssignmentDefaultsProvider, OnModuleInit {
  constructor(
    @Inject(AssignmentRuleRepository) private readonly rules: AssignmentRuleRepository,
    @Inject(Database) private readonly db: Database,
    @Inject(IdentityRepository) private readonly identity: IdentityRepository,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
    @Inject(CaseQueryService) private readonly caseQuery: CaseQueryService,
    @Inject(CaseHooks) private readonly hooks: CaseHooks,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PolicyService) private readonly policies: PolicyService,
    @Inject(CalendarService) private readonly calendars: CalendarService,
  ) {}

  onModuleInit(): void {
    this.hooks.setAssignmentDefaults(this);
  }

  // ---------------------------------------------------------------- rules

  async create(user: AuthUser, dto: CreateAssignmentRuleDto): Promise<AssignmentRuleView> {
    requireRole(user, RULE_MANAGERS, 'define assignment rules');
    if (!(await this.regions.get(dto.regionCode))) throw DomainError.validation(`regionCode ${dto.regionCode} is not a known region`);
    if (!(await this.jurisdiction.coversRegion(user, dto.regionCode))) {
      throw DomainError.forbidden(`Region ${dto.regionCode} is outside your jurisdiction`);
    }
    const coUnitIds = (dto.coUnitIds ?? []).filter((id) => id !== dto.leadUnitId);
    await this.checkUnits(user, dto.regionCode, [dto.leadUnitId, ...coUnitIds]);
    const rule: AssignmentRule = {
      id: newId(),
      regionCode: dto.regionCode,
      category: dto.category ?? null,
      source: dto.source ?? null,
      leadUnitId: dto.leadUnitId,
      coUnitIds,
      rectificationWorkingDays: dto.rectificationWorkingDays ?? null,
      createdBy: user.id,
      createdAt: this.clock.now().toISOString(),
    };
    try {
      await this.db.write(async (tx) => {
        const existing = await this.rules.findByKey(rule.regionCode, rule.category, rule.source, tx);
        if (existing) throw duplicateRule(existing);
        await this.rules.insert(rule, tx);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.rules.findByKey(rule.regionCode, rule.category, rule.source);
      throw existing ? duplicateRule(existing) : error;
    }
    return (await this.views([rule]))[0]!;
  }

  /** Rules in the caller's jurisdiction; `regionCode` narrows to that region and its subtree. */
  async list(user: AuthUser, query: AssignmentRuleQuery): Promise<Page<AssignmentRuleView>> {
    requireRole(user, RULE_MANAGERS, 'list assignment rules');
    const { regionCodes } = await this.jurisdiction.listScope(user, query.regionCode);
    return pageOf(await this.views(await this.rules.inRegions(regionCodes)), query, WHOLE_LIST_PAGE_SIZE);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    requireRole(user, RULE_MANAGERS, 'delete assignment rules');
    const rule = isUuid(id) ? await this.rules.findById(id) : undefined;
    if (!rule || !(await this.jurisdiction.coversRegion(user, rule.regionCode))) throw DomainError.notFound('Assignment rule');
    if (!(await this.rules.delete(id))) throw DomainError.notFound('Assignment rule');
  }

  // ---------------------------------------------------------------- matching

  /** The most specific rule for a case (see rule-precedence.util.ts), read through `tx` when given. */
  async ruleFor(record: Pick<CaseRecord, 'regionCode' | 'category' | 'source'>, tx?: SqlExecutor): Promise<AssignmentRule | null> {
    const ancestry = (await this.regions.ancestry(record.regionCode)).map((r) => r.code);
    return mostSpecificRule(await this.rules.inRegions(ancestry, tx), record, ancestry);
  }

  async defaultsFor(record: CaseRecord, tx?: SqlExecutor) {
    const rule = await this.ruleFor(record, tx);
    return rule
      ? { leadUnitId: rule.leadUnitId, coUnitIds: rule.coUnitIds, rectificationWorkingDays: rule.rectificationWorkingDays, ruleId: rule.id }
      : null;
  }

  /** `GET /cases/:id/assignment-suggestion`: 404 for a case the caller cannot see, then 403 for other roles. */
  async suggest(user: AuthUser, caseId: string): Promise<AssignmentSuggestionView> {
    const record = await this.caseQuery.visibleRecord(user, caseId);
    requireRole(user, ASSIGNERS, 'ask for assignment suggestions');
    const rule = await this.ruleFor(record);
    if (!rule) return { caseId, rule: null, leadUnit: null, coUnits: [], rectificationWorkingDays: null, rectificationDueAt: null };
    const [view] = await this.views([rule]);
    const [policy, calendar] = await Promise.all([this.policies.policyFor(record.regionCode), this.calendars.forRegion(record.regionCode)]);
    const days = rule.rectificationWorkingDays ?? policy.deadlines.rectificationWorkingDays;
    return {
      caseId,
      rule: view!,
      leadUnit: view!.leadUnit,
      coUnits: view!.coUnits,
      rectificationWorkingDays: days,
      rectificationDueAt: calendar.endOfWorkingDaysAfter(this.clock.now(), days).toISOString(),
    };
  }

  // ---------------------------------------------------------------- helpers

  /** As for ASSIGN: units exist, sit on the rule region's branch and (but for admins) in the caller's jurisdiction. */
  private async checkUnits(user: AuthUser, regionCode: string, ids: string[]): Promise<void> {
    const byId = new Map((await this.identity.unitsByIds(ids)).map((u) => [u.id, u]));
    for (const id of ids) {
      const unit = byId.get(id);
      if (!unit) throw DomainError.validation(`Unit ${id} does not exist`);
      if (!(await this.regions.sameBranch(regionCode, unit.regionCode))) {
        throw DomainError.validation(`Unit ${unit.name} (${unit.regionCode}) is not on the branch of region ${regionCode}`);
      }
      if (!(await this.jurisdiction.coversRegion(user, unit.regionCode))) {
        throw DomainError.validation(`Unit ${unit.name} is outside your jurisdiction`);
      }
    }
  }

  private async views(rules: AssignmentRule[]): Promise<AssignmentRuleView[]> {
    const ids = [...new Set(rules.flatMap((r) => [r.leadUnitId, ...r.coUnitIds]))];
    const units = new Map<string, UnitRef>((await this.identity.unitsByIds(ids)).map((u) => [u.id, { id: u.id, name: u.name, regionCode: u.regionCode }]));
    const ref = (id: string): UnitRef => units.get(id) ?? { id, name: '(unknown unit)', regionCode: '' };
    const actors = await this.identity.actorsByIds([...new Set(rules.flatMap((r) => (r.createdBy ? [r.createdBy] : [])))]);
    const actor = (id: string | null): ActorRef | null => (id ? (actors.get(id) ?? unknownActor(id)) : null);
    return rules.map((r) => ({
      id: r.id,
      regionCode: r.regionCode,
      category: r.category,
      source: r.source,
      leadUnitId: r.leadUnitId,
      coUnitIds: r.coUnitIds,
      leadUnit: ref(r.leadUnitId),
      coUnits: r.coUnitIds.map(ref),
      rectificationWorkingDays: r.rectificationWorkingDays,
      createdBy: actor(r.createdBy),
      createdAt: r.createdAt,
    }));
  }
}

function duplicateRule(existing: AssignmentRule): DomainError {
  const criteria = `category ${existing.category ?? '(any)'}, source ${existing.source ?? '(any)'}`;
  return new DomainError(ErrorCode.Duplicate, `A rule for region ${existing.regionCode}, ${criteria} already exists: delete it first`, {
    existingId: existing.id,
  });
}
