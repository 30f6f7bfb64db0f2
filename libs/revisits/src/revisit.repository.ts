import { Inject, Injectable } from '@nestjs/common';
import { actorColumns, toIso } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import { campaignFromRow, revisitFromRow, type CampaignFilter, type CampaignRecord, type RevisitListRecord, type RevisitRecord } from './revisit-record.js';
import { RevisitOrigin, RevisitStatus } from './revisit-status.js';

/** Whose cases a caller sees (SPEC §6): region codes, a unit's cases, or everything (null, null). */
export interface CaseScope {
  regionCodes: string[] | null;
  unitId: string | null;
}

export interface RevisitListFilter extends CaseScope {
  status?: RevisitStatus;
  caseId?: string;
  campaignId?: string;
  dueFrom?: string;
  dueTo?: string;
  limit: number;
  offset: number;
}

/** A due revisit the sweep may start, with its place in the keyset order. */
export interface DueRevisit {
  id: string;
  caseId: string;
  dueAt: string;
  origin: RevisitOrigin;
  campaignId: string | null;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function scopeClauses(scope: CaseScope, clauses: string[], params: unknown[]): void {
  if (scope.regionCodes) {
    if (scope.regionCodes.length === 0) clauses.push('1 = 0');
    else {
      clauses.push(`c.region_code IN (${placeholders(scope.regionCodes.length)})`);
      params.push(...scope.regionCodes);
    }
  }
  if (scope.unitId !== null) {
    clauses.push('(c.lead_unit_id = ? OR c.id IN (SELECT case_id FROM case_co_units WHERE unit_id = ?))');
    params.push(scope.unitId, scope.unitId);
  }
}

/** `revisit_campaigns rc` with the user who drew each campaign. */
const CAMPAIGNS_WITH_CREATOR = 'revisit_campaigns rc LEFT JOIN users u ON u.id = rc.created_by';

/** Every query on `revisits` and `revisit_campaigns`. */
@Injectable()
export class RevisitRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  // ------------------------------------------------------------ revisits

  async insert(r: RevisitRecord, tx: SqlExecutor): Promise<void> {
    await tx.run(
      `INSERT INTO revisits (id, case_id, campaign_id, due_at, origin, status, started_at, completed_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [r.id, r.caseId, r.campaignId, r.dueAt, r.origin, r.status, r.startedAt, r.completedAt, r.createdAt],
    );
  }

  /** Cancels what an earlier closure scheduled and never started (campaign revisits belong to their campaign). */
  cancelScheduledByClosure(caseId: string, at: string, tx: SqlExecutor): Promise<number> {
    return tx.run(`UPDATE revisits SET status = ?, completed_at = ? WHERE case_id = ? AND status = ? AND origin = ?`, [
      RevisitStatus.Cancelled, at, caseId, RevisitStatus.Scheduled, RevisitOrigin.Policy,
    ]);
  }

  async inProgress(caseId: string, tx: SqlExecutor): Promise<RevisitRecord | undefined> {
    const row = await tx.one<Record<string, unknown>>('SELECT * FROM revisits WHERE case_id = ? AND status = ?', [caseId, RevisitStatus.InProgress]);
    return row ? revisitFromRow(row) : undefined;
  }

  /** The case's scheduled revisit that fell due first, if any is due at `now`. */
  async earliestDue(caseId: string, now: string, tx: SqlExecutor): Promise<RevisitRecord | undefined> {
    const row = await tx.one<Record<string, unknown>>(
      'SELECT * FROM revisits WHERE case_id = ? AND status = ? AND due_at <= ? ORDER BY due_at ASC, id ASC LIMIT 1',
      [caseId, RevisitStatus.Scheduled, now],
    );
    return row ? revisitFromRow(row) : undefined;
  }

  /** scheduled → inProgress, only from scheduled: 1 for the one caller that started it, 0 for everyone else. */
  markStarted(id: string, at: string, tx: SqlExecutor): Promise<number> {
    return tx.run('UPDATE revisits SET status = ?, started_at = ? WHERE id = ? AND status = ?', [RevisitStatus.InProgress, at, id, RevisitStatus.Scheduled]);
  }

  /**
   * The outcome of the case's running revisit (passed or rebound), and of every other revisit of the
   * case already due: one check on site answers them all (docs/revisits.md), so they are not started
   * one after another. Revisits due later stay scheduled.
   */
  async complete(caseId: string, outcome: RevisitStatus.Passed | RevisitStatus.Rebound, at: string, tx: SqlExecutor): Promise<number> {
    const running = await tx.run('UPDATE revisits SET status = ?, completed_at = ? WHERE case_id = ? AND status = ?', [outcome, at, caseId, RevisitStatus.InProgress]);
    const due = await tx.run('UPDATE revisits SET status = ?, started_at = ?, completed_at = ? WHERE case_id = ? AND status = ? AND due_at <= ?', [
      outcome, at, at, caseId, RevisitStatus.Scheduled, at,
    ]);
    return running + due;
  }

  /**
   * The next batch of scheduled revisits due at `now` whose case is closed, in (due_at, id) order after
   * `after` (keyset paging: a revisit that cannot start now is not read again in the same sweep).
   */
  async dueBatch(now: string, after: { dueAt: string; id: string } | null, limit: number): Promise<DueRevisit[]> {
    const params: unknown[] = [RevisitStatus.Scheduled, now];
    let keyset = '';
    if (after) {
      keyset = 'AND (r.due_at > ? OR (r.due_at = ? AND r.id > ?))';
      params.push(after.dueAt, after.dueAt, after.id);
    }
    const rows = await this.db.all<Record<string, unknown>>(
      `SELECT r.id, r.case_id, r.due_at, r.origin, r.campaign_id FROM revisits r JOIN cases c ON c.id = r.case_id
       WHERE r.status = ? AND r.due_at <= ? AND c.state = 'closed' ${keyset}
       ORDER BY r.due_at ASC, r.id ASC LIMIT ?`,
      [...params, limit],
    );
    return rows.map((row) => ({
      id: String(row.id),
      caseId: String(row.case_id),
      dueAt: toIso(row.due_at as string)!,
      origin: String(row.origin) as RevisitOrigin,
      campaignId: row.campaign_id === null || row.campaign_id === undefined ? null : String(row.campaign_id),
    }));
  }

  async list(filter: RevisitListFilter): Promise<{ items: RevisitListRecord[]; total: number }> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    scopeClauses(filter, clauses, params);
    const conditions: Array<[string, unknown]> = [
      ['r.status = ?', filter.status],
      ['r.case_id = ?', filter.caseId],
      ['r.campaign_id = ?', filter.campaignId],
      ['r.due_at >= ?', filter.dueFrom],
      ['r.due_at < ?', filter.dueTo],
    ];
    for (const [clause, value] of conditions) {
      if (value !== undefined) {
        clauses.push(clause);
        params.push(value);
      }
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const [rows, count] = await Promise.all([
      this.db.all<Record<string, unknown>>(
        `SELECT r.*, c.code AS case_code FROM revisits r JOIN cases c ON c.id = r.case_id ${where} ORDER BY r.due_at ASC, r.id ASC LIMIT ? OFFSET ?`,
        [...params, filter.limit, filter.offset],
      ),
      this.db.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM revisits r JOIN cases c ON c.id = r.case_id ${where}`, params),
    ]);
    return { items: rows.map((row) => ({ ...revisitFromRow(row), caseCode: String(row.case_code) })), total: Number(count?.n ?? 0) };
  }

  // ------------------------------------------------------------ campaigns

  /** Ids of closed cases matching a campaign filter, in the given regions. */
  async closedCaseIds(filter: CampaignFilter, regionCodes: string[], tx: SqlExecutor): Promise<string[]> {
    if (regionCodes.length === 0) return [];
    const clauses = [`state = 'closed'`, `region_code IN (${placeholders(regionCodes.length)})`];
    const params: unknown[] = [...regionCodes];
    const conditions: Array<[string, unknown]> = [
      ['source = ?', filter.source],
      ['batch = ?', filter.batch],
      ['category = ?', filter.category],
      ['closed_at >= ?', filter.closedFrom],
      ['closed_at < ?', filter.closedTo],
    ];
    for (const [clause, value] of conditions) {
      if (value !== undefined) {
        clauses.push(clause);
        params.push(value);
      }
    }
    const rows = await tx.all<{ id: string }>(`SELECT id FROM cases WHERE ${clauses.join(' AND ')}`, params);
    return rows.map((r) => String(r.id));
  }

  async insertCampaign(c: CampaignRecord, tx: SqlExecutor): Promise<void> {
    await tx.run(
      `INSERT INTO revisit_campaigns (id, created_by, filter, seed, sample_size, sample_rate, due_at, matched, selected, case_ids, created_at,
         region_code, matched_case_ids, draw_method)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        c.id, c.createdBy.id, JSON.stringify(c.filter), c.seed, c.sampleSize, c.sampleRate, c.dueAt, c.matched, c.selected,
        JSON.stringify(c.caseIds), c.createdAt, c.regionCode, JSON.stringify(c.matchedCaseIds), c.drawMethod,
      ],
    );
  }

  async campaign(id: string): Promise<CampaignRecord | undefined> {
    const row = await this.db.one<Record<string, unknown>>(`SELECT rc.*, ${actorColumns('u', 'by_')} FROM ${CAMPAIGNS_WITH_CREATOR} WHERE rc.id = ?`, [id]);
    return row ? campaignFromRow(row) : undefined;
  }

  /** Campaigns newest first, without the (possibly long) list of matched ids. */
  async campaigns(regionCodes: string[] | null, limit: number, offset: number): Promise<{ items: CampaignRecord[]; total: number }> {
    let where = '';
    const params: unknown[] = [];
    if (regionCodes) {
      where = regionCodes.length === 0 ? 'WHERE 1 = 0' : `WHERE region_code IN (${placeholders(regionCodes.length)})`;
      params.push(...regionCodes);
    }
    const columns = `rc.id, rc.created_by, rc.filter, rc.seed, rc.sample_size, rc.sample_rate, rc.due_at, rc.matched, rc.selected, rc.case_ids, rc.created_at, rc.region_code, rc.draw_method, ${actorColumns('u', 'by_')}`;
    const [rows, count] = await Promise.all([
      this.db.all<Record<string, unknown>>(
        `SELECT ${columns} FROM ${CAMPAIGNS_WITH_CREATOR} ${where.replace('region_code', 'rc.region_code')} ORDER BY rc.created_at DESC, rc.id DESC LIMIT ? OFFSET ?`,
        [...params, limit, offset],
      ),
      this.db.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM revisit_campaigns ${where}`, params),
    ]);
    return { items: rows.map(campaignFromRow), total: Number(count?.n ?? 0) };
  }

  /** Revisit counts by status for each campaign. */
  async progress(campaignIds: string[]): Promise<Map<string, Partial<Record<RevisitStatus, number>>>> {
    const out = new Map<string, Partial<Record<RevisitStatus, number>>>();
    if (campaignIds.length === 0) return out;
    const rows = await this.db.all<{ campaign_id: string; status: string; n: number | string }>(
      `SELECT campaign_id, status, COUNT(*) AS n FROM revisits WHERE campaign_id IN (${placeholders(campaignIds.length)}) GROUP BY campaign_id, status`,
      campaignIds,
    );
    for (const row of rows) {
      const counts = out.get(String(row.campaign_id)) ?? {};
      counts[row.status as RevisitStatus] = Number(row.n);
      out.set(String(row.campaign_id), counts);
    }
    return out;
  }
}
