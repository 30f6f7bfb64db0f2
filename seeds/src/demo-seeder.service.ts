import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CaseWorkflowService } from '@rectify/cases';
import { APP_CONFIG, ConfigError, type AppConfig } from '@rectify/config';
import { Clock, DomainError, ErrorCode, newId } from '@rectify/core';
import { Database } from '@rectify/database';
import { IdentityRepository, IdentityService, passwordProblem, RegionTreeService, type AuthUser } from '@rectify/identity';
import { authoritySuffices, DEFAULT_POLICY, requiredAuthority, type AuthorityLevel } from '@rectify/policies';
import { Role } from '@rectify/workflows';
import { DEMO_CASES, DEMO_PASSWORD, DEMO_REGIONS, DEMO_UNITS, DEMO_USERS, type DemoCase } from './demo-data.js';

const NATION = { code: '100000', name: '中华人民共和国', level: 'nation' as const, parentCode: null };
/** Cases driven through the engine at once: the database commits them in groups. */
const SEED_CONCURRENCY = 16;

type Step = { type: string; as: 'inspector' | 'supervisor' | 'lead'; payload?: Record<string, unknown> };

/** The events that take a fresh case to each demo target, and who sends them. */
function stepsTo(target: DemoCase['target']): Step[] {
  const assign: Step = { type: 'ASSIGN', as: 'supervisor' };
  const accept: Step[] = [assign, { type: 'ACCEPT', as: 'lead' }, { type: 'REPORT_PROGRESS', as: 'lead', payload: { note: '已制定整改方案，倒排工期推进', percent: 30 } }];
  const evidence: Step = {
    type: 'SUBMIT_EVIDENCE',
    as: 'lead',
    payload: { summary: '整改已完成，提交佐证材料', evidence: [{ kind: 'photo', title: '整改后现场照片', ref: 'demo/photo-001.jpg' }, { kind: 'monitoring_report', title: '第三方监测报告', ref: 'demo/report-001.pdf' }] },
  };
  const verified: Step[] = [...accept, evidence, { type: 'VERIFY_PASS', as: 'inspector', payload: { note: '现场核查，整改到位' } }];
  const closed: Step[] = [...verified, { type: 'CLOSE', as: 'supervisor', payload: { note: '同意销号' } }];
  switch (target) {
    case 'reported':
      return [];
    case 'withdrawn':
      return [{ type: 'WITHDRAW', as: 'inspector', payload: { reason: '与已登记问题重复，撤销' } }];
    case 'returned':
      return [assign, { type: 'RETURN', as: 'lead', payload: { reasonCode: 'not_our_jurisdiction', reason: '该问题属地不在本单位辖区' } }];
    case 'assigned':
      return [assign];
    case 'rectifying':
      return accept;
    case 'awaitingVerification':
      return [...accept, evidence];
    case 'verified':
      return verified;
    case 'closed':
      return closed;
    case 'reboundCheck':
      return [...closed, { type: 'START_REVISIT', as: 'inspector', payload: { note: '回头看：现场复查' } }];
  }
}

/**
 * Loads seeds/ on start: the admin from ADMIN_PASSWORD (before anything else, never replacing a user),
 * then, with SEED=demo on a database without demo data, the regions, units, users and cases of the
 * seed documents, each case driven through the engine so its history is real. Idempotent: every
 * insert is keyed (region code, unit name, username, source + externalRef) and skipped when present.
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
    let created = 0;
    for (let i = 0; i < DEMO_CASES.length; i += SEED_CONCURRENCY) {
      const chunk = DEMO_CASES.slice(i, i + SEED_CONCURRENCY);
      const results = await Promise.all(chunk.map((c) => this.seedCase(c, unitIds, bureauOf, officials)));
      created += results.filter(Boolean).length;
    }
    await this.db.run("INSERT INTO counters (name, value) VALUES ('seed:demo', 1) ON CONFLICT (name) DO NOTHING");
    await this.db.refreshPlannerStatistics();
    this.logger.log(`Demo data loaded: ${DEMO_REGIONS.length} regions, ${DEMO_UNITS.length} units, ${users.size} users, ${created} cases (${Date.now() - started} ms)`);
  }

  /** The deepest official of a role whose jurisdiction holds every given region (and, when given, whose region is high enough). */
  private async official(officials: AuthUser[], role: Role, regionCodes: string[], required: AuthorityLevel | null = null): Promise<AuthUser> {
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

  private async seedCase(c: DemoCase, unitIds: Map<string, string>, bureauOf: Map<string, AuthUser>, officials: AuthUser[]): Promise<boolean> {
    const leadUnitId = unitIds.get(c.leadUnitKey)!;
    const coUnitIds = c.coUnitKeys.map((k) => unitIds.get(k)!);
    const unitRegions = [c.leadUnitKey, ...c.coUnitKeys].map((k) => DEMO_UNITS.find((u) => u.key === k)!.regionCode);
    const inspector = await this.official(officials, Role.Inspector, [c.regionCode]);
    const supervisor = await this.official(officials, Role.Supervisor, [c.regionCode, ...unitRegions]);
    // Closure authority (docs/deadlines.md): e.g. a central-inspection problem is closed by the province.
    const closer = await this.official(officials, Role.Supervisor, [c.regionCode, ...unitRegions], requiredAuthority(DEFAULT_POLICY, c.source, 'CLOSE'));
    const verifier = await this.official(officials, Role.Inspector, [c.regionCode], requiredAuthority(DEFAULT_POLICY, c.source, 'VERIFY_PASS'));
    // Idempotent over withdrawn cases too: a withdrawn case frees its externalRef for the engine, not for the seeder.
    if (await this.db.one('SELECT id FROM cases WHERE source = ? AND external_ref = ?', [c.source, c.externalRef])) return false;
    let record;
    try {
      record = await this.workflow.create(inspector, {
        title: c.title,
        description: c.description,
        source: c.source,
        category: c.category,
        severity: c.severity,
        regionCode: c.regionCode,
        batch: c.batch,
        externalRef: c.externalRef,
        reportedAt: c.reportedAt,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.Duplicate) return false;
      throw error;
    }
    for (const step of stepsTo(c.target)) {
      const actor =
        step.type === 'CLOSE' ? closer : step.type === 'VERIFY_PASS' ? verifier : step.as === 'inspector' ? inspector : step.as === 'supervisor' ? supervisor : bureauOf.get(leadUnitId)!;
      const payload =
        step.type === 'ASSIGN'
          ? { leadUnitId, coUnitIds, rectificationWorkingDays: 60, responsiblePerson: '属地责任人' }
          : (step.payload ?? {});
      await this.workflow.send(actor, record.id, { type: step.type, ...payload });
    }
    return true;
  }
}
