import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode } from '@rectify/core';
import { Database, isUniqueViolation, type SqlExecutor } from '@rectify/database';
import { JurisdictionService, RegionTreeService, type AuthUser } from '@rectify/identity';
import { DEFAULT_POLICY, POLICY_SECTIONS, type EffectivePolicy, type Policy, type PolicyInput, type PolicySection, type PolicySource } from './policy.js';
import { PolicyRepository, type PolicyRow } from './policy.repository.js';
import { normalizePolicy, policyProblems } from './policy-validation.util.js';

/** Another instance's policy change is seen within this time. */
const POLICY_CACHE_TTL_MS = 2_000;

/** `"3"`, `W/"3"` or `3` → 3; absent → undefined; anything else is a 400. */
function parseVersionTag(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw DomainError.validation('If-Match must be the policy version as an ETag, e.g. "3"');
  return Number(match[1]);
}

type Layer = string | null;

interface Snapshot {
  latest: Map<Layer, PolicyRow>;
  /** Each region's effective policy, worked out once per snapshot. */
  effective: Map<Layer, EffectivePolicy>;
  at: number;
}

const sourcesOf = (source: PolicySource) => Object.fromEntries(POLICY_SECTIONS.map((s) => [s, { ...source }])) as Record<PolicySection, PolicySource>;

/**
 * Policies per region, inherited down the tree (docs/administration.md): a region's policy is the
 * newest version of the nearest region on its branch — itself, then its parent … up to the national
 * layer — that has a policy of its own; failing all, the built-in defaults (version 0). Versions are
 * one sequence for every region and never edited, so each is cached for good once read; clocks
 * remember the version they started under and keep its ladder.
 */
@Injectable()
export class PolicyService {
  private cached: Snapshot | null = null;
  private readonly versions = new Map<number, Policy>([[0, DEFAULT_POLICY]]);
  /** Which version each policy object handed out is (the engine passes the object it used to hooks). */
  private readonly versionOfObject = new WeakMap<Policy, number>([[DEFAULT_POLICY, 0]]);

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(PolicyRepository) private readonly repository: PolicyRepository,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The national policy. */
  current(): Promise<EffectivePolicy> {
    return this.forRegion(null);
  }

  async policy(): Promise<Policy> {
    return (await this.current()).policy;
  }

  /** The policy a case of `regionCode` runs under (inside a transaction pass `executor`: a reload reads through it). */
  async policyFor(regionCode: string | null, executor?: SqlExecutor): Promise<Policy> {
    return (await this.forRegion(regionCode, executor)).policy;
  }

  async forRegion(regionCode: string | null, executor?: SqlExecutor): Promise<EffectivePolicy> {
    const snapshot = await this.snapshot(executor);
    const known = snapshot.effective.get(regionCode);
    if (known) return known;
    const effective = this.resolve(snapshot.latest, await this.chainOf(regionCode), regionCode);
    snapshot.effective.set(regionCode, effective);
    this.remember(effective.version, effective.policy);
    return effective;
  }

  /** The layers a region inherits from, nearest first: itself, its ancestors below the nation, the national layer. */
  private async chainOf(regionCode: string | null): Promise<Layer[]> {
    if (regionCode === null) return [null];
    return [...(await this.regions.ancestry(regionCode)).filter((r) => r.level !== 'nation').map((r) => r.code), null];
  }

  private resolve(latest: Map<Layer, PolicyRow>, chain: Layer[], requested: Layer): EffectivePolicy {
    for (const layer of chain) {
      const row = latest.get(layer);
      if (!row?.body) continue;
      const policy = this.versions.get(row.version) ?? { ...DEFAULT_POLICY, ...row.body };
      return {
        version: row.version,
        policy,
        createdAt: row.createdAt,
        createdBy: row.createdBy,
        requestedRegionCode: requested,
        regionCode: layer,
        inherited: layer !== requested,
        sources: sourcesOf({ regionCode: layer, version: row.version }),
      };
    }
    return {
      version: 0,
      policy: DEFAULT_POLICY,
      createdAt: null,
      createdBy: null,
      requestedRegionCode: requested,
      regionCode: null,
      inherited: requested !== null,
      sources: sourcesOf({ regionCode: null, version: 0 }),
    };
  }

  private async snapshot(executor?: SqlExecutor): Promise<Snapshot> {
    if (this.cached && Date.now() - this.cached.at < POLICY_CACHE_TTL_MS) return this.cached;
    const rows = await this.repository.latestPerRegion(executor ?? this.db);
    const snapshot: Snapshot = { latest: new Map(rows.map((r) => [r.regionCode, r])), effective: new Map(), at: Date.now() };
    this.cached = snapshot;
    return snapshot;
  }

  /** The newest version number, read through `executor` (inside a transaction: what that transaction sees). */
  latestVersion(executor: SqlExecutor = this.db): Promise<number> {
    return this.repository.latestVersion(executor);
  }

  /** A stored version (0 = the defaults); undefined when there is no such version. */
  async atVersion(version: number, executor: SqlExecutor = this.db): Promise<Policy | undefined> {
    const known = this.versions.get(version);
    if (known) return known;
    const row = await this.repository.byVersion(version, executor);
    if (!row) return undefined;
    const policy = row.body ? { ...DEFAULT_POLICY, ...row.body } : DEFAULT_POLICY;
    this.remember(version, policy);
    return policy;
  }

  /** The version of a policy object this service handed out (undefined for any other object). */
  versionOf(policy: Policy): number | undefined {
    return this.versionOfObject.get(policy);
  }

  private remember(version: number, policy: Policy): void {
    if (!this.versions.has(version)) this.versions.set(version, policy);
    this.versionOfObject.set(policy, version);
  }

  /** `GET /policies?regionCode=` (an admin of that region; default their own): the effective policy and where it comes from. */
  async view(user: AuthUser, regionCode?: string): Promise<EffectivePolicy> {
    const layer = await this.jurisdiction.ruleLayer(user, regionCode, 'read the policy');
    this.cached = null;
    return this.forRegion(layer);
  }

  /** `GET /policies/versions?regionCode=` (an admin of that region): its own versions, newest first, paged. */
  async versionHistory(user: AuthUser, regionCode: string | undefined, page = 1, pageSize = 20) {
    const layer = await this.jurisdiction.ruleLayer(user, regionCode, 'read the policy');
    const { rows, total } = await this.repository.historyOf(layer, pageSize, (page - 1) * pageSize);
    const newest = page === 1 ? rows[0]?.version : undefined;
    return {
      items: rows.map((r) => ({
        version: r.version,
        regionCode: r.regionCode,
        inherits: r.body === null,
        policy: r.body ? { ...DEFAULT_POLICY, ...r.body } : null,
        createdAt: r.createdAt,
        createdBy: r.createdBy,
        createdByName: r.createdByName,
        current: r.version === newest && r.body !== null,
      })),
      total,
      page,
      pageSize,
    };
  }

  /**
   * `PUT /policies?regionCode=` (an admin of that region): the whole policy, checked as a whole, stored
   * as a new version of that region's own policy; its subtree inherits it. If-Match is the version the
   * caller read for that region (what was in force, inherited or not).
   */
  async replace(user: AuthUser, input: PolicyInput, ifMatch?: string, regionCode?: string): Promise<EffectivePolicy> {
    const expected = parseVersionTag(ifMatch);
    const problems = policyProblems(input);
    if (problems.length > 0) throw DomainError.validation(problems.join('; '), { errors: problems });
    const policy = normalizePolicy(input);
    const layer = await this.jurisdiction.ruleLayer(user, regionCode, 'change the policy');
    return this.save(policy, user.id, this.clock.now().toISOString(), expected, layer);
  }

  /** `DELETE /policies?regionCode=`: the region drops its own policy and inherits again (recorded as a version). */
  async inherit(user: AuthUser, ifMatch?: string, regionCode?: string): Promise<EffectivePolicy> {
    const expected = parseVersionTag(ifMatch);
    const layer = await this.jurisdiction.ruleLayer(user, regionCode, 'change the policy');
    this.cached = null;
    if (!(await this.snapshot()).latest.get(layer)?.body) throw DomainError.notFound(`A policy of region ${regionCode ?? user.regionCode} of its own`);
    return this.save(null, user.id, this.clock.now().toISOString(), expected, layer);
  }

  /** Stores a new version for a region (null policy: it inherits); `expectedVersion` guards against two admins overwriting each other. */
  async save(policy: Policy | null, by: string | null, at: string, expectedVersion?: number, layer: Layer = null): Promise<EffectivePolicy> {
    const chain = await this.chainOf(layer);
    const saved = await this.db
      .write(async (tx: SqlExecutor) => {
        const version = (await this.repository.latestVersion(tx)) + 1;
        if (expectedVersion !== undefined) {
          const latest = new Map((await this.repository.latestPerRegion(tx)).map((r) => [r.regionCode, r]));
          if (this.resolve(latest, chain, layer).version !== expectedVersion) return null;
        }
        await this.repository.insert({ version, regionCode: layer, body: policy, createdAt: at, createdById: by }, tx);
        return version;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return null;
        throw error;
      });
    this.cached = null;
    if (saved === null) {
      throw new DomainError(ErrorCode.VersionConflict, 'The policy was changed by someone else meanwhile: reload it and try again');
    }
    if (policy) this.remember(saved, policy);
    return this.forRegion(layer);
  }

  invalidate(): void {
    this.cached = null;
  }
}
