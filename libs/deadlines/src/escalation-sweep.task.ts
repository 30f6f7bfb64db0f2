import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CalendarService, type WorkingCalendar } from '@rectify/calendar';
import { testPause, timeOrderedId, toIso } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import { IdentityRepository, RegionTreeService } from '@rectify/identity';
import { DEFAULT_POLICY, PolicyService, type Policy } from '@rectify/policies';
import { CLOCK_OWNER_OF, ClockName } from '@rectify/workflows';
import { planEscalations } from './escalation-ladder.util.js';
import { EscalationHooks, type FiredEscalation } from './escalation-hooks.js';
import { EscalationRepository, type DueClock, type NewEscalation } from './escalation.repository.js';
import { ESCALATION_SWEEP_BATCH_SIZE } from './escalation-sweep-batch-size.js';
import { escalationTarget, RegionIndex } from './escalation-target.util.js';
import { SweepRegistry, type SweepTask } from './sweep-registry.js';

/** The ladder a clock climbs: the extension-decision clock has its own (policy.extensionDecision), every other clock the escalation ladder. */
export function ladderOf(policy: Policy, clockName: string): Policy['escalation']['ladder'] {
  return clockName === ClockName.ExtensionDecision ? (policy.extensionDecision ?? DEFAULT_POLICY.extensionDecision).ladder : policy.escalation.ladder;
}

/** Far more batches than any database holds; only a bug could make the loop reach it. */
const MAX_BATCHES_PER_SWEEP = 100_000;

/**
 * The escalation ladder as sweep work (SPEC §4). Each batch, in its own write transaction, claims
 * open clocks whose next threshold has passed (indexed, oldest first, bounded), records every level
 * now past for each, and moves the clock on to its next threshold. At most once per (clock, level)
 * holds whatever runs concurrently: the unique index on escalations(clock_id, level) with
 * ON CONFLICT DO NOTHING, on top of SQLite's single writer and PostgreSQL's SKIP LOCKED claims.
 */
@Injectable()
export class EscalationSweepTask implements SweepTask, OnModuleInit {
  readonly name = 'escalations';
  private readonly logger = new Logger('EscalationSweep');

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EscalationRepository) private readonly escalations: EscalationRepository,
    @Inject(PolicyService) private readonly policies: PolicyService,
    @Inject(CalendarService) private readonly calendars: CalendarService,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(IdentityRepository) private readonly identity: IdentityRepository,
    @Inject(SweepRegistry) private readonly registry: SweepRegistry,
    @Inject(EscalationHooks) private readonly hooks: EscalationHooks,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  /**
   * `announce: false` records the levels without telling anyone (no notification, no webhook event)
   * and `caseId` sweeps one case's clocks: the demo seeder's replay of its past year, case by case,
   * whose current levels it then announces once with `announceCurrentLevels` (docs/deadlines.md, "Catching up").
   */
  async run(now: Date, opts: { announce?: boolean; caseId?: string } = {}): Promise<Record<string, number>> {
    if (!opts.caseId) await this.regions.refresh(); // one case's sweeps (the seeder's) run in a burst: the tree is fresh
    const regions = await this.regions.all();
    const context = { now, regions: new RegionIndex(regions), announce: opts.announce ?? true, caseId: opts.caseId };
    const totals = { clocks: 0, fired: 0, batches: 0 };
    for (let batch = 0; batch < MAX_BATCHES_PER_SWEEP; batch++) {
      const result = await this.db.write((tx) => this.runBatch(tx, context));
      totals.batches += 1;
      totals.clocks += result.claimed;
      totals.fired += result.fired;
      if (result.claimed < ESCALATION_SWEEP_BATCH_SIZE) break;
    }
    return totals;
  }

  private async runBatch(
    tx: SqlExecutor,
    ctx: { now: Date; regions: RegionIndex; announce: boolean; caseId?: string },
  ): Promise<{ claimed: number; fired: number }> {
    const nowIso = ctx.now.toISOString();
    const clocks = await this.escalations.claimDue(tx, nowIso, ESCALATION_SWEEP_BATCH_SIZE, ctx.caseId);
    if (clocks.length === 0) return { claimed: 0, fired: 0 };

    const versions = new Map<number, Policy>();
    for (const version of new Set(clocks.map((c) => c.policyVersion))) {
      if (version === null) continue;
      const policy = await this.policies.atVersion(version, tx);
      if (policy) versions.set(version, policy);
    }
    // Each clock counts working days on its case's region's calendar (cached per region).
    const calendars = new Map<string, WorkingCalendar>();
    const fallbacks = new Map<string, Policy>();
    for (const regionCode of new Set(clocks.map((c) => c.regionCode))) {
      calendars.set(regionCode, await this.calendars.forRegion(regionCode, tx));
      fallbacks.set(regionCode, await this.policies.policyFor(regionCode, tx));
    }
    const leadIds = [...new Set(clocks.flatMap((c) => (c.leadUnitId ? [c.leadUnitId] : [])))];
    const unitRegions = new Map((await this.identity.unitsByIds(leadIds, tx)).map((u) => [u.id, u.regionCode]));

    const fired: NewEscalation[] = [];
    const reported: FiredEscalation[] = [];
    const advanced: Array<{ id: string; nextLevel: number; nextThresholdAt: string | null }> = [];
    for (const clock of clocks) {
      // A clock without a known version (written around the engine) climbs the ladder in force.
      const policy = (clock.policyVersion !== null ? versions.get(clock.policyVersion) : undefined) ?? fallbacks.get(clock.regionCode)!;
      const full = ladderOf(policy, clock.name);
      // A held clock (the unit's, while its extension request awaits the supervisor) climbs no higher than
      // its hold; once it reaches it, it is parked (no next threshold) until the decision re-arms it.
      const ladder = clock.holdLevel === null ? full : full.filter((step) => step.level <= clock.holdLevel!);
      try {
        const plan = planEscalations(ladder, calendars.get(clock.regionCode)!, new Date(clock.dueAt), clock.nextLevel, ctx.now);
        const rows = plan.fire.map((f) => this.escalationOf(clock, f.step, f.thresholdAt, nowIso, ctx.regions, unitRegions));
        fired.push(...rows);
        reported.push(...rows.map((e) => ({ ...e, caseCode: clock.caseCode, caseState: clock.caseState, regionCode: clock.regionCode })));
        advanced.push({ id: clock.id, nextLevel: plan.next?.level ?? clock.nextLevel + plan.fire.length, nextThresholdAt: plan.next?.thresholdAt.toISOString() ?? null });
      } catch (error) {
        // One bad clock must not stall the sweep: park it (no next threshold) and say so.
        this.logger.error(`clock ${clock.id} of case ${clock.caseId} cannot be escalated: ${(error as Error).message}`);
        advanced.push({ id: clock.id, nextLevel: clock.nextLevel, nextThresholdAt: null });
      }
    }
    const inserted = await this.escalations.insertMany(tx, fired);
    await this.escalations.advanceClocks(tx, advanced);
    if (ctx.announce) await this.hooks.run(tx, reported, nowIso);
    await testPause('sweep-transaction'); // inert outside the crash tests
    return { claimed: clocks.length, fired: inserted };
  }

  /**
   * Tells each running clock's current level — its highest open escalation — once, at `at` (the hooks
   * dedupe on (clock, level)): after a silent back-fill, the one announcement a late case deserves,
   * not one per long-past step. Returns how many levels were announced.
   */
  async announceCurrentLevels(at: Date): Promise<number> {
    const rows = await this.db.all<Record<string, unknown>>(
      `SELECT e.clock_id, e.case_id, c.code, c.state_detail, c.region_code, e.clock_name, e.level, e.level_name,
              e.target_region_code, e.target_unit_id, e.due_at, e.threshold_at
         FROM escalations e
         JOIN clocks cl ON cl.id = e.clock_id AND cl.ended_at IS NULL
         JOIN cases c ON c.id = e.case_id
        WHERE e.resolved_at IS NULL
          AND e.level = (SELECT MAX(x.level) FROM escalations x WHERE x.clock_id = e.clock_id)
        ORDER BY e.threshold_at, e.clock_id`,
    );
    const iso = (v: unknown) => toIso(v as string | Date)!;
    const current: FiredEscalation[] = rows.map((r) => ({
      clockId: String(r.clock_id),
      caseId: String(r.case_id),
      caseCode: String(r.code),
      caseState: String(r.state_detail),
      regionCode: String(r.region_code),
      clockName: String(r.clock_name),
      level: Number(r.level),
      levelName: String(r.level_name),
      targetRegionCode: String(r.target_region_code),
      targetUnitId: r.target_unit_id === null || r.target_unit_id === undefined ? null : String(r.target_unit_id),
      dueAt: iso(r.due_at),
      thresholdAt: iso(r.threshold_at),
    }));
    for (let i = 0; i < current.length; i += ESCALATION_SWEEP_BATCH_SIZE) {
      const chunk = current.slice(i, i + ESCALATION_SWEEP_BATCH_SIZE);
      await this.db.write((tx) => this.hooks.run(tx, chunk, at.toISOString()));
    }
    return current.length;
  }

  private escalationOf(
    clock: DueClock,
    step: Policy['escalation']['ladder'][number],
    thresholdAt: Date,
    firedAt: string,
    regions: RegionIndex,
    unitRegions: Map<string, string>,
  ): NewEscalation {
    const unitRegion = clock.leadUnitId ? unitRegions.get(clock.leadUnitId) : undefined;
    // Whose lateness (docs/deadlines.md): a warning "to the lead unit" on a clock the unit does not own
    // (verification, closure, revisit …) goes to the case's region instead, not to a unit that cannot act.
    const owner = CLOCK_OWNER_OF[clock.name as ClockName] ?? 'unit';
    const target = escalationTarget(
      step.target === 'leadUnit' && owner !== 'unit' ? 'region' : step.target,
      { regionCode: clock.regionCode, leadUnit: clock.leadUnitId && unitRegion ? { id: clock.leadUnitId, regionCode: unitRegion } : null },
      regions,
    );
    return {
      // Insertion order, not the (possibly manual) domain clock: the id only places the row in its index.
      id: timeOrderedId(),
      clockId: clock.id,
      caseId: clock.caseId,
      clockName: clock.name,
      level: step.level,
      levelName: step.name,
      targetRegionCode: target.regionCode,
      targetUnitId: target.unitId,
      dueAt: clock.dueAt,
      thresholdAt: thresholdAt.toISOString(),
      firedAt,
    };
  }
}
