import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CaseWorkflowService } from '@rectify/cases';
import { APP_CONFIG, ConfigError, type AppConfig } from '@rectify/config';
import { Clock, DomainError, ErrorCode, newId } from '@rectify/core';
import { Database } from '@rectify/database';
import { EscalationSweepTask } from '@rectify/deadlines';
import { IdentityRepository, IdentityService, passwordProblem, RegionTreeService, type AuthUser } from '@rectify/identity';
import { authoritySuffices, DEFAULT_POLICY, requiredAuthority, type AuthorityLevel } from '@rectify/policies';
import { Role } from '@rectify/workflows';
import { DEMO_CASES, DEMO_PASSWORD, DEMO_REGIONS, DEMO_UNITS, DEMO_USERS, type DemoCase } from './demo-data.js';
import { demoTimeline, type DemoTimeline, type TimedDemoStep } from './demo-timeline.js';

const NATION = { code: '100000', name: '中华人民共和国', level: 'nation' as const, parentCode: null };
/** Cases driven through the engine at once: the database commits them in groups. */
const SEED_CONCURRENCY = 16;

const DAY_MS = 86_400_000;
/** The replay's daily sweep runs at 10:00 Shanghai (02:00 UTC). */
const TICK_OFFSET_MS = 2 * 3_600_000;
/** The first daily tick strictly after `ms` (a level fires once the sweep's instant is past its threshold). */
const nextTickAfter = (ms: number) => Math.floor((ms - TICK_OFFSET_MS) / DAY_MS) * DAY_MS + TICK_OFFSET_MS + DAY_MS;
/** The first daily tick at or after `ms` (a clock started at a tick's instant is swept by it). */
const nextTickAtOrAfter = (ms: number) => Math.ceil((ms - TICK_OFFSET_MS) / DAY_MS) * DAY_MS + TICK_OFFSET_MS;

/** One case of the replay: its events in order, the next one to send, and what it was created as. */
interface CaseReplay {
  c: DemoCase;
  timeline: DemoTimeline;
  next: number;
  caseId: string | null;
  skipped: boolean;
}

/**
 * Loads seeds/ on start: the admin from ADMIN_PASSWORD (before anything else, never replacing a user),
 * then, with SEED=demo on a database without demo data, the regions, units, users and cases of the
 * seed documents, each case driven through the engine so its history is real. Idempotent: every
 * insert is keyed (region code, unit name, username, source + externalRef) and skipped when present.
 *
 * The cases are replayed at their dates over the year before now (seeds/src/demo-timeline.ts): every
 * create and event runs inside `Clock.replayAt(its instant)`, and between a case's events the escalation
 * sweep runs silently over that case's clocks as a daily sweep at 10:00 would have, so that clocks
 * start, levels fire and escalations resolve when they would have. At the end each running clock's current level is
 * announced once (docs/deadlines.md, "Catching up"): a start-up sweep then has nothing old to fire.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(IdentityRepository) private readonly identityRepository: IdentityRepository,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(CaseWorkflowService) private readonly workflow: CaseWorkflowService,
    @Inject(EscalationSweepTask) private readonly escalations: EscalationSweepTask,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.identityRepository.insertRegion(NATION, this.clock.now().toISOString());
    await this.regions.refresh();
    if (this.config.adminPassword) {
      const problem = passwordProblem(this.config.adminPassword, 'admin');
      if (problem) throw new ConfigError(`ADMIN_PASSWORD: ${problem}`);
      const admin = await this.identity.addUser(
        { username: 'admin', password: this.config.adminPassword, displayName: 'System administrator', role: Role.Admin, regionCode: NATION.code },
        { ignoreExisting: true },
      );
      this.logger.log(`Admin user: ${admin.username}`);
    }
    if (this.config.seed === 'demo') await this.seedDemo();
  }

  async seedDemo(): Promise<void> {
    const done = await this.db.one<{ value: number }>("SELECT value FROM counters WHERE name = 'seed:demo'");
    if (done) return;
    const started = Date.now();
    const at = this.clock.now().toISOString();
    for (const region of DEMO_REGIONS) await this.identityRepository.insertRegion(region, at);
    await this.regions.refresh();

    const unitIds = new Map<string, string>();
    for (const unit of DEMO_UNITS) {
      const existing = await this.identityRepository.unitByRegionAndName(unit.regionCode, unit.name);
      let id = existing?.id;
      if (!id) {
        id = newId();
        await this.identityRepository.insertUnit({ id, name: unit.name, regionCode: unit.regionCode, createdAt: at });
      }
      unitIds.set(unit.key, id);
    }

    const users = new Map<string, AuthUser>();
    const addUser = async (u: { username: string; password: string; displayName: string; role: string; regionCode: string; unitKey?: string }) => {
      const created = await this.identity.addUser(
        { username: u.username, password: u.password, displayName: u.displayName, role: u.role as Role, regionCode: u.regionCode, unitId: u.unitKey ? unitIds.get(u.unitKey) : undefined },
        { ignoreExisting: true, demoPassword: true },
      );
      users.set(u.username, { id: created.id, username: created.username, role: created.role, regionCode: created.regionCode, unitId: created.unitId });
    };
    for (const u of DEMO_USERS) await addUser(u);
    // Every unit that leads a demo case gets a bureau user, so that the demo can act as any lead unit.
    const bureauOf = new Map<string, AuthUser>();
    for (const u of users.values()) if (u.role === Role.Bureau && u.unitId && !bureauOf.has(u.unitId)) bureauOf.set(u.unitId, u);
    for (const unit of DEMO_UNITS) {
      const id = unitIds.get(unit.key)!;
      if (bureauOf.has(id) || !DEMO_CASES.some((c) => c.leadUnitKey === unit.key)) continue;
      await addUser({ username: `${unit.key}-bureau`, password: DEMO_PASSWORD, displayName: `${unit.name} 联络员`, role: Role.Bureau, regionCode: unit.regionCode, unitKey: unit.key });
      bureauOf.set(id, users.get(`${unit.key}-bureau`)!);
    }

    const officials = [...users.values()].filter((u) => u.role === Role.Inspector || u.role === Role.Supervisor);
    const end = this.clock.now();
    const replays: CaseReplay[] = DEMO_CASES.map((c) => ({
      c,
      timeline: demoTimeline(c, end, { revisitAfterCloseDays: DEFAULT_POLICY.revisit.bySource[c.source] ?? DEFAULT_POLICY.revisit.afterCloseDays }),
      next: -1, // -1: not created yet; i: steps[i] is next
      caseId: null,
      skipped: false,
    }));
    // Cases side by side (the database commits them in groups), each case's own events and sweeps in order.
    let created = 0;
    let sweeps = 0;
    const queue = [...replays].sort((a, b) => a.timeline.reportedAt.localeCompare(b.timeline.reportedAt));
    await Promise.all(
      Array.from({ length: SEED_CONCURRENCY }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
          const result = await this.replayCase(r, end, unitIds, bureauOf, officials);
          if (result.created) created += 1;
          sweeps += result.sweeps;
        }
      }),
    );
    const first = replays.reduce((min, r) => (r.timeline.reportedAt < min ? r.timeline.reportedAt : min), end.toISOString());
    const announced = await this.escalations.announceCurrentLevels(end);
    await this.db.run("INSERT INTO counters (name, value) VALUES ('seed:demo', 1) ON CONFLICT (name) DO NOTHING");
    await this.db.refreshPlannerStatistics();
    this.logger.log(
      `Demo data loaded: ${DEMO_REGIONS.length} regions, ${DEMO_UNITS.length} units, ${users.size} users, ${created} cases replayed from ${first.slice(0, 10)} ` +
        `(${sweeps} silent sweeps, ${announced} current levels announced; ${Date.now() - started} ms)`,
    );
  }

  /** The deepest official of a role whose jurisdiction holds every given region (and, when given, whose region is high enough). */
  private async official(officials: AuthUser[], role: Role, regionCodes: string[], required: AuthorityLevel | null = null): Promise<AuthUser> {
    const key = `${role}|${regionCodes.join(',')}|${required}`;
    let found = this.officialCache.get(key);
    if (!found) this.officialCache.set(key, (found = this.findOfficial(officials, role, regionCodes, required)));
    return found;
  }

  private readonly officialCache = new Map<string, Promise<AuthUser>>();

  private async findOfficial(officials: AuthUser[], role: Role, regionCodes: string[], required: AuthorityLevel | null): Promise<AuthUser> {
    let best: { user: AuthUser; depth: number } | null = null;
    for (const user of officials.filter((u) => u.role === role)) {
      if (!authoritySuffices((await this.regions.get(user.regionCode))?.level, required)) continue;
      let covers = true;
      for (const code of regionCodes) covers &&= await this.regions.contains(user.regionCode, code);
      if (!covers) continue;
      const depth = (await this.regions.ancestry(user.regionCode)).length;
      if (!best || depth > best.depth) best = { user, depth };
    }
    if (!best) throw new Error(`no demo ${role} covers ${regionCodes.join(', ')}`);
    return best.user;
  }

  /**
   * One case's timeline: each event at its instant, and between events the sweeps a daily sweep at
   * 10:00 Shanghai would have run over this case's clocks — at the first tick after each threshold (and
   * not before the clock started) that comes before the case's next event, and a last one at `end`.
   * A sweep touches only clocks of its own case, so cases replay side by side and the result is the
   * one daily sweeps over the whole database would have left.
   */
  private async replayCase(
    r: CaseReplay,
    end: Date,
    unitIds: Map<string, string>,
    bureauOf: Map<string, AuthUser>,
    officials: AuthUser[],
  ): Promise<{ created: boolean; sweeps: number }> {
    const instants = [r.timeline.reportedAt, ...r.timeline.steps.map((s) => s.at)];
    let sweeps = 0;
    for (let i = 0; i < instants.length && !r.skipped; i++) {
      await this.clock.replayAt(new Date(instants[i]!), () => this.replayNext(r, unitIds, bureauOf, officials));
      if (r.skipped) break;
      const until = i + 1 < instants.length ? new Date(instants[i + 1]!).getTime() : end.getTime();
      for (;;) {
        const clock = await this.db.one<{ next_threshold_at: string | Date; started_at: string | Date }>(
          'SELECT next_threshold_at, started_at FROM clocks WHERE case_id = ? AND ended_at IS NULL AND next_threshold_at IS NOT NULL ORDER BY next_threshold_at LIMIT 1',
          [r.caseId],
        );
        if (!clock) break;
        const threshold = new Date(clock.next_threshold_at).getTime();
        let tick = Math.max(nextTickAfter(threshold), nextTickAtOrAfter(new Date(clock.started_at).getTime()));
        // the last sweep of the replay runs at `end` itself (as a start-up sweep would)
        if (tick >= until && i + 1 === instants.length && threshold < until) tick = until;
        else if (tick >= until) break;
        const at = new Date(tick);
        await this.clock.replayAt(at, () => this.escalations.run(at, { announce: false, caseId: r.caseId! }));
        sweeps += 1;
        if (tick === until) break;
      }
    }
    return { created: r.caseId !== null, sweeps };
  }

  /** Creates the case (next = -1) or sends its next step, at the instant the caller replays. */
  private async replayNext(r: CaseReplay, unitIds: Map<string, string>, bureauOf: Map<string, AuthUser>, officials: AuthUser[]): Promise<void> {
    const c = r.c;
    const leadUnitId = unitIds.get(c.leadUnitKey)!;
    const coUnitIds = c.coUnitKeys.map((k) => unitIds.get(k)!);
    const unitRegions = [c.leadUnitKey, ...c.coUnitKeys].map((k) => DEMO_UNITS.find((u) => u.key === k)!.regionCode);
    if (r.next < 0) {
      r.next = 0;
      // Idempotent over withdrawn cases too: a withdrawn case frees its externalRef for the engine, not for the seeder.
      if (await this.db.one('SELECT id FROM cases WHERE source = ? AND external_ref = ?', [c.source, c.externalRef])) {
        r.skipped = true;
        return;
      }
      const inspector = await this.official(officials, Role.Inspector, [c.regionCode]);
      try {
        const record = await this.workflow.create(inspector, {
          title: c.title,
          description: c.description,
          source: c.source,
          category: c.category,
          severity: c.severity,
          regionCode: c.regionCode,
          batch: c.batch,
          externalRef: c.externalRef,
          reportedAt: r.timeline.reportedAt,
        });
        r.caseId = record.id;
      } catch (error) {
        if (error instanceof DomainError && error.code === ErrorCode.Duplicate) {
          r.skipped = true;
          return;
        }
        throw error;
      }
      return;
    }
    const step: TimedDemoStep = r.timeline.steps[r.next]!;
    r.next += 1;
    // Closure authority (docs/deadlines.md): e.g. a central-inspection problem is closed by the province.
    const actor =
      step.type === 'CLOSE'
        ? await this.official(officials, Role.Supervisor, [c.regionCode, ...unitRegions], requiredAuthority(DEFAULT_POLICY, c.source, 'CLOSE'))
        : step.type === 'VERIFY_PASS'
          ? await this.official(officials, Role.Inspector, [c.regionCode], requiredAuthority(DEFAULT_POLICY, c.source, 'VERIFY_PASS'))
          : step.as === 'inspector'
            ? await this.official(officials, Role.Inspector, [c.regionCode])
            : step.as === 'supervisor'
              ? await this.official(officials, Role.Supervisor, [c.regionCode, ...unitRegions])
              : bureauOf.get(leadUnitId)!;
    const payload = step.type === 'ASSIGN' ? { leadUnitId, coUnitIds, rectificationWorkingDays: 60, responsiblePerson: '属地责任人' } : (step.payload ?? {});
    await this.workflow.send(actor, r.caseId!, { type: step.type, ...payload });
  }
}
