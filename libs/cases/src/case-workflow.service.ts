import { Inject, Injectable } from '@nestjs/common';
import { CalendarService, type WorkingCalendar } from '@rectify/calendar';
import { Clock, DomainError, ErrorCode, newId, testPause } from '@rectify/core';
import { Database, isUniqueViolation, type SqlExecutor } from '@rectify/database';
import { IdentityRepository, JurisdictionService, RegionTreeService, type AuthUser, type Visibility } from '@rectify/identity';
import { authoritySuffices, PolicyService, requiredAuthority, type Policy } from '@rectify/policies';
import {
  CASE_MACHINE_VERSION,
  caseDefinition,
  caseModelOf,
  ClockName,
  permissionOf,
  persistCaseSnapshot,
  procedureForSource,
  Role,
  stateDetailOf,
  topStateOf,
  type CaseEvent,
  type CaseLimits,
} from '@rectify/workflows';
import { asStoredJson, hashEvent, GENESIS_HASH } from './case-history.util.js';
import { HistoryHeadSigner } from './history-head-signer.js';
import { CaseHooks, type Actor } from './case-hooks.js';
import type { CaseRecord } from './case-record.js';
import { CaseRepository } from './case.repository.js';
import { ProvisionalDuesRepository } from './provisional-dues.repository.js';
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
    @Inject(ProvisionalDuesRepository) private readonly provisional: ProvisionalDuesRepository,
    @Inject(HistoryHeadSigner) private readonly signer: HistoryHeadSigner,
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
    const reportedAt = await this.checkCreate(user, dto);
    // The case's own region decides its policy and its working calendar.
    const [policy, calendar] = await Promise.all([this.policies.policyFor(dto.regionCode), this.calendars.forRegion(dto.regionCode)]);
    try {
      return await this.db.write((tx) => this.insertCase(tx, user, dto, reportedAt, { policy, calendar }));
    } catch (error) {
      if (dto.externalRef && isUniqueViolation(error)) {
        const existing = await this.cases.findBySourceAndRef(dto.source, dto.externalRef);
        throw await this.duplicateRefFor(user, dto.source, dto.externalRef, existing?.id ?? null);
      }
      throw error;
    }
  }

  /**
   * Logs a case inside the caller's transaction (ledger imports create and assign a row in one
   * transaction): the same checks, history, clock and hooks as `create`.
   */
  /** The duplicate-reference error; it names the existing case only to a caller who may see it (issue 11 item 7). */
  private async duplicateRefFor(
    who: AuthUser | CallerContext,
    source: string,
    externalRef: string,
    existingId: string | null,
    tx: SqlExecutor = this.db,
  ): Promise<DomainError> {
    const existing = existingId ? await this.cases.findById(existingId, tx) : undefined;
    const caller = 'visibility' in who ? who : await this.callerContext(who);
    const visible = existing !== undefined && CaseWorkflowService.isVisible(existing, caller);
    return duplicateRef(source, externalRef, visible ? existingId : null);
  }

  async createInTransaction(tx: SqlExecutor, user: AuthUser, dto: CreateCaseDto, opts?: { policy: Policy; calendar: WorkingCalendar }): Promise<CaseRecord> {
    const reportedAt = await this.checkCreate(user, dto);
    // Unless given: the case's own region's policy and calendar (cached; a reload reads through the transaction).
    const [policy, calendar] = await Promise.all([
      opts?.policy ?? this.policies.policyFor(dto.regionCode, tx),
      opts?.calendar ?? this.calendars.forRegion(dto.regionCode, tx),
    ]);
    return this.insertCase(tx, user, dto, reportedAt, { policy, calendar });
  }

  private async checkCreate(user: AuthUser, dto: CreateCaseDto): Promise<Date> {
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
    return reportedAt;
  }

  private async insertCase(
    tx: SqlExecutor,
    user: AuthUser,
    dto: CreateCaseDto,
    reportedAt: Date,
    { policy, calendar }: { policy: Policy; calendar: WorkingCalendar },
  ): Promise<CaseRecord> {
    const at = this.clock.now().toISOString();
    const actor: Actor = { kind: 'user', user };
    let predecessorId: string | null = null;
    if (dto.externalRef) {
      const existing = await this.cases.findBySourceAndRef(dto.source, dto.externalRef, tx);
      if (existing) throw await this.duplicateRefFor(user, dto.source, dto.externalRef, existing.id, tx);
      predecessorId = (await this.cases.findWithdrawnBySourceAndRef(dto.source, dto.externalRef, tx))?.id ?? null;
    }
    const year = calendar.localDateOf(reportedAt).slice(0, 4);
    const seq = await this.cases.nextCounter(`case:${dto.regionCode}:${year}`, tx);
    // The procedure its source maps to (policy), on its latest version: the case keeps both until it ends.
    const definition = caseDefinition(procedureForSource(dto.source, policy.procedures?.bySource))!;
    const snapshot = definition.model.initial();
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
      procedure: definition.procedure,
      procedureVersion: definition.version,
      ...(predecessorId ? { supersedesCaseId: predecessorId } : {}),
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
      procedure: definition.procedure,
      procedureVersion: definition.version,
      version: 1,
      historyHash: event.hash,
      historyLength: 1,
      historyMac: this.signer.sign({ caseId: id, version: 1, hash: event.hash }),
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
      supersedesCaseId: predecessorId,
      supersededByCaseId: null,
      suspensionId: null,
    };
    await this.cases.insert(record, tx);
    await this.cases.startClock(
      { id: clockId, caseId: id, name: ClockName.Assignment, startedAt: record.clockStartedAt!, dueAt: clockDue, nextThresholdAt: this.firstThreshold(policy, calendar, clockDue) },
      tx,
    );
    if (calendar.isProvisionalDue(reportedAt, new Date(clockDue))) {
      await this.provisional.put({ caseId: id, kind: 'clock', clockId, countedFrom: reportedAt.toISOString(), workingDays: policy.deadlines.assignmentWorkingDays, dueAt: clockDue }, tx);
    }
    await this.cases.appendEvent(event, tx);
    await this.hooks.run({ tx, before: null, after: record, event: { type: 'CREATED' }, actor, at, endedClockId: null, startedClock: { id: clockId, name: ClockName.Assignment, dueAt: clockDue }, policy });
    if (predecessorId) await this.linkSuccessor(tx, predecessorId, record, actor);
    return record;
  }

  // ---------------------------------------------------------------- events

  /** `POST /cases/:id/events`: checks in the order 400 (shape), 404, 403, 409 (SPEC §7). */
  async send(user: AuthUser, caseId: string, body: unknown, ifMatchHeader?: string): Promise<CaseRecord> {
    const payload = validateCaseEvent(body);
    const ifMatch = parseIfMatch(ifMatchHeader);
    const caller = await this.callerContext(user);
    try {
      // the case's own region's policy and calendar are read inside, for the locked case
      return await this.db.write(async (tx) => {
        const record = await this.applyInTransaction(tx, caseId, caller, payload, { ifMatch });
        await testPause('transition-transaction'); // inert outside the crash tests
        return record;
      });
    } catch (error) {
      // Two corrections racing for one external reference: the live-uniqueness index decides.
      if (payload.type === 'EDIT' && typeof payload.externalRef === 'string' && isUniqueViolation(error)) {
        const existing = await this.cases.findBySourceAndRef((await this.cases.findById(caseId))?.source ?? '', payload.externalRef);
        throw await this.duplicateRefFor(caller, 'this source', payload.externalRef, existing?.id ?? null);
      }
      throw error;
    }
  }

  /**
   * A history entry that is not a transition (state unchanged, version + 1), written by the one
   * writer inside the caller's transaction: an acknowledged escalation's note, a due recomputed by the
   * calendar, a withdrawn case taken over by its correction. `columns` may change non-state facts.
   * Returns null when the case does not exist.
   */
  async annotate(
    tx: SqlExecutor,
    caseId: string,
    actor: Actor,
    type: string,
    payload: Record<string, unknown>,
    columns: Partial<Pick<CaseRecord, 'supersededByCaseId' | 'rectificationDueAt' | 'originalDueAt' | 'clockDueAt' | 'snapshot'>> = {},
  ): Promise<CaseRecord | null> {
    const record = await this.cases.findById(caseId, tx, { lock: true });
    if (!record) return null;
    const at = this.clock.now().toISOString();
    const next: CaseRecord = { ...record, ...columns, version: record.version + 1, historyLength: record.historyLength + 1, updatedAt: at };
    const row = this.historyRow(caseId, next.historyLength, type, actor, at, record.stateDetail, record.stateDetail, payload, record.historyHash);
    next.historyHash = row.hash;
    // The signed head goes in with the history row, in the same statement on PostgreSQL.
    next.historyMac = this.signer.sign({ caseId, version: next.historyLength, hash: row.hash });
    await this.cases.updateAndAppend(next, record.version, record, row, tx);
    return next;
  }

  /**
   * A history row that changes nothing on the case — not its state, not its version (a comment or its
   * edit, docs/comments.md) — appended to the same tamper-evident chain inside the caller's
   * transaction, so `GET /cases/:id/history/verify` covers it. `record` must have been read in `tx`
   * with `{lock: true}`. Returns the row's seq.
   */
  async appendNote(tx: SqlExecutor, record: CaseRecord, actor: Actor, type: string, payload: Record<string, unknown>): Promise<number> {
    const at = this.clock.now().toISOString();
    const seq = record.historyLength + 1;
    const row = this.historyRow(record.id, seq, type, actor, at, record.stateDetail, record.stateDetail, payload, record.historyHash);
    await this.cases.appendNote(record, row, this.signer.sign({ caseId: record.id, version: seq, hash: row.hash }), tx);
    return seq;
  }

  /** Links a withdrawn case to the case that took over its external reference (both histories say so). */
  private async linkSuccessor(tx: SqlExecutor, predecessorId: string, successor: CaseRecord, actor: Actor): Promise<void> {
    await this.annotate(tx, predecessorId, actor, 'SUPERSEDED', { supersededByCaseId: successor.id, supersededByCode: successor.code, externalRef: successor.externalRef }, {
      supersededByCaseId: successor.id,
    });
  }

  /** The system sending an event (sweeps): inside the caller's transaction; null when the case is not in `expectedState`. */
  async applyAsSystem(
    tx: SqlExecutor,
    caseId: string,
    payload: CaseEventPayload,
    opts: { expectedState?: string; policy?: Policy; calendar?: WorkingCalendar } = {},
  ): Promise<CaseRecord | null> {
    const record = await this.cases.findById(caseId, tx, { lock: true });
    // A suspended case (挂起) takes no event, the system's neither (docs/suspension.md).
    if (!record || record.suspensionId || (opts.expectedState && record.stateDetail !== opts.expectedState)) return null;
    const caller: CallerContext = { actor: { kind: 'system' }, visibility: { kind: 'all' }, regionSet: null };
    return this.applyInTransaction(tx, caseId, caller, payload, { policy: opts.policy, calendar: opts.calendar, preloaded: record });
  }

  /** Sends an event as a user inside an existing transaction (bulk assignment). */
  async applyAsUser(
    tx: SqlExecutor,
    caseId: string,
    caller: CallerContext,
    payload: CaseEventPayload,
    opts: { policy?: Policy; calendar?: WorkingCalendar; ifMatch?: number } = {},
  ): Promise<CaseRecord> {
    return this.applyInTransaction(tx, caseId, caller, payload, opts);
  }

  private async applyInTransaction(
    tx: SqlExecutor,
    caseId: string,
    caller: CallerContext,
    payload: CaseEventPayload,
    opts: { ifMatch?: number; policy?: Policy; calendar?: WorkingCalendar; preloaded?: CaseRecord },
  ): Promise<CaseRecord> {
    const record = opts.preloaded ?? (await this.cases.findById(caseId, tx, { lock: true }));
    if (!record || !CaseWorkflowService.isVisible(record, caller)) throw DomainError.notFound('Case');
    // The case's region's policy and calendar (cached; a reload reads through the transaction).
    const [policy, calendar] = await Promise.all([
      opts.policy ?? this.policies.policyFor(record.regionCode, tx),
      opts.calendar ?? this.calendars.forRegion(record.regionCode, tx),
    ]);
    this.checkPermission(record, caller.actor, payload.type);
    await this.checkAuthority(record, caller.actor, payload.type, policy);
    // 挂起 is a state of the case, like a refused transition: a 409 after the caller's 403s (404, 403, 409).
    if (record.suspensionId) throw new DomainError(ErrorCode.Conflict, 'The case is suspended (挂起): a supervisor must resume it first (POST /cases/{id}/suspension/resume)');
    if (opts.ifMatch !== undefined && opts.ifMatch !== record.version) {
      throw new DomainError(ErrorCode.VersionConflict, `The case is at version ${record.version}, not ${opts.ifMatch}: reload it and try again`, {
        currentVersion: record.version,
      });
    }
    const now = this.clock.now();
    const at = now.toISOString();
    const resolved = await this.resolvePayload(tx, record, caller.actor, payload, now, policy, calendar, caller);
    const event = { ...resolved.machinePayload, at, limits: limitsOf(policy) } as CaseEvent;
    const model = caseModelOf(record);
    const result = model.apply(model.restore(record.snapshot), event);
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
    // Provisional dues (counted over a year without an official arrangement) are remembered with what they
    // were counted from, so that importing the year counts them again (docs/deadlines.md).
    if (context.rectificationDueAt !== record.rectificationDueAt) {
      const counted = resolved.rectificationCounted;
      if (counted && context.rectificationDueAt === counted.dueAt && calendar.isProvisionalDue(now, new Date(counted.dueAt))) {
        await this.provisional.put({ caseId, kind: 'rectification', clockId: null, countedFrom: at, workingDays: counted.workingDays, dueAt: counted.dueAt }, tx);
      } else if (this.mayBeProvisional(calendar, record, record.rectificationDueAt)) {
        await this.provisional.remove(caseId, 'rectification', tx);
      }
    }
    if (entered || dueChanged) {
      if (record.clockId) {
        await this.cases.endClock(record.clockId, at, tx);
        endedClockId = record.clockId;
        if (this.mayBeProvisional(calendar, record, record.clockDueAt)) await this.provisional.remove(caseId, 'clock', tx);
      }
      const name = model.clockOf(result.to);
      if (name) {
        const dueAt = this.clockDue(name, now, context.rectificationDueAt, policy, calendar);
        startedClock = { id: newId(), name, dueAt };
        await this.cases.startClock({ id: startedClock.id, caseId, name, startedAt: at, dueAt, nextThresholdAt: this.firstThreshold(policy, calendar, dueAt) }, tx);
        const basis = await this.clockBasis(tx, caseId, name, now, dueAt, context.rectificationDueAt, policy, calendar);
        if (basis) await this.provisional.put({ caseId, kind: 'clock', clockId: startedClock.id, countedFrom: basis.countedFrom, workingDays: basis.workingDays, dueAt }, tx);
      }
      Object.assign(next, {
        clockId: startedClock?.id ?? null,
        clockName: startedClock?.name ?? null,
        clockStartedAt: startedClock ? at : null,
        clockDueAt: startedClock?.dueAt ?? null,
        escalationLevel: null,
      });
    }

    next.historyLength = record.historyLength + 1;
    const row = this.historyRow(caseId, next.historyLength, payload.type, caller.actor, at, result.from, result.to, resolved.historyPayload, record.historyHash);
    next.historyHash = row.hash;
    // The signed head goes in with the history row, in the same statement on PostgreSQL.
    next.historyMac = this.signer.sign({ caseId, version: next.historyLength, hash: row.hash });
    await this.cases.updateAndAppend(next, record.version, record, row, tx);
    await this.hooks.run({ tx, before: record, after: next, event: payload, actor: caller.actor, at, endedClockId, startedClock, policy });
    if (resolved.predecessorId) await this.linkSuccessor(tx, resolved.predecessorId, next, caller.actor);
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

  /**
   * Closure authority (docs/deadlines.md): for some sources only officials of a high enough region may
   * CLOSE (销号) or VERIFY_PASS, e.g. a central-inspection problem is closed by the province.
   */
  private async checkAuthority(record: CaseRecord, actor: Actor, type: string, policy: Policy): Promise<void> {
    if (actor.kind !== 'user') return;
    const required = requiredAuthority(policy, record.source, type);
    if (required === null) return;
    const region = await this.regions.get(actor.user.regionCode);
    if (!authoritySuffices(region?.level, required)) {
      const what = type === 'CLOSE' ? 'closed (销号)' : 'verified (验收)';
      throw DomainError.forbidden(`A ${record.source} case is ${what} by officials of a ${required} or above; ${region?.name ?? actor.user.regionCode} is a ${region?.level ?? 'unknown'}`);
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
    caller: CallerContext,
  ): Promise<{
    machinePayload: Record<string, unknown>;
    columns: Partial<CaseRecord>;
    historyPayload: Record<string, unknown>;
    predecessorId?: string;
    /** A rectification due counted in working days (not given as an instant): how many, and the result. */
    rectificationCounted?: { workingDays: number; dueAt: string };
  }> {
    const { type: _type, ...fields } = payload;
    const history: Record<string, unknown> = { ...fields };
    if (actor.kind === 'user' && actor.user.unitId) history.unitId = actor.user.unitId;
    if (Array.isArray(fields.attachmentIds)) {
      // History records each file's hash, not just its id: verification then covers the bytes.
      const files = this.hooks.evidenceFiles;
      if (!files) throw DomainError.validation('Attachments are not available on this server');
      delete history.attachmentIds;
      history.attachments = await files.resolve(record.id, fields.attachmentIds as string[], tx);
    }
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
          rectificationCounted: this.countedDue(payload, policy, ruleDays, due),
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
        return {
          machinePayload: { type: 'REBOUND_FOUND', findings: payload.findings, rectificationDueAt: due },
          columns: {},
          historyPayload: history,
          rectificationCounted: this.countedDue(payload, policy, null, due),
        };
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
      case 'EDIT':
        return this.resolveEdit(tx, record, payload, caller);
      case 'ADJUST_UNITS': {
        const columns: Partial<CaseRecord> = {};
        const changes: Record<string, { before: unknown; after: unknown }> = {};
        const leadUnitId = (payload.leadUnitId as string | undefined) ?? record.leadUnitId!;
        let coUnitIds = (payload.coUnitIds as string[] | undefined) ?? record.coUnitIds;
        coUnitIds = coUnitIds.filter((id) => id !== leadUnitId);
        if (payload.leadUnitId !== undefined || payload.coUnitIds !== undefined) {
          await this.checkUnits(tx, record, actor, [leadUnitId, ...coUnitIds]);
        }
        if (leadUnitId !== record.leadUnitId) {
          changes.leadUnitId = { before: record.leadUnitId, after: leadUnitId };
          columns.leadUnitId = leadUnitId;
        }
        if (!sameSet(coUnitIds, record.coUnitIds)) {
          changes.coUnitIds = { before: record.coUnitIds, after: coUnitIds };
          columns.coUnitIds = coUnitIds;
        }
        for (const field of ['responsiblePerson', 'leader'] as const) {
          const value = payload[field] as string | null | undefined;
          if (value !== undefined && value !== record[field]) {
            changes[field] = { before: record[field], after: value };
            columns[field] = value;
          }
        }
        let due: string | undefined;
        if (payload.rectificationDueAt !== undefined || payload.rectificationWorkingDays !== undefined) {
          due = this.rectificationDue(payload, now, policy, calendar, null);
          if (due !== record.rectificationDueAt) changes.rectificationDueAt = { before: record.rectificationDueAt, after: due };
          else due = undefined;
        }
        if (Object.keys(changes).length === 0) throw DomainError.validation('ADJUST_UNITS changes nothing: give a different lead unit, co-units, responsible person, leader or due');
        return {
          rectificationCounted: due ? this.countedDue(payload, policy, null, due) : undefined,
          machinePayload: { type: 'ADJUST_UNITS', reason: payload.reason, ...(due ? { rectificationDueAt: due } : {}) },
          columns,
          historyPayload: { reason: payload.reason, changes, ...(history.unitId ? { unitId: history.unitId } : {}) },
        };
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

  /** EDIT: the fields that really change, before → after; a new external reference must be free. */
  private async resolveEdit(tx: SqlExecutor, record: CaseRecord, payload: CaseEventPayload, caller: CallerContext) {
    const required = ['title', 'description', 'category', 'severity'] as const;
    const optional = ['batch', 'externalRef', 'responsiblePerson', 'leader'] as const;
    const columns: Partial<CaseRecord> = {};
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const field of [...required, ...optional]) {
      const value = payload[field] as string | null | undefined;
      if (value === undefined) continue;
      if (value === null && (required as readonly string[]).includes(field)) throw DomainError.validation(`${field} cannot be cleared`);
      if (value === record[field]) continue;
      changes[field] = { before: record[field], after: value };
      (columns as Record<string, unknown>)[field] = value;
    }
    if (Object.keys(changes).length === 0) throw DomainError.validation('EDIT changes nothing: give at least one field with a new value');
    let predecessorId: string | undefined;
    const ref = columns.externalRef;
    if (typeof ref === 'string') {
      const holder = await this.cases.findBySourceAndRef(record.source, ref, tx);
      if (holder && holder.id !== record.id) throw await this.duplicateRefFor(caller, record.source, ref, holder.id, tx);
      if (!record.supersedesCaseId) {
        predecessorId = (await this.cases.findWithdrawnBySourceAndRef(record.source, ref, tx))?.id;
        if (predecessorId) {
          columns.supersedesCaseId = predecessorId;
          changes.supersedesCaseId = { before: null, after: predecessorId };
        }
      }
    }
    return { machinePayload: { type: 'EDIT', reason: payload.reason }, columns, historyPayload: { reason: payload.reason, changes }, predecessorId };
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

  /** The working days a rectification due was counted with; undefined when it was given as an instant. */
  private countedDue(payload: CaseEventPayload, policy: Policy, ruleDays: number | null, dueAt: string): { workingDays: number; dueAt: string } | undefined {
    if (typeof payload.rectificationDueAt === 'string') return undefined;
    return { workingDays: (payload.rectificationWorkingDays as number | undefined) ?? ruleDays ?? policy.deadlines.rectificationWorkingDays, dueAt };
  }

  /**
   * What a new clock's due was counted from, when it is provisional: the rectification clock takes the
   * case's rectification due (provisional when that was); the others count their policy's working days
   * from now. Null when the due counts over official arrangements only (or was given as an instant).
   */
  private async clockBasis(
    tx: SqlExecutor,
    caseId: string,
    name: ClockName,
    now: Date,
    dueAt: string,
    rectificationDueAt: string | null,
    policy: Policy,
    calendar: WorkingCalendar,
  ): Promise<{ countedFrom: string; workingDays: number } | null> {
    if (name === ClockName.Rectification && rectificationDueAt) {
      const due = await this.provisional.get(caseId, 'rectification', tx);
      return due && due.dueAt === dueAt ? { countedFrom: due.countedFrom, workingDays: due.workingDays } : null;
    }
    if (!calendar.isProvisionalDue(now, new Date(dueAt))) return null;
    return { countedFrom: now.toISOString(), workingDays: clockWorkingDays(name, policy) };
  }

  /**
   * Whether a provisional row can exist for a due: only when the span from the case's reporting (no due
   * is counted from earlier) to the due touches a year without an official arrangement. Saves a DELETE
   * per transition on every case of the official years.
   */
  private mayBeProvisional(calendar: WorkingCalendar, record: CaseRecord, dueAt: string | null): boolean {
    return dueAt !== null && calendar.isProvisionalDue(new Date(record.reportedAt), new Date(dueAt));
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
    if (name === ClockName.Rectification && rectificationDueAt) return rectificationDueAt;
    return calendar.endOfWorkingDaysAfter(start, clockWorkingDays(name, policy)).toISOString();
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

/** The working days a clock's due is counted with (policy.deadlines; the decision clock: policy.extensionDecision). */
function clockWorkingDays(name: ClockName, policy: Policy): number {
  const d = policy.deadlines;
  const days: Record<ClockName, number> = {
    [ClockName.Assignment]: d.assignmentWorkingDays,
    [ClockName.Acceptance]: d.acceptanceWorkingDays,
    [ClockName.Rectification]: d.rectificationWorkingDays,
    [ClockName.Verification]: d.verificationWorkingDays,
    [ClockName.Closure]: d.closureWorkingDays,
    [ClockName.Revisit]: d.revisitWorkingDays,
    [ClockName.ExtensionDecision]: policy.extensionDecision.workingDays,
  };
  return days[name];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function duplicateRef(source: string, externalRef: string, existingId: string | null): DomainError {
  const message = `A ${source} case with externalRef ${externalRef} already exists`;
  return new DomainError(ErrorCode.Duplicate, existingId ? message : `${message} (outside your jurisdiction)`, existingId ? { existingId } : {});
}
