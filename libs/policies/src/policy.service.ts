import { Inject, Injectable } from '@nestjs/common';
import { toIso } from '@rectify/core';
import { Database, isUniqueViolation, type SqlExecutor } from '@rectify/database';
import { DEFAULT_POLICY, type Policy, type VersionedPolicy } from './policy.js';

/** Another instance's policy change is seen within this time. */
const POLICY_CACHE_TTL_MS = 2_000;

/** The policy in force: the newest version row, or the defaults while there is none. */
@Injectable()
export class PolicyService {
  private cached: { value: VersionedPolicy; at: number } | null = null;

  constructor(@Inject(Database) private readonly db: Database) {}

  async current(): Promise<VersionedPolicy> {
    if (this.cached && Date.now() - this.cached.at < POLICY_CACHE_TTL_MS) return this.cached.value;
    const row = await this.db.one<{ version: number; body: string; created_at: string | Date; created_by: string | null }>(
      'SELECT version, body, created_at, created_by FROM policies ORDER BY version DESC LIMIT 1',
    );
    const value: VersionedPolicy = row
      ? { version: Number(row.version), policy: { ...DEFAULT_POLICY, ...(JSON.parse(row.body) as Policy) }, createdAt: toIso(row.created_at), createdBy: row.created_by }
      : { version: 0, policy: DEFAULT_POLICY, createdAt: null, createdBy: null };
    this.cached = { value, at: Date.now() };
    return value;
  }

  async policy(): Promise<Policy> {
    return (await this.current()).policy;
  }

  /** Stores a new version; `expectedVersion` guards against two admins overwriting each other. */
  async save(policy: Policy, by: string | null, at: string, expectedVersion?: number): Promise<VersionedPolicy> {
    const saved = await this.db.write(async (tx: SqlExecutor) => {
      const latest = await tx.one<{ version: number }>('SELECT MAX(version) AS version FROM policies');
      const version = Number(latest?.version ?? 0) + 1;
      if (expectedVersion !== undefined && expectedVersion !== version - 1) return null;
      await tx.run('INSERT INTO policies (version, body, created_by, created_at) VALUES (?, ?, ?, ?)', [version, JSON.stringify(policy), by, at]);
      return { version, policy, createdAt: at, createdBy: by };
    }).catch((error: unknown) => {
      if (isUniqueViolation(error)) return null;
      throw error;
    });
    this.cached = null;
    return saved ?? Promise.reject(new PolicyVersionConflict());
  }

  invalidate(): void {
    this.cached = null;
  }
}

export class PolicyVersionConflict extends Error {
  constructor() {
    super('The policy was changed by someone else; reload it and try again');
  }
}
