import { Inject, Injectable } from '@nestjs/common';
import { CalendarService } from '@rectify/calendar';
import { Clock, DomainError, isUuid, SYSTEM_ACTOR } from '@rectify/core';
import { IdentityRepository, JurisdictionService, type AuthUser } from '@rectify/identity';
import { PolicyService } from '@rectify/policies';
import { EVENT_LABELS, labelOf } from '@rectify/workflows';
import { CaseHooks } from './case-hooks.js';
import { verifyChain, type ChainVerification } from './case-history.util.js';
import type { CaseRecord } from './case-record.js';
import { toCaseView, type CaseView, type UnitRef, type ViewContext } from './case-view.js';
import { CaseRepository } from './case.repository.js';
import { CaseWorkflowService, limitsOf } from './case-workflow.service.js';
import type { ListCasesQuery } from './dto/case.dto.js';
import type { CaseHistoryEntry, CasePage } from './dto/case-response.dto.js';

/** Unit references remembered at most (a province has a few hundred units). */
const UNIT_CACHE_SIZE = 10_000;

/** Reads of cases, always through the caller's visibility (SPEC §6). */
@Injectable()
export class CaseQueryService {
  /**
   * Units by id, as views show them. A unit row is never updated or deleted (there is no API for
   * either), so a unit once read is remembered; ids not found are asked for again.
   */
  private readonly unitRefs = new Map<string, UnitRef>();

  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseWorkflowService) private readonly workflow: CaseWorkflowService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PolicyService) private readonly policies: PolicyService,
    @Inject(CalendarService) private readonly calendars: CalendarService,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
    @Inject(IdentityRepository) private readonly identity: IdentityRepository,
    @Inject(CaseHooks) private readonly hooks: CaseHooks,
  ) {}

  /** The case if the caller may see it, else 404 (never 403: no leaking that it exists). */
  async visibleRecord(user: AuthUser, id: string): Promise<CaseRecord> {
    if (!isUuid(id)) throw DomainError.notFound('Case');
    const record = await this.cases.findById(id);
    if (!record || !CaseWorkflowService.isVisible(record, await this.workflow.callerContext(user))) throw DomainError.notFound('Case');
    return record;
  }

  async get(user: AuthUser, id: string): Promise<CaseView> {
    return (await this.views(user, [await this.visibleRecord(user, id)]))[0]!;
  }

  async list(user: AuthUser, query: ListCasesQuery): Promise<CasePage> {
    const { regionCodes, unitId } = await this.jurisdiction.listScope(user, query.regionCode);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { items, total } = await this.cases.list({
      regionCodes,
      unitId,
      states: query.state,
      source: query.source,
      category: query.category,
      severity: query.severity,
      batch: query.batch,
      leadUnitId: query.leadUnitId,
      responsiblePerson: query.responsiblePerson,
      leader: query.leader,
      minEscalationLevel: query.minEscalationLevel,
      pendingExtension: query.pendingExtension,
      overdueAt: query.overdue === undefined ? undefined : { now: this.clock.now().toISOString(), overdue: query.overdue },
      q: query.q,
      sort: query.sort ?? '-createdAt',
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: await this.views(user, items), total, page, pageSize };
  }

  /** Maps records to views for one caller: unit names in one query, allowed events per case. */
  async views(user: AuthUser, records: CaseRecord[]): Promise<CaseView[]> {
    const [policy, calendar, units] = await Promise.all([this.policies.policy(), this.calendars.get(), this.unitsOf(records)]);
    const warningOffset = policy.escalation.ladder[0]?.offsetWorkingDays ?? 0;
    // Cases of a page often share a due: each warning threshold is worked out once per call.
    const thresholds = new Map<number, Date>();
    const ctx: ViewContext = {
      caller: user,
      now: this.clock.now(),
      limits: limitsOf(policy),
      units,
      warningAt: (due) => {
        let threshold = thresholds.get(due.getTime());
        if (!threshold) thresholds.set(due.getTime(), (threshold = calendar.escalationThreshold(due, warningOffset)));
        return threshold;
      },
    };
    return records.map((r) => toCaseView(r, ctx));
  }

  /** The lead and co-units of `records`, from memory, reading only the ones not seen yet. */
  private async unitsOf(records: CaseRecord[]): Promise<Map<string, UnitRef>> {
    const units = new Map<string, UnitRef>();
    const missing = new Set<string>();
    const want = (id: string) => {
      const known = this.unitRefs.get(id);
      if (known) units.set(id, known);
      else missing.add(id);
    };
    for (const r of records) {
      if (r.leadUnitId) want(r.leadUnitId);
      for (const id of r.coUnitIds) want(id);
    }
    if (missing.size === 0) return units;
    if (this.unitRefs.size + missing.size > UNIT_CACHE_SIZE) this.unitRefs.clear();
    for (const u of await this.identity.unitsByIds([...missing])) {
      const ref: UnitRef = { id: u.id, name: u.name, regionCode: u.regionCode };
      this.unitRefs.set(u.id, ref);
      units.set(u.id, ref);
    }
    return units;
  }

  async history(user: AuthUser, id: string): Promise<CaseHistoryEntry[]> {
    await this.visibleRecord(user, id);
    const events = await this.cases.history(id);
    return events.map((e) => ({
      seq: e.seq,
      type: e.type,
      typeLabel: e.type === 'CREATED' ? '登记' : labelOf(EVENT_LABELS, e.type)!,
      actor: e.actorId ? { id: e.actorId, username: e.actorUsername, role: e.actorRole, unitId: e.actorUnitId } : SYSTEM_ACTOR,
      at: e.at,
      from: e.fromState,
      to: e.toState,
      payload: e.payload,
      prevHash: e.prevHash,
      hash: e.hash,
    }));
  }

  /** Verifies the chain, and that it ends where the case row says it does (a deleted last row shows). */
  async verifyHistory(user: AuthUser, id: string): Promise<ChainVerification> {
    const record = await this.visibleRecord(user, id);
    const events = await this.cases.history(id);
    const result = verifyChain(events);
    if (!result.valid) return result;
    if (events.length !== record.version || events.at(-1)?.hash !== record.historyHash) {
      return { valid: false, length: events.length, brokenAt: Math.min(events.length, record.version) + (events.length < record.version ? 1 : 0) };
    }
    const files = await this.hooks.evidenceFiles?.verify(id, events);
    if (!files || files.checked === 0) return result;
    return { ...result, valid: files.problems.length === 0, files };
  }
}
