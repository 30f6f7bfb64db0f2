import { Inject, Injectable } from '@nestjs/common';
import { CalendarService } from '@rectify/calendar';
import { Clock, DomainError, isUuid, pageOf, SYSTEM_ACTOR, WHOLE_LIST_PAGE_SIZE, type Page } from '@rectify/core';
import type { SqlExecutor } from '@rectify/database';
import { IdentityRepository, JurisdictionService, RegionTreeService, type AuthUser } from '@rectify/identity';
import { authoritySuffices, PolicyService, requiredAuthority } from '@rectify/policies';
import { CASE_TRANSITIONS, ClockName, EVENT_LABELS, labelOf, type ClockOwner, type Role } from '@rectify/workflows';
import { CaseHooks } from './case-hooks.js';
import { ProvisionalDuesRepository } from './provisional-dues.repository.js';
import { verifyChain, type ChainVerification } from './case-history.util.js';
import type { CaseEventRecord, CaseRecord } from './case-record.js';
import { HistoryAnchorService, type CaseAnchorReport } from './history-anchor.service.js';
import { clockStatus, clockView, toCaseView, type CaseClockView, type CaseView, type UnitRef, type ViewContext } from './case-view.js';
import { CaseRepository, type CaseScanFilter } from './case.repository.js';
import { decodeCursor, encodeCursor, sortKeyOf, type ListCursor } from './case-page.reader.js';
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
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(IdentityRepository) private readonly identity: IdentityRepository,
    @Inject(CaseHooks) private readonly hooks: CaseHooks,
    @Inject(ProvisionalDuesRepository) private readonly provisional: ProvisionalDuesRepository,
    @Inject(HistoryAnchorService) private readonly anchor: HistoryAnchorService,
  ) {}

  /**
   * The case if the caller may see it, else 404 (never 403: no leaking that it exists); read through
   * `tx` (locked with `lock`) when a writer needs it inside its transaction.
   */
  async visibleRecord(user: AuthUser, id: string, tx?: SqlExecutor, opts: { lock?: boolean } = {}): Promise<CaseRecord> {
    if (!isUuid(id)) throw DomainError.notFound('Case');
    const record = await this.cases.findById(id, tx, opts);
    if (!record || !CaseWorkflowService.isVisible(record, await this.workflow.callerContext(user))) throw DomainError.notFound('Case');
    return record;
  }

  async get(user: AuthUser, id: string): Promise<CaseView> {
    return (await this.views(user, [await this.visibleRecord(user, id)]))[0]!;
  }

  async list(user: AuthUser, query: ListCasesQuery): Promise<CasePage> {
    const sort = query.sort ?? '-createdAt';
    const pageSize = query.pageSize ?? 20;
    let cursor: ListCursor | undefined;
    if (query.cursor !== undefined) {
      if (query.page !== undefined) throw DomainError.validation('page and cursor cannot be used together', { errors: ['cursor: not with page'] });
      cursor = decodeCursor(query.cursor);
      if (!cursor) throw DomainError.validation('cursor is not a cursor of this list', { errors: ['cursor: not a cursor of this list'] });
      if (cursor.sort !== sort) throw DomainError.validation(`cursor was made for sort=${cursor.sort}, not sort=${sort}`, { errors: ['cursor: made for another sort'] });
    }
    const page = cursor ? null : (query.page ?? 1);
    const { items, total, totalIsEstimate, hasMore } = await this.cases.list({
      ...(await this.listFilter(user, query)),
      sort,
      limit: pageSize,
      offset: ((page ?? 1) - 1) * pageSize,
      cursor,
    });
    const at = (record: CaseRecord | undefined, direction: 'next' | 'prev') => (record ? encodeCursor({ sort, direction, key: sortKeyOf(record, sort) }) : null);
    const back = cursor?.direction === 'prev';
    // Rows beyond this page in its reading direction are known (hasMore); on the other side, there are
    // rows when the page was reached from them (a cursor) or is not the first page.
    const moreAfter = back ? items.length > 0 || cursor !== undefined : hasMore;
    const moreBefore = back ? hasMore : cursor !== undefined || (page ?? 1) > 1;
    const edge = (direction: 'next' | 'prev') => (cursor ? encodeCursor({ sort, direction, key: cursor.key }) : null);
    return {
      items: await this.views(user, items),
      total,
      totalIsEstimate,
      page,
      pageSize,
      nextCursor: moreAfter ? (items.length > 0 ? at(items.at(-1), 'next') : edge('next')) : null,
      prevCursor: moreBefore ? (items.length > 0 ? at(items[0], 'prev') : edge('prev')) : null,
    };
  }

  /**
   * The list's filter for this caller (visibility and the query's filters), without paging: what
   * `GET /cases` shows, for readers that walk all of it (the 台账 export).
   */
  async listFilter(user: AuthUser, query: Omit<ListCasesQuery, 'page' | 'pageSize' | 'sort' | 'cursor'>): Promise<CaseScanFilter> {
    const { regionCodes, unitId } = await this.jurisdiction.listScope(user, query.regionCode);
    return {
      regionCodes,
      unitId,
      states: query.state,
      stateDetails: query.actionable ? statesWhereRoleActs(user.role) : undefined,
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
      // A bureau's and an inspector's overdue list is their own lateness unless they ask for another party's.
      clockOwner: query.clockOwner ?? (query.overdue !== undefined ? OWN_CLOCKS_OF_ROLE[user.role] : undefined),
      q: query.q,
    };
  }

  /**
   * Every case matching `filter`, in code order, `pageSize` records at a time (keyset pages).
   * `contextKeys`: the records' snapshots hold only these keys of the context (read in SQL).
   */
  async *scan(filter: CaseScanFilter, pageSize: number, contextKeys?: readonly string[]): AsyncGenerator<CaseRecord[]> {
    let after = '';
    for (;;) {
      const page = await this.cases.scanPage(filter, after, pageSize, contextKeys);
      if (page.length === 0) return;
      yield page;
      if (page.length < pageSize) return;
      after = page.at(-1)!.code;
    }
  }

  /** Maps records to views for one caller: unit names in one query, allowed events per case. */
  async views(user: AuthUser, records: CaseRecord[]): Promise<CaseView[]> {
    const pending = records.filter((r) => r.snapshot.context.pendingExtension).map((r) => r.id);
    const [units, decisionClocks, provisional] = await Promise.all([
      this.unitsOf(records),
      this.cases.openClocksNamed(pending, ClockName.ExtensionDecision),
      records.length ? this.provisional.kindsOf(records.map((r) => r.id)) : new Map<string, Array<{ kind: string; clockId: string | null }>>(),
    ]);
    // Each case is shown under its own region's policy and calendar: worked out once per region of the page.
    const byRegion = new Map<string, Promise<ViewContext>>();
    const now = this.clock.now();
    const contextOf = (regionCode: string) => {
      let ctx = byRegion.get(regionCode);
      if (!ctx) byRegion.set(regionCode, (ctx = this.viewContext(user, regionCode, now, units).then((c) => ({ ...c, provisional }))));
      return ctx;
    };
    return Promise.all(records.map(async (r) => toCaseView(r, { ...(await contextOf(r.regionCode)), decisionClocks })));
  }

  /**
   * Clocks as the case view shows them (the one clock shape, `CaseClockView`): status, working days
   * left and `provisional` on each clock's case's region's policy and calendar. The escalation inbox
   * shows the clock each escalation belongs to through this.
   */
  async clockViews(clocks: ReadonlyArray<{ caseId: string; regionCode: string; clockId: string; name: string; startedAt: string; dueAt: string }>): Promise<CaseClockView[]> {
    if (clocks.length === 0) return [];
    const now = this.clock.now();
    const provisional = await this.provisional.kindsOf([...new Set(clocks.map((c) => c.caseId))]);
    const byRegion = new Map<string, Promise<Pick<ViewContext, 'warningAt' | 'workingDaysLeft'>>>();
    return Promise.all(
      clocks.map(async (c) => {
        let ctx = byRegion.get(c.regionCode);
        if (!ctx) byRegion.set(c.regionCode, (ctx = this.clockContext(c.regionCode, now).then(({ clocks: k }) => k)));
        const { warningAt, workingDaysLeft: left } = await ctx;
        const isProvisional = (provisional.get(c.caseId) ?? []).some((p) => p.clockId === c.clockId);
        return clockView(c.name, c.startedAt, c.dueAt, clockStatus(c.dueAt, now, warningAt), left(c.dueAt), isProvisional);
      }),
    );
  }

  /** A region's policy and what clocks need of its calendar (warning thresholds, working days left), memoised per call. */
  private async clockContext(regionCode: string, now: Date) {
    const [policy, calendar] = await Promise.all([this.policies.policyFor(regionCode), this.calendars.forRegion(regionCode)]);
    const warningOffset = policy.escalation.ladder[0]?.offsetWorkingDays ?? 0;
    // Cases of a page often share a due: each warning threshold is worked out once per call.
    const thresholds = new Map<number, Date>();
    const daysLeft = new Map<string, number>();
    const clocks: Pick<ViewContext, 'warningAt' | 'workingDaysLeft'> = {
      warningAt: (due) => {
        let threshold = thresholds.get(due.getTime());
        if (!threshold) thresholds.set(due.getTime(), (threshold = calendar.escalationThreshold(due, warningOffset)));
        return threshold;
      },
      workingDaysLeft: (dueAt) => {
        let left = daysLeft.get(dueAt);
        if (left === undefined) daysLeft.set(dueAt, (left = workingDaysLeft(calendar, now, new Date(dueAt))));
        return left;
      },
    };
    return { policy, clocks };
  }

  private async viewContext(user: AuthUser, regionCode: string, now: Date, units: Map<string, UnitRef>): Promise<ViewContext> {
    const [{ policy, clocks }, region] = await Promise.all([this.clockContext(regionCode, now), this.regions.get(user.regionCode)]);
    return {
      caller: user,
      now,
      limits: limitsOf(policy),
      units,
      // Closure authority (who may CLOSE / VERIFY_PASS by source), as the engine checks it.
      authorityAllows: (record, event) => authoritySuffices(region?.level, requiredAuthority(policy, record.source, event)),
      ...clocks,
    };
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
    // Internal notes (docs/comments.md) are for supervisors and inspectors: others never see their rows.
    const seesInternal = user.role === 'supervisor' || user.role === 'inspector';
    return events.filter((e) => seesInternal || !isInternalNote(e)).map((e) => ({
      seq: e.seq,
      type: e.type,
      typeLabel: RECORD_LABELS[e.type] ?? NOTE_LABELS[e.type] ?? labelOf(EVENT_LABELS, e.type)!,
      actor: e.actorId ? { id: e.actorId, username: e.actorUsername, role: e.actorRole, unitId: e.actorUnitId } : SYSTEM_ACTOR,
      at: e.at,
      from: e.fromState,
      to: e.toState,
      payload: e.payload,
      prevHash: e.prevHash,
      hash: e.hash,
    }));
  }

  /** `GET /cases/:id/history`: one page of it (by default all of it). */
  async historyPage(user: AuthUser, id: string, query: { page?: number; pageSize?: number }): Promise<Page<CaseHistoryEntry>> {
    return pageOf(await this.history(user, id), query, WHOLE_LIST_PAGE_SIZE);
  }

  /**
   * Verifies the chain, and that it ends where the case row says it does (a deleted last row shows);
   * then the anchoring (docs/security.md): the head's signature and the checkpoints. `valid` holds only
   * when all of them do; `chainIntact` is the unkeyed chain alone.
   */
  async verifyHistory(user: AuthUser, id: string): Promise<ChainVerification & { chainIntact: boolean; anchor: CaseAnchorReport }> {
    const record = await this.visibleRecord(user, id);
    const events = await this.cases.history(id);
    const anchor = await this.anchor.verifyCase(record, events);
    const anchored = anchor.headSignature === 'valid' && (anchor.checkpoint?.matches ?? true);
    const chain = await this.verifyChainOf(record, events);
    return { ...chain, valid: chain.valid && anchored, chainIntact: chain.brokenAt === undefined, anchor };
  }

  private async verifyChainOf(record: CaseRecord, events: CaseEventRecord[]): Promise<ChainVerification> {
    const result = verifyChain(events);
    if (!result.valid) return result;
    const expected = record.historyLength;
    if (events.length !== expected || events.at(-1)?.hash !== record.historyHash) {
      return { valid: false, length: events.length, brokenAt: Math.min(events.length, expected) + (events.length < expected ? 1 : 0) };
    }
    const files = await this.hooks.evidenceFiles?.verify(record.id, events);
    if (!files || files.checked === 0) return result;
    return { ...result, valid: files.problems.length === 0, files };
  }
}

/** History rows of comments (docs/comments.md): not transitions, so not in the machine's labels. */
const NOTE_LABELS: Record<string, string> = { COMMENT_ADDED: '发表评论', COMMENT_EDITED: '编辑评论' };
const isInternalNote = (e: { type: string; payload: Record<string, unknown> }): boolean => e.type in NOTE_LABELS && e.payload.internal === true;

/** The party whose clocks a role's overdue list shows by default (docs/deadlines.md, "Whose lateness"); supervisors and admins oversee every party. */
const OWN_CLOCKS_OF_ROLE: Partial<Record<Role, ClockOwner>> = { bureau: 'unit', inspector: 'inspector' };

/** The leaf states in which a role may send at least one event (from the machine's permissions). */
function statesWhereRoleActs(role: Role): readonly string[] {
  let states = STATES_BY_ROLE.get(role);
  if (!states) {
    states = [...new Set(CASE_TRANSITIONS.filter((t) => t.permission.roles.includes(role)).map((t) => t.from))];
    STATES_BY_ROLE.set(role, states);
  }
  return states;
}
const STATES_BY_ROLE = new Map<Role, readonly string[]>();

/** Working days after today up to the due's day (0: due today); when past due, minus the working days since. */
export function workingDaysLeft(calendar: { localDateOf(d: Date): string; countWorkdays(from: string, to: string): number }, now: Date, due: Date): number {
  const today = calendar.localDateOf(now);
  const dueDay = calendar.localDateOf(due);
  if (due.getTime() >= now.getTime()) return dueDay <= today ? 0 : calendar.countWorkdays(nextDay(today), dueDay);
  return dueDay >= today ? -1 : -calendar.countWorkdays(nextDay(dueDay), today);
}
const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Labels of the history rows that are not events (docs/api.md "Labels"). */
const RECORD_LABELS: Record<string, string> = {
  CREATED: '登记',
  SUPERSEDED: '由更正案件替代',
  ESCALATION_ACKNOWLEDGED: '确认督办',
  DUE_RECOMPUTED: '时限重算',
  CLOCK_SUSPENDED: '挂起',
  CLOCK_RESUMED: '恢复计时',
};
