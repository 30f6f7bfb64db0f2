import { Inject, Injectable } from '@nestjs/common';
import { toIso } from '@rectify/core';
import { Database, jsonField } from '@rectify/database';

export interface ReturnFilter {
  /** Cases of these regions (null = any); or returns made by this unit. */
  regionCodes: string[] | null;
  unitId: string | null;
  reasonCode?: string;
  pending?: boolean;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface ReturnRow {
  caseId: string;
  seq: number;
  at: string;
  actorId: string | null;
  actorUsername: string;
  actorRole: string | null;
  actorUnitId: string | null;
  payload: Record<string, unknown>;
  caseCode: string;
  title: string;
  regionCode: string;
  stateDetail: string;
  returnCount: number;
}

type Row = Record<string, unknown>;

/** RETURN rows of the history, with the case they belong to. */
@Injectable()
export class CaseReturnRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async list(filter: ReturnFilter): Promise<{ rows: ReturnRow[]; total: number }> {
    const clauses = [`e.type = 'RETURN'`];
    const params: unknown[] = [];
    if (filter.regionCodes) {
      if (filter.regionCodes.length === 0) clauses.push('1 = 0');
      else {
        clauses.push(`c.region_code IN (${filter.regionCodes.map(() => '?').join(', ')})`);
        params.push(...filter.regionCodes);
      }
    }
    if (filter.unitId !== null) {
      clauses.push('e.actor_unit_id = ?');
      params.push(filter.unitId);
    }
    if (filter.reasonCode) {
      clauses.push(`${jsonField(this.db.dialect, 'e.payload', ['reasonCode'])} = ?`);
      params.push(filter.reasonCode);
    }
    if (filter.pending !== undefined) clauses.push(filter.pending ? `c.state_detail = 'reported'` : `c.state_detail <> 'reported'`);
    if (filter.from) {
      clauses.push('e.at >= ?');
      params.push(filter.from);
    }
    if (filter.to) {
      clauses.push('e.at < ?');
      params.push(filter.to);
    }
    const where = `FROM case_events e JOIN cases c ON c.id = e.case_id WHERE ${clauses.join(' AND ')}`;
    const [rows, count] = await Promise.all([
      this.db.all<Row>(
        `SELECT e.case_id, e.seq, e.at, e.actor_id, e.actor_username, e.actor_role, e.actor_unit_id, e.payload,
                c.code, c.title, c.region_code, c.state_detail, c.return_count
         ${where} ORDER BY e.at DESC, e.case_id, e.seq LIMIT ? OFFSET ?`,
        [...params, filter.limit, filter.offset],
      ),
      this.db.one<{ n: number | string }>(`SELECT COUNT(*) AS n ${where}`, params),
    ]);
    return {
      total: Number(count?.n ?? 0),
      rows: rows.map((r) => ({
        caseId: String(r.case_id),
        seq: Number(r.seq),
        at: toIso(r.at as string)!,
        actorId: r.actor_id === null ? null : String(r.actor_id),
        actorUsername: String(r.actor_username),
        actorRole: r.actor_role === null || r.actor_role === undefined ? null : String(r.actor_role),
        actorUnitId: r.actor_unit_id === null ? null : String(r.actor_unit_id),
        payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : (r.payload as Record<string, unknown>),
        caseCode: String(r.code),
        title: String(r.title),
        regionCode: String(r.region_code),
        stateDetail: String(r.state_detail),
        returnCount: Number(r.return_count),
      })),
    };
  }
}
