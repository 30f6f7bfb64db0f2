import { Inject, Injectable } from '@nestjs/common';
import { CalendarService, type WorkingCalendar } from '@rectify/calendar';
import { Clock, DomainError, ErrorCode, newId } from '@rectify/core';
import { Database, isUniqueViolation, type SqlExecutor } from '@rectify/database';
import { IdentityRepository, JurisdictionService, RegionTreeService, type AuthUser, type Visibility } from '@rectify/identity';
import { PolicyService, type Policy } from '@rectify/policies';
import {
  applyCaseEvent,
  CASE_MACHINE_VERSION,
  clockOfState,
  ClockName,
  initialCaseSnapshot,
  permissionOf,
  persistCaseSnapshot,
  restoreCaseSnapshot,
  Role,
  stateDetailOf,
  topStateOf,
  type CaseEvent,
  type CaseLimits,
} from '@rectify/workflows';
import { asStoredJson, hashEvent, GENESIS_HASH } from './case-history.util.js';
import { CaseHooks, type Actor } from './case-hooks.js';
import type { CaseRecord } from './case-record.js';
import { CaseRepository } from './case.repository.js';
import type { CreateCaseDto } from './dto/case.dto.js';
import { validateCaseEvent, type CaseEventPayload } from './dto/case-event.dto.js';

const DAY_MS = 24 * 3600 * 1000;

export const limitsOf = (policy: Policy): CaseLimits => ({
  maxReturns: policy.assignment.maxReturns,
  maxExtensions: policy.extension.maxCount,
});

/** `"3"`, `W/"3"` or `3` → 3; anything else is a 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw DomainError.validation('If-Match must be the case version as an ETag, e.g. "3"');
  return Number(match[1]);
}

/** What the engine knows about the caller before the transaction starts. */
interface CallerContext {
  actor: Actor;
  visibility: Visibility;
  regionSet: Set<string> | null;
}

/**
 * The one writer of case state (STYLE rule 3): restore the snapshot, check the event with the
 * machine, compute the next snapshot with the pure `transition()`, and write the case row
 * (version-guarded), its clock, one history row and every module's side effects in one transaction.
 */
@Injectable()
export class CaseWorkflowService {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PolicyService) private readonly policies: PolicyService,
    @Inject(CalendarService) private readonly calendars: CalendarService,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
    @Inject(IdentityRepository) private readonly identity: IdentityRepository,
    @Inject(CaseHooks) private readonly hooks: CaseHooks,
  ) {}

  async callerContext(user: AuthUser): Promise<CallerContext> {
    const visibility = await this.jurisdiction.visibility(user);
    return {
      actor: { kind: 'user', user },
      visibility,
      regionSet: visibility.kind === 'regions' ? new Set(visibility.regionCodes) : null,
    };
  }

  static isVisible(record: CaseRecord, ctx: CallerContext): boolean {
    switch (ctx.visibility.kind) {
      case 'all':
        return true;
      case 'regions':
        return ctx.regionSet!.has(record.regionCode);
      case 'unit':
        return record.leadUnitId === ctx.visibility.unitId || record.coUnitIds.includes(ctx.visibility.unitId);
    }
  }

  // ---------------------------------------------------------------- create

  async create(user: AuthUser, dto: CreateCaseDto): Promise<CaseRecord> {
    if (![Role.Inspector, Role.Supervisor, Role.Admin].includes(user.role)) {
      throw DomainError.forbidden('Only inspectors, supervisors and admins may log cases');
    }
    const region = await this.regions.get(dto.regionCode);
    if (!region) throw DomainError.validation(`regionCode ${dto.regionCode} is not a known region`);
    if (!(await this.jurisdiction.coversRegion(user, dto.regionCode))) {
      throw DomainError.forbidden(`Region ${dto.regionCode} is outside your jurisdiction`);
    }
    const now = this.clock.now();
    const reportedAt = dto.reportedAt ? new Date(dto.reportedAt) : now;
    if (reportedAt.getTime() > now.getTime()) throw DomainError.validation('reportedAt cannot be in the future');
    const [policy, calendar] = await Promise.all([this.policies.policy(), this.calendars.get()]);
    const at = now.toISOString();
    const actor: Actor = { kind: 'user', user };
    try {
      return await this.db.write(async (tx) => {
        if (dto.externalRef) {
          const existing = await this.cases.findBySourceAndRef(dto.source, dto.externalRef, tx);
          if (existing) throw duplicateRef(dto.source, dto.externalRef, existing.id);
        }
        const year = calendar.localDateOf(reportedAt).slice(0, 4);
        const seq = await this.cases.nextCounter(`case:${dto.regionCode}:${year}`, tx);
        const snapshot = initialCaseSnapshot();
        const stateDetail = stateDetailOf(snapshot);
        const id = newId();
        const clockId = newId();
        const clockDue = calendar.endOfWorkingDaysAfter(reportedAt, policy.deadlines.assignmentWorkingDays).toISOString();
        const payload = {
          title: dto.title,
          description: dto.description,
          source: dto.source,
          category: dto.category,
          severity: dto.severity ?? 'normal',
          regionCode: dto.regionCode,
          batch: dto.batch ?? null,
          externalRef: dto.externalRef ?? null,
          reportedAt: reportedAt.toISOString(),
        };
        const event = this.historyRow(id, 1, 'CREATED', actor, at, null, stateDetail, payload, GENESIS_HASH);
        const record: CaseRecord = {
          id,
          code: `${dto.regionCode}-${year}-${String(seq).padStart(5, '0')}`,
          title: dto.title,
          description: dto.description,
          source: dto.source,
          category: dto.category,
          severity: dto.severity ?? 'normal',
          regionCode: dto.regionCode,
          batch: dto.batch ?? null,
          externalRef: dto.externalRef ?? null,
          state: topStateOf(stateDetail),
          stateDetail,
          snapshot: persistCaseSnapshot(snapshot),
          machineVersion: CASE_MACHINE_VERSION,
          version: 1,
          historyHash: event.hash,
          leadUnitId: null,
          coUnitIds: [],
          responsiblePerson: null,
          leader: null,
          rectificationDueAt: null,
          originalDueAt: null,
          returnCount: 0,
          reboundCount: 0,
          clockId,
          clockName: ClockName.Assignment,
          clockStartedAt: reportedAt.toISOString(),
          clockDueAt: clockDue,
          escalationLevel: null,
          reportedAt: reportedAt.toISOString(),
          closedAt: null,
          createdBy: user.id,
          createdAt: at,
          updatedAt: at,
        };
        await this.cases.insert(record, tx);
        await this.cases.startClock(
          { id: clockId, caseId: id, name: ClockName.Assignment, startedAt: record.clockStartedAt!, dueAt: clockDue, nextThresholdAt: this.firstThreshold(policy, calendar, clockDue) },
          tx,
        );
        await this.cases.appendEvent(event, tx);
        await this.hooks.run({ tx, before: null, after: record, event: { type: 'CREATED' }, actor, at, endedClockId: null, startedClock: { id: clockId, name: ClockName.Assignment, dueAt: clockDue }, policy });
        return record;
      });
    } catch (error) {
      if (dto.externalRef && isUniqueViolation(error)) {
        const existing = await this.cases.findBySourceAndRef(dto.source, dto.externalRef);
        throw duplicateRef(dto.source, dto.externalRef, existing?.id ?? null);
      }
      throw error;
    }
  }

  // ---------------------------------------------------------------- events

  /** `POST /cases/:id/events`: checks in the order 400 (shape), 404, 403, 409 (SPEC §7). */
  async send(user: AuthUser, caseId: string, body: unknown, ifMatchHeader?: string): Promise<CaseRecord> {
    const payload = validateCaseEvent(body);
    const ifMatch = parseIfMatch(ifMatchHeader);
    const caller = await this.callerContext(user);
    const [policy, calendar] = await Promise.all([this.policies.policy(), this.calendars.get()]);
    return this.db.write((tx) => this.applyInTransaction(tx, caseId, caller, payload, { ifMatch, policy, calendar }));
  }

  /** The system sending an event (sweeps): inside the caller's transaction; null when the case is not in `expectedState`. */
  async applyAsSystem(
    tx: SqlExecutor,
    caseId: string,
    payload: CaseEventPayload,
    opts: { expectedState?: string; policy: Policy; calendar: WorkingCalendar },
  ): Promise<CaseRecord | null> {
    const record = await this.cases.findById(caseId, tx, { lock: true });
    if (!record || (opts.expectedState && record.stateDetail !== opts.expectedState)) return null;
    const caller: CallerContext = { actor: { kind: 'system' }, visibility: { kind: 'all' }, regionSet: null };
    return this.applyInTransaction(tx, caseId, caller, payload, { policy: opts.policy, calendar: opts.calendar, preloaded: record });
  }

  /** Sends an event as a user inside an existing transaction (bulk assignment). */
  async applyAsUser(
    tx: SqlExecutor,
    caseId: string,
    caller: CallerContext,
    payload: CaseEventPayload,
    opts: { policy: Policy; calendar: WorkingCalendar; ifMatch?: number },
  ): Promise<CaseRecord> {
    return this.applyInTransaction(tx, caseId, caller, payload, opts);
  }

  private async applyInTransaction(
    tx: SqlExecutor,
    caseId: string,
    caller: CallerContext,
    payload: CaseEventPayload,
    opts: { ifMatch?: number; policy: Policy; calendar: WorkingCalendar; preloaded?: CaseRecord },
  ): Promise<CaseRecord> {
    const { policy, calendar } = opts;
    const record = opts.preloaded ?? (await this.cases.findById(caseId, tx, { lock: true }));
    if (!record || !CaseWorkflowService.isVisible(record, caller)) throw DomainError.notFound('Case');
    this.checkPermission(record, caller.actor, payload.type);
    if (opts.ifMatch !== undefined && opts.ifMatch !== record.version) {
      throw new DomainError(ErrorCode.VersionConflict, `The case is at version ${record.version}, not ${opts.ifMatch}: reload it and try again`, {
        currentVersion: record.version,
      });
    }
    const now = this.clock.now();
    const at = now.toISOString();
    const resolved = await this.resolvePayload(tx, record, caller.actor, payload, now, policy, calendar);
    const event = { ...resolved.machinePayload, at, limits: limitsOf(policy) } as CaseEvent;
    const result = applyCaseEvent(restoreCaseSnapshot(record.snapshot), event);
    if (!result.ok) throw new DomainError(result.refusal.code as ErrorCode, result.refusal.message);

    const context = result.next.context;
    const next: CaseRecord = {
      ...record,
      state: topStateOf(result.to),
      stateDetail: result.to,
      snapshot: persistCaseSnapshot(result.next),
      machineVersion: CASE_MACHINE_VERSION,
      version: record.version + 1,
      rectificationDueAt: context.rectificationDueAt,
      originalDueAt: context.originalDueAt,
      returnCount: context.returnCount,
      reboundCount: context.reboundCount,
      closedAt: payload.type === 'CLOSE' ? at : record.closedAt,
      updatedAt: at,
      ...resolved.columns,
    };

    // A new clock on every entry to a state (ASSIGN re-enters `assigned`) and on every change of its due.
    const entered = result.from !== result.to || payload.type === 'ASSIGN';
    const dueChanged = result.to === 'rectifying.inProgress' && context.rectificationDueAt !== record.rectificationDueAt;
    let endedClockId: string | null = null;
    let startedClock: { id: string; name: string; dueAt: string } | null = null;
    if (entered || dueChanged) {
      if (record.clockId) {
        await this.cases.endClock(record.clockId, at, tx);
        endedClockId = record.clockId;
      }
      const name = clockOfState(result.to);
      if (name) {
        const dueAt = this.clockDue(name, now, context.rectificationDueAt, policy, calendar);
        startedClock = { id: newId(), name, dueAt };
        await this.cases.startClock({ id: startedClock.id, caseId, name, startedAt: at, dueAt, nextThresholdAt: this.firstThreshold(policy, calendar, dueAt) }, tx);
      }
      Object.assign(next, {
        clockId: startedClock?.id ?? null,
        clockName: startedClock?.name ?? null,
        clockStartedAt: startedClock ? at : null,
        clockDueAt: startedClock?.dueAt ?? null,
        escalationLevel: null,
      });
    }

    const row = this.historyRow(caseId, next.version, payload.type, caller.actor, at, result.from, result.to, resolved.historyPayload, record.historyHash);
    next.historyHash = row.hash;
    await this.cases.updateAndAppend(next, record.version, record, row, tx);
    await this.hooks.run({ tx, before: record, after: next, event: payload, actor: caller.actor, at, endedClockId, startedClock, policy });
    return next;
  }

  private checkPermission(record: CaseRecord, actor: Actor, type: CaseEventPayload['type']): void {
    const permission = permissionOf(type);
    if (actor.kind === 'system') {
      if (!permission.system) throw DomainError.forbidden(`The system may not send ${type}`);
      return;
    }
    const user = actor.user;
    if (!(permission.roles as readonly Role[]).includes(user.role)) {
      throw DomainError.forbidden(`Only ${permission.roles.join(' or ')} users may send ${type}`);
    }
    if (user.role === Role.Bureau && permission.unit) {
      const isLead = record.leadUnitId !== null && record.leadUnitId === user.unitId;
      const isCo = user.unitId !== null && record.coUnitIds.includes(user.unitId);
      if (permission.unit === 'lead' && !isLead) throw DomainError.forbidden(`Only the lead unit may send ${type}`);
      if (permission.unit === 'leadOrCo' && !isLead && !isCo) throw DomainError.forbidden(`Only the lead unit or a co-unit may send ${type}`);
    }
  }

  /** Turns a validated payload into what the machine needs, the columns it changes, and what history records. */
  private async resolvePayload(
    tx: SqlExecutor,
    record: CaseRecord,
    actor: Actor,
    payload: CaseEventPayload,
    now: Date,
    policy: Policy,
    calendar: WorkingCalendar,
  ): Promise<{ machinePayload: Record<string, unknown>; columns: Partial<CaseRecord>; historyPayload: Record<string, unknown> }> {
    const { type: _type, ...fields } = payload;
    const history: Record<string, unknown> = { ...fields };
    if (actor.kind === 'user' && actor.user.unitId) history.unitId = actor.user.unitId;
    switch (payload.type) {
      case 'ASSIGN': {
        let leadUnitId = payload.leadUnitId as string | undefined;
        let coUnitIds = (payload.coUnitIds as string[] | undefined) ?? [];
        let ruleDays: number | null = null;
        if (!leadUnitId) {
          const proposal = (await this.hooks.defaults?.defaultsFor(record, tx)) ?? null;
          if (!proposal) throw DomainError.validation('No leadUnitId given and no assignment rule applies to this case');
          leadUnitId = proposal.leadUnitId;
          if (payload.coUnitIds === undefined) coUnitIds = proposal.coUnitIds;
          ruleDays = proposal.rectificationWorkingDays;
          history.leadUnitId = leadUnitId;
          history.coUnitIds = coUnitIds;
          history.fromRule = true;
          if (proposal.ruleId) history.ruleId = proposal.ruleId;
        }
        coUnitIds = coUnitIds.filter((id) => id !== leadUnitId);
        await this.checkUnits(tx, record, actor, [leadUnitId, ...coUnitIds]);
        const due = this.rectificationDue(payload, now, policy, calendar, ruleDays);
        history.rectificationDueAt = due;
        return {
          machinePayload: { type: 'ASSIGN', leadUnitId, coUnitIds, rectificationDueAt: due },
          columns: {
            leadUnitId,
            coUnitIds,
            responsiblePerson: (payload.responsiblePerson as string | undefined) ?? record.responsiblePerson,
            leader: (payload.leader as string | undefined) ?? record.leader,
          },
          historyPayload: history,
        };
      }
      case 'REBOUND_FOUND': {
        const due = this.rectificationDue(payload, now, policy, calendar, null);
        history.rectificationDueAt = due;
        return { machinePayload: { type: 'REBOUND_FOUND', findings: payload.findings, rectificationDueAt: due }, columns: {}, historyPayload: history };
      }
      case 'REQUEST_EXTENSION': {
        const requested = new Date(payload.requestedDueAt as string);
        history.requestedDueAt = requested.toISOString();
        const current = record.rectificationDueAt ? new Date(record.rectificationDueAt) : null;
        if (current && record.stateDetail === 'rectifying.inProgress') {
          if (requested.getTime() <= current.getTime()) throw DomainError.validation('requestedDueAt must be later than the current due');
          if (requested.getTime() > current.getTime() + policy.extension.maxDays * DAY_MS) {
            throw DomainError.validation(`requestedDueAt may be at most ${policy.extension.maxDays} days after the current due`);
          }
        }
        return { machinePayload: { ...payload, requestedDueAt: requested.toISOString() }, columns: {}, historyPayload: history };
      }
      case 'APPROVE_EXTENSION': {
        history.previousDueAt = record.rectificationDueAt;
        history.newDueAt = record.snapshot.context.pendingExtension?.requestedDueAt ?? null;
        return { machinePayload: payload, columns: {}, historyPayload: history };
      }
      default:
        return { machinePayload: payload, columns: {}, historyPayload: history };
    }
  }

  private rectificationDue(payload: CaseEventPayload, now: Date, policy: Policy, calendar: WorkingCalendar, ruleDays: number | null): string {
    if (typeof payload.rectificationDueAt === 'string') {
      const due = new Date(payload.rectificationDueAt);
      if (due.getTime() <= now.getTime()) throw DomainError.validation('rectificationDueAt must be in the future');
      return due.toISOString();
    }
    const days = (payload.rectificationWorkingDays as number | undefined) ?? ruleDays ?? policy.deadlines.rectificationWorkingDays;
    return calendar.endOfWorkingDaysAfter(now, days).toISOString();
  }

  /** Units must exist, sit on the case region's branch, and (for users) in the assigner's jurisdiction. */
  private async checkUnits(tx: SqlExecutor, record: CaseRecord, actor: Actor, ids: string[]): Promise<void> {
    const units = await this.identity.unitsByIds(ids, tx);
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const id of ids) {
      const unit = byId.get(id);
      if (!unit) throw DomainError.validation(`Unit ${id} does not exist`);
      if (!(await this.regions.sameBranch(record.regionCode, unit.regionCode))) {
        throw DomainError.validation(`Unit ${unit.name} (${unit.regionCode}) is not on the branch of the case's region ${record.regionCode}`);
      }
      if (actor.kind === 'user' && !(await this.jurisdiction.coversRegion(actor.user, unit.regionCode))) {
        throw DomainError.validation(`Unit ${unit.name} is outside your jurisdiction`);
      }
    }
  }

  private clockDue(name: ClockName, start: Date, rectificationDueAt: string | null, policy: Policy, calendar: WorkingCalendar): string {
    const d = policy.deadlines;
    const days: Record<ClockName, number> = {
      [ClockName.Assignment]: d.assignmentWorkingDays,
      [ClockName.Acceptance]: d.acceptanceWorkingDays,
      [ClockName.Rectification]: d.rectificationWorkingDays,
      [ClockName.Verification]: d.verificationWorkingDays,
      [ClockName.Closure]: d.closureWorkingDays,
      [ClockName.Revisit]: d.revisitWorkingDays,
    };
    if (name === ClockName.Rectification && rectificationDueAt) return rectificationDueAt;
    return calendar.endOfWorkingDaysAfter(start, days[name]).toISOString();
  }

  /** When the sweep should first look at a clock: the threshold of the ladder's lowest level. */
  private firstThreshold(policy: Policy, calendar: WorkingCalendar, dueAt: string): string | null {
    const first = policy.escalation.ladder[0];
    return first ? calendar.escalationThreshold(new Date(dueAt), first.offsetWorkingDays).toISOString() : null;
  }

  private historyRow(
    caseId: string,
    seq: number,
    type: string,
    actor: Actor,
    at: string,
    from: string | null,
    to: string,
    payload: Record<string, unknown>,
    prevHash: string,
  ) {
    const base = {
      caseId,
      seq,
      type,
      actorId: actor.kind === 'user' ? actor.user.id : null,
      actorUsername: actor.kind === 'user' ? actor.user.username : 'system',
      actorRole: actor.kind === 'user' ? actor.user.role : null,
      actorUnitId: actor.kind === 'user' ? actor.user.unitId : null,
      at,
      fromState: from,
      toState: to,
      payload: asStoredJson(payload),
      prevHash,
    };
    return { ...base, hash: hashEvent(base) };
  }
}

function duplicateRef(source: string, externalRef: string, existingId: string | null): DomainError {
  return new DomainError(ErrorCode.Duplicate, `A ${source} case with externalRef ${externalRef} already exists`, { existingId });
}
