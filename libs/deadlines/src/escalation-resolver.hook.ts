import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CalendarService } from '@rectify/calendar';
import { CaseHooks, type CaseTransitionEffect, type CaseTransitionHook } from '@rectify/cases';
import { DEFAULT_POLICY, PolicyService } from '@rectify/policies';
import { firstThreshold } from './escalation-ladder.util.js';
import { EscalationRepository } from './escalation.repository.js';

/**
 * Keeps escalations in step with the case engine, inside each transition's transaction:
 * - a clock that ends (state left, due moved by an extension) resolves its open and acknowledged escalations;
 * - a clock that starts records the policy version in force, whose ladder it keeps for its whole life,
 *   and the threshold of that ladder's first level.
 */
@Injectable()
export class EscalationResolverHook implements CaseTransitionHook, OnModuleInit {
  constructor(
    @Inject(CaseHooks) private readonly hooks: CaseHooks,
    @Inject(EscalationRepository) private readonly escalations: EscalationRepository,
    @Inject(PolicyService) private readonly policies: PolicyService,
    @Inject(CalendarService) private readonly calendars: CalendarService,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async afterTransition({ tx, at, after, endedClockId, startedClock, policy: used }: CaseTransitionEffect): Promise<void> {
    if (endedClockId) await this.escalations.resolveForClock(tx, endedClockId, at);
    if (!startedClock) return;
    // The version the engine computed the clock's due with; failing that, the one in force for the case's region.
    const known = used ? this.policies.versionOf(used) : undefined;
    const effective = known === undefined ? await this.policies.forRegion(after.regionCode, tx) : undefined;
    const version = known ?? effective!.version;
    const policy = (known !== undefined ? used : effective!.policy) ?? DEFAULT_POLICY;
    const calendar = await this.calendars.forRegion(after.regionCode, tx);
    const first = firstThreshold(policy.escalation.ladder, calendar, new Date(startedClock.dueAt));
    await this.escalations.stampClock(tx, startedClock.id, version, first?.level ?? 0, first?.thresholdAt.toISOString() ?? null);
  }
}
