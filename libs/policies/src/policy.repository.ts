import { Inject, Injectable } from '@nestjs/common';
import { actorColumns, actorFromRow, toIso, type ActorRef } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import type { Policy } from './policy.js';

/** `policies.region_code` of the national layer. */
const NATIONAL = '';

export interface PolicyRow {
  version: number;
  /** Whose policy this version is; null = the national layer. */
  regionCode: string | null;
  /** null: from this version on the region has no policy of its own (it inherits). */
  body: Policy | null;
  createdAt: string;
  /** Who saved it (the history's actor shape); null for the seeded versions. */
  createdBy: ActorRef | null;
}

type RawRow = { version: number | string; region_code: string; body: string; created_at: string | Date; created_by: string | null; [actor: string]: unknown };

const fromRow = (row: RawRow): PolicyRow => {
  const body = JSON.parse(row.body) as Policy | Record<string, never>;
  return {
    version: Number(row.version),
    regionCode: row.region_code === NATIONAL ? null : row.region_code,
    body: Object.keys(body).length === 0 ? null : (body as Policy),
    createdAt: toIso(row.created_at)!,
    createdBy: actorFromRow(row.created_by, row, 'by_'),
  };
};

const COLUMNS = `p.version, p.region_code, p.body, p.created_at, p.created_by, ${actorColumns('u', 'by_')}`;
/** `policies p` with the saving user beside each row. */
const FROM = 'policies p LEFT JOIN users u ON u.id = p.created_by';

/** Every query on `policies`: versioned rows, never updated or deleted (SPEC §9), one version sequence for all regions. */
@Injectable()
export class PolicyRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  /** The newest row of every region that has one (a few dozen rows: read whole and cached by the service). */
  async latestPerRegion(executor: SqlExecutor = this.db): Promise<PolicyRow[]> {
    const rows = await executor.all<RawRow>(
      `SELECT ${COLUMNS} FROM ${FROM}
       JOIN (SELECT region_code, MAX(version) AS version FROM policies GROUP BY region_code) m ON m.region_code = p.region_code AND m.version = p.version`,
    );
    return rows.map(fromRow);
  }

  async latestVersion(executor: SqlExecutor = this.db): Promise<number> {
    const row = await executor.one<{ version: number | string | null }>('SELECT MAX(version) AS version FROM policies');
    return Number(row?.version ?? 0);
  }

  /** One layer's versions, newest first, with their total (a layer has a handful to a few hundred: paged all the same). */
  async historyOf(layer: string | null, limit: number, offset: number, executor: SqlExecutor = this.db): Promise<{ rows: Array<PolicyRow & { createdByName: string | null }>; total: number }> {
    const code = layer ?? NATIONAL;
    const total = await executor.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM policies WHERE region_code = ?', [code]);
    const rows = await executor.all<RawRow & { display_name: string | null }>(
      `SELECT ${COLUMNS}, u.display_name FROM ${FROM}
       WHERE p.region_code = ? ORDER BY p.version DESC LIMIT ? OFFSET ?`,
      [code, limit, offset],
    );
    return { rows: rows.map((r) => ({ ...fromRow(r), createdByName: r.display_name ?? null })), total: Number(total?.n ?? 0) };
  }

  async byVersion(version: number, executor: SqlExecutor = this.db): Promise<PolicyRow | undefined> {
    const row = await executor.one<RawRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE p.version = ?`, [version]);
    return row ? fromRow(row) : undefined;
  }

  async insert(row: Omit<PolicyRow, 'createdBy'> & { createdById: string | null }, tx: SqlExecutor): Promise<void> {
    await tx.run('INSERT INTO policies (version, region_code, body, created_by, created_at) VALUES (?, ?, ?, ?, ?)', [
      row.version,
      row.regionCode ?? NATIONAL,
      JSON.stringify(row.body ?? {}),
      row.createdById,
      row.createdAt,
    ]);
  }
}
