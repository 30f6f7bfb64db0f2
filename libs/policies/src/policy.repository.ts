import { Inject, Injectable } from '@nestjs/common';
import { toIso } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import type { Policy } from './policy.js';

export interface PolicyRow {
  version: number;
  body: Policy;
  createdAt: string;
  createdBy: string | null;
}

type RawRow = { version: number | string; body: string; created_at: string | Date; created_by: string | null };

const fromRow = (row: RawRow): PolicyRow => ({
  version: Number(row.version),
  body: JSON.parse(row.body) as Policy,
  createdAt: toIso(row.created_at)!,
  createdBy: row.created_by,
});

/** Every query on `policies`: versioned rows, never updated or deleted (SPEC §9). */
@Injectable()
export class PolicyRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async latest(executor: SqlExecutor = this.db): Promise<PolicyRow | undefined> {
    const row = await executor.one<RawRow>('SELECT version, body, created_at, created_by FROM policies ORDER BY version DESC LIMIT 1');
    return row ? fromRow(row) : undefined;
  }

  async latestVersion(executor: SqlExecutor = this.db): Promise<number> {
    const row = await executor.one<{ version: number | string | null }>('SELECT MAX(version) AS version FROM policies');
    return Number(row?.version ?? 0);
  }

  async byVersion(version: number, executor: SqlExecutor = this.db): Promise<PolicyRow | undefined> {
    const row = await executor.one<RawRow>('SELECT version, body, created_at, created_by FROM policies WHERE version = ?', [version]);
    return row ? fromRow(row) : undefined;
  }

  async insert(row: { version: number; body: Policy; createdAt: string; createdBy: string | null }, tx: SqlExecutor): Promise<void> {
    await tx.run('INSERT INTO policies (version, body, created_by, created_at) VALUES (?, ?, ?, ?)', [
      row.version,
      JSON.stringify(row.body),
      row.createdBy,
      row.createdAt,
    ]);
  }
}
