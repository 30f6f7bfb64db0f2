import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CalendarService, type WorkingCalendar } from '@rectify/calendar';
import { newId } from '@rectify/core';
import type { SqlExecutor } from '@rectify/database';
import { CaseHooks, ProvisionalDuesRepository, type CaseRecord, type CaseTransitionEffect, type CaseTransitionHook } from '@rectify/cases';
import { DEFAULT_POLICY, PolicyService, type Policy } from '@rectify/policies';
import { ClockName } from '@rectify/workflows';
import { firstThreshold } from './escalation-ladder.util.js';
import { ladderOf } from './escalation-sweep.task.js';
import { EscalationRepository } from './escalation.repository.js';

/**
 * Keeps escalations in step with the case engine, inside each transition's transaction:
 * - a clock that ends (state left, due moved by an extension) resolves its open and acknowledged escalations;
 * - a clock that starts records the policy version in force, whose ladder it keeps for its whole life,
 *   and the threshold of that ladder's first level;
 * - whose lateness (docs/deadlines.md): an extension request starts the supervisor's decision clock
 *   (`extensionDecision`, its own ladder) and holds the unit's rectification clock at
 *   `policy.extensionDecision.holdUnitAtLevel` (催办); the decision ends that clock and lifts the hold
 *   (a rejection keeps the unit's clock and its due, which climbs on from where it was held).
 */
@Injectable()
export class EscalationResolverHook implements CaseTransitionHook, OnModuleInit {
  constructor(
    @Inject(CaseHooks) private readonly hooks: CaseHooks,
    @Inject(EscalationRepository) private readonly escalations: EscalationRepository,
    @Inject(PolicyService) private readonly policies: PolicyService,
    @Inject(CalendarService) private readonly calendars: CalendarService,
    @Inject(ProvisionalDuesRepository) private readonly provisional: ProvisionalDuesRepository,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async afterTransition({ tx, at, before, after, endedClockId, startedClock, policy: used }: CaseTransitionEffect): Promise<void> {
    if (endedClockId) await this.escalations.resolveForClock(tx, endedClockId, at);
    const wasPending = before?.snapshot.context.pendingExtension ?? null;
    const isPending = after.snapshot.context.pendingExtension ?? null;
    if (!startedClock && !wasPending && !isPending) return;

    // The version the engine computed the clock's due with; failing that, the one in force for the case's region.
    const known = used ? this.policies.versionOf(used) : undefined;
    const effective = known === undefined ? await this.policies.forRegion(after.regionCode, tx) : undefined;
    const version = known ?? effective!.version;
    const policy = (known !== undefined ? used : effective!.policy) ?? DEFAULT_POLICY;
    const calendar = await this.calendars.forRegion(after.regionCode, tx);
    if (startedClock) {
      const first = firstThreshold(policy.escalation.ladder, calendar, new Date(startedClock.dueAt));
      await this.escalations.stampClock(tx, startedClock.id, version, first?.level ?? 0, first?.thresholdAt.toISOString() ?? null);
    }
    await this.followExtension(tx, at, before, after, { wasPending: wasPending !== null, isPending: isPending !== null }, policy, version, calendar);
  }

  private async followExtension(
    tx: SqlExecutor,
    at: string,
    before: CaseRecord | null,
    after: CaseRecord,
    pending: { wasPending: boolean; isPending: boolean },
    policy: Policy,
    version: number,
    calendar: WorkingCalendar,
  ): Promise<void> {
    const decision = policy.extensionDecision ?? DEFAULT_POLICY.extensionDecision;
    if (!pending.wasPending && pending.isPending) {
      // The supervisor's clock: N working days from the request, climbing its own ladder.
      const dueAt = calendar.endOfWorkingDaysAfter(new Date(at), decision.workingDays);
      const first = firstThreshold(decision.ladder, calendar, dueAt);
      const id = newId();
      await this.escalations.startDecisionClock(tx, {
        id,
        caseId: after.id,
        name: ClockName.ExtensionDecision,
        startedAt: at,
        dueAt: dueAt.toISOString(),
        policyVersion: version,
        nextLevel: first?.level ?? 0,
        nextThresholdAt: first?.thresholdAt.toISOString() ?? null,
      });
      // Counted over a year without an official arrangement: provisional, counted again when the year is imported.
      if (calendar.isProvisionalDue(new Date(at), dueAt)) {
        await this.provisional.put({ caseId: after.id, kind: 'decision', clockId: id, countedFrom: at, workingDays: decision.workingDays, dueAt: dueAt.toISOString() }, tx);
      }
    }
    if (pending.wasPending && !pending.isPending) {
      // Decided (or the request lapsed with verification): the supervisor's clock is over.
      for (const id of await this.escalations.endOpenClocks(tx, after.id, ClockName.ExtensionDecision, at)) await this.escalations.resolveForClock(tx, id, at);
      await this.provisional.remove(after.id, 'decision', tx);
      // The unit's clock, if it is still the same one (a rejection), climbs on from where it was held.
      if (after.clockId && after.clockId === before?.clockId) await this.release(tx, after.clockId, after.regionCode, calendar);
    }
    if (pending.isPending && after.clockName === ClockName.Rectification && after.clockId) {
      await this.escalations.holdClock(tx, after.clockId, decision.holdUnitAtLevel);
    }
  }

  private async release(tx: SqlExecutor, clockId: string, regionCode: string, calendar: WorkingCalendar): Promise<void> {
    const clock = await this.escalations.openClock(tx, clockId);
    if (!clock || clock.holdLevel === null) return;
    const policy = (clock.policyVersion !== null ? await this.policies.atVersion(clock.policyVersion, tx) : undefined) ?? (await this.policies.policyFor(regionCode, tx));
    const step = ladderOf(policy, ClockName.Rectification).find((s) => s.level === clock.nextLevel);
    await this.escalations.releaseClock(tx, clockId, step ? calendar.escalationThreshold(new Date(clock.dueAt), step.offsetWorkingDays).toISOString() : null);
  }
}
