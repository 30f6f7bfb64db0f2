import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode } from '@rectify/core';
import { Database, isUniqueViolation, type SqlExecutor } from '@rectify/database';
import { requireRole, type AuthUser } from '@rectify/identity';
import { Role } from '@rectify/workflows';
import { DEFAULT_POLICY, type Policy, type PolicyInput, type VersionedPolicy } from './policy.js';
import { PolicyRepository, type PolicyRow } from './policy.repository.js';
import { normalizePolicy, policyProblems } from './policy-validation.util.js';

/** Another instance's policy change is seen within this time. */
const POLICY_CACHE_TTL_MS = 2_000;

const versioned = (row: PolicyRow | undefined): VersionedPolicy =>
  row
    ? { version: row.version, policy: { ...DEFAULT_POLICY, ...row.body }, createdAt: row.createdAt, createdBy: row.createdBy }
    : { version: 0, policy: DEFAULT_POLICY, createdAt: null, createdBy: null };

/** `"3"`, `W/"3"` or `3` → 3; absent → undefined; anything else is a 400. */
function parseVersionTag(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw DomainError.validation('If-Match must be the policy version as an ETag, e.g. "3"');
  return Number(match[1]);
}

/**
 * The policy in force: the newest version row, or the defaults (version 0) while there is none.
 * Versions are never edited, so each one is cached for good once read; clocks remember the version
 * they started under and keep its ladder.
 */
@Injectable()
export class PolicyService {
  private cached: { value: VersionedPolicy; at: number } | null = null;
  private readonly versions = new Map<number, Policy>([[0, DEFAULT_POLICY]]);
  /** Which version each policy object handed out is (the engine passes the object it used to hooks). */
  private readonly versionOfObject = new WeakMap<Policy, number>([[DEFAULT_POLICY, 0]]);

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(PolicyRepository) private readonly repository: PolicyRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async current(): Promise<VersionedPolicy> {
    if (this.cached && Date.now() - this.cached.at < POLICY_CACHE_TTL_MS) return this.cached.value;
    const value = versioned(await this.repository.latest());
    this.remember(value.version, value.policy);
    this.cached = { value, at: Date.now() };
    return value;
  }

  async policy(): Promise<Policy> {
    return (await this.current()).policy;
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
    const policy = versioned(row).policy;
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

  /** `GET /policies` (admin). */
  async view(user: AuthUser): Promise<VersionedPolicy> {
    requireRole(user, [Role.Admin], 'read the policy');
    this.cached = null;
    return this.current();
  }

  /** `PUT /policies` (admin): the whole policy, checked as a whole, stored as a new version. */
  async replace(user: AuthUser, input: PolicyInput, ifMatch?: string): Promise<VersionedPolicy> {
    const expected = parseVersionTag(ifMatch);
    const problems = policyProblems(input);
    if (problems.length > 0) throw DomainError.validation(problems.join('; '), { errors: problems });
    const policy = normalizePolicy(input);
    requireRole(user, [Role.Admin], 'change the policy');
    return this.save(policy, user.id, this.clock.now().toISOString(), expected);
  }

  /** Stores a new version; `expectedVersion` guards against two admins overwriting each other. */
  async save(policy: Policy, by: string | null, at: string, expectedVersion?: number): Promise<VersionedPolicy> {
    const saved = await this.db
      .write(async (tx: SqlExecutor) => {
        const version = (await this.repository.latestVersion(tx)) + 1;
        if (expectedVersion !== undefined && expectedVersion !== version - 1) return null;
        await this.repository.insert({ version, body: policy, createdAt: at, createdBy: by }, tx);
        return { version, policy, createdAt: at, createdBy: by };
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return null;
        throw error;
      });
    this.cached = null;
    if (!saved) {
      throw new DomainError(ErrorCode.VersionConflict, 'The policy was changed by someone else meanwhile: reload it and try again');
    }
    this.remember(saved.version, saved.policy);
    return saved;
  }

  invalidate(): void {
    this.cached = null;
  }
}
