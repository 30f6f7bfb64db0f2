import { Inject, Injectable } from '@nestjs/common';
import { actorColumns, actorFromRow, toIso, type ActorRef } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import { ESCALATION_SQL_CHUNK_ROWS } from './escalation-sweep-batch-size.js';
import { EscalationStatus } from './escalation-status.js';

/** An open clock whose next level's threshold has passed, with what its targets need. */
export interface DueClock {
  id: string;
  caseId: string;
  name: string;
  dueAt: string;
  nextLevel: number;
  policyVersion: number | null;
  /** The highest level the clock may reach for now (the unit's clock while an extension awaits the decision); null = no cap. */
  holdLevel: number | null;
  regionCode: string;
  leadUnitId: string | null;
  caseCode: string;
  caseState: string;
}

export interface NewEscalation {
  id: string;
  clockId: string;
  caseId: string;
  clockName: string;
  level: number;
  levelName: string;
  targetRegionCode: string;
  targetUnitId: string | null;
  dueAt: string;
  thresholdAt: string;
  firedAt: string;
}

/** One row of `escalations` with its case's code and the acknowledging user's name. */
export interface EscalationRecord extends NewEscalation {
  caseCode: string;
  /** The case's own region: who may see the escalation follows who may see the case. */
  caseRegionCode: string;
  /** The clock's own start and its due as it stands now (an extension may have moved it since the escalation fired). */
  clockStartedAt: string;
  clockDueAt: string;
  status: EscalationStatus;
  acknowledgedBy: ActorRef | null;
  acknowledgedAt: string | null;
  acknowledgeNote: string | null;
  resolvedAt: string | null;
}

/** Who may see which escalations: everything, a set of target regions, or one unit's warnings. */
export type InboxScope =
  | { kind: 'all' }
  | { kind: 'supervisor'; subtree: string[]; ownRegion: string }
  | { kind: 'unit'; unitId: string };

export interface InboxFilter {
  scope: InboxScope;
  status?: EscalationStatus;
  level?: number;
  caseId?: string;
  limit: number;
  offset: number;
}

const chunks = <T>(rows: readonly T[], size = ESCALATION_SQL_CHUNK_ROWS): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
};

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

function escalationFromRow(r: Row): EscalationRecord {
  return {
    id: String(r.id),
    clockId: String(r.clock_id),
    caseId: String(r.case_id),
    caseCode: String(r.case_code),
    caseRegionCode: String(r.case_region_code),
    clockName: String(r.clock_name),
    clockStartedAt: toIso(r.clock_started_at as string) ?? toIso(r.due_at as string)!,
    clockDueAt: toIso(r.clock_due_at as string) ?? toIso(r.due_at as string)!,
    level: Number(r.level),
    levelName: str(r.level_name) ?? `level ${String(r.level)}`,
    targetRegionCode: String(r.target_region_code),
    targetUnitId: str(r.target_unit_id),
    dueAt: toIso(r.due_at as string)!,
    thresholdAt: toIso(r.threshold_at as string)!,
    firedAt: toIso(r.fired_at as string)!,
    status: String(r.status) as EscalationStatus,
    acknowledgedBy: actorFromRow(r.acknowledged_by, r, 'ack_'),
    acknowledgedAt: toIso(r.acknowledged_at as string),
    acknowledgeNote: str(r.acknowledge_note),
    resolvedAt: toIso(r.resolved_at as string),
  };
}

const SELECT_ESCALATION = `SELECT e.*, c.code AS case_code, c.region_code AS case_region_code, ${actorColumns('u', 'ack_')},
    cl.started_at AS clock_started_at, cl.due_at AS clock_due_at
  FROM escalations e JOIN cases c ON c.id = e.case_id LEFT JOIN users u ON u.id = e.acknowledged_by LEFT JOIN clocks cl ON cl.id = e.clock_id`;

/** Every query on escalations and on the clocks' escalation columns. */
@Injectable()
export class EscalationRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  /**
   * Claims up to `limit` open clocks whose next threshold is before `now`, oldest threshold first,
   * through the partial index on `clocks(next_threshold_at) WHERE ended_at IS NULL`. On PostgreSQL the
   * clock and case rows are locked and rows another transaction holds are skipped: concurrent
   * sweepers take disjoint batches and never wait on a user's transition (nor it on them for long).
   */
  async claimDue(tx: SqlExecutor, now: string, limit: number, caseId?: string): Promise<DueClock[]> {
    const lock = tx.dialect === 'postgres' ? ' FOR UPDATE OF cl, c SKIP LOCKED' : '';
    const rows = await tx.all<Row>(
      `SELECT cl.id, cl.case_id, cl.name, cl.due_at, cl.next_level, cl.policy_version, cl.hold_level, c.region_code, c.lead_unit_id, c.code, c.state_detail
         FROM clocks cl JOIN cases c ON c.id = cl.case_id
        WHERE cl.ended_at IS NULL AND cl.next_threshold_at < ?${caseId ? ' AND cl.case_id = ?' : ''}
        ORDER BY cl.next_threshold_at
        LIMIT ?${lock}`,
      caseId ? [now, caseId, limit] : [now, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      caseId: String(r.case_id),
      name: String(r.name),
      dueAt: toIso(r.due_at as string)!,
      nextLevel: Number(r.next_level),
      policyVersion: r.policy_version === null || r.policy_version === undefined ? null : Number(r.policy_version),
      holdLevel: r.hold_level === null || r.hold_level === undefined ? null : Number(r.hold_level),
      regionCode: String(r.region_code),
      leadUnitId: str(r.lead_unit_id),
      caseCode: String(r.code),
      caseState: String(r.state_detail),
    }));
  }

  /** Inserts escalations; one that exists for its (clock, level) is skipped. Returns how many were new. */
  async insertMany(tx: SqlExecutor, rows: readonly NewEscalation[]): Promise<number> {
    let inserted = 0;
    for (const chunk of chunks(rows)) {
      const params = chunk.flatMap((e) => [
        e.id, e.clockId, e.caseId, e.clockName, e.level, e.levelName, e.targetRegionCode, e.targetUnitId,
        e.dueAt, e.thresholdAt, e.firedAt, EscalationStatus.Open,
      ]);
      inserted += await tx.run(
        `INSERT INTO escalations (id, clock_id, case_id, clock_name, level, level_name, target_region_code, target_unit_id, due_at, threshold_at, fired_at, status)
         VALUES ${chunk.map(() => `(${placeholders(12)})`).join(', ')}
         ON CONFLICT (clock_id, level) DO NOTHING`,
        params,
      );
    }
    return inserted;
  }

  /** Moves clocks on to their next level (null threshold: the ladder is climbed, the sweep stops looking). */
  async advanceClocks(tx: SqlExecutor, rows: ReadonlyArray<{ id: string; nextLevel: number; nextThresholdAt: string | null }>): Promise<void> {
    const pg = tx.dialect === 'postgres';
    const tuple = pg ? '(CAST(? AS VARCHAR(36)), CAST(? AS INTEGER), CAST(? AS TIMESTAMPTZ))' : '(?, ?, ?)';
    for (const chunk of chunks(rows)) {
      await tx.run(
        `UPDATE clocks SET next_level = v.column2, next_threshold_at = v.column3
           FROM (VALUES ${chunk.map(() => tuple).join(', ')}) AS v
          WHERE clocks.id = v.column1 AND clocks.ended_at IS NULL`,
        chunk.flatMap((r) => [r.id, r.nextLevel, r.nextThresholdAt]),
      );
    }
  }

  /** Records the policy a new clock climbs and when the sweep should first look at it. */
  async stampClock(tx: SqlExecutor, clockId: string, policyVersion: number, nextLevel: number, nextThresholdAt: string | null): Promise<void> {
    await tx.run('UPDATE clocks SET policy_version = ?, next_level = ?, next_threshold_at = ? WHERE id = ?', [
      policyVersion,
      nextLevel,
      nextThresholdAt,
      clockId,
    ]);
  }

  /** Starts a case's extension-decision clock (the supervisor's), stamped with its policy and first threshold. */
  async startDecisionClock(
    tx: SqlExecutor,
    clock: { id: string; caseId: string; name: string; startedAt: string; dueAt: string; policyVersion: number; nextLevel: number; nextThresholdAt: string | null },
  ): Promise<void> {
    await tx.run(
      'INSERT INTO clocks (id, case_id, name, started_at, due_at, ended_at, next_level, next_threshold_at, policy_version) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)',
      [clock.id, clock.caseId, clock.name, clock.startedAt, clock.dueAt, clock.nextLevel, clock.nextThresholdAt, clock.policyVersion],
    );
  }

  /** Ends a case's open clocks of one name; returns their ids. */
  async endOpenClocks(tx: SqlExecutor, caseId: string, name: string, at: string): Promise<string[]> {
    const rows = await tx.all<Row>('SELECT id FROM clocks WHERE case_id = ? AND name = ? AND ended_at IS NULL', [caseId, name]);
    if (rows.length === 0) return [];
    await tx.run('UPDATE clocks SET ended_at = ? WHERE case_id = ? AND name = ? AND ended_at IS NULL', [at, caseId, name]);
    return rows.map((r) => String(r.id));
  }

  /** Caps how high an open clock may climb for now. */
  async holdClock(tx: SqlExecutor, clockId: string, level: number): Promise<void> {
    await tx.run('UPDATE clocks SET hold_level = ? WHERE id = ? AND ended_at IS NULL', [level, clockId]);
  }

  /** An open clock's escalation columns (null when it has ended). */
  async openClock(tx: SqlExecutor, clockId: string): Promise<{ dueAt: string; nextLevel: number; nextThresholdAt: string | null; policyVersion: number | null; holdLevel: number | null } | null> {
    const r = await tx.one<Row>('SELECT due_at, next_level, next_threshold_at, policy_version, hold_level FROM clocks WHERE id = ? AND ended_at IS NULL', [clockId]);
    if (!r) return null;
    return {
      dueAt: toIso(r.due_at as string)!,
      nextLevel: Number(r.next_level),
      nextThresholdAt: toIso(r.next_threshold_at as string),
      policyVersion: r.policy_version === null || r.policy_version === undefined ? null : Number(r.policy_version),
      holdLevel: r.hold_level === null || r.hold_level === undefined ? null : Number(r.hold_level),
    };
  }

  /** Lifts a clock's cap; `nextThresholdAt` re-arms a clock the sweep had parked at the cap. */
  async releaseClock(tx: SqlExecutor, clockId: string, nextThresholdAt: string | null): Promise<void> {
    await tx.run('UPDATE clocks SET hold_level = NULL, next_threshold_at = COALESCE(next_threshold_at, ?) WHERE id = ? AND ended_at IS NULL', [nextThresholdAt, clockId]);
  }

  /** The clock ended (state left or due changed): its open and acknowledged escalations are over. */
  async resolveForClock(tx: SqlExecutor, clockId: string, at: string): Promise<number> {
    return tx.run(`UPDATE escalations SET status = ?, resolved_at = ? WHERE clock_id = ? AND status IN (?, ?)`, [
      EscalationStatus.Resolved,
      at,
      clockId,
      EscalationStatus.Open,
      EscalationStatus.Acknowledged,
    ]);
  }

  private where(filter: Omit<InboxFilter, 'limit' | 'offset'>): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const scope = filter.scope;
    if (scope.kind === 'unit') {
      clauses.push('e.level = 0 AND e.target_unit_id = ?');
      params.push(scope.unitId);
    } else if (scope.kind === 'supervisor') {
      // Only escalations of cases the supervisor can see (issue 11 item 6). Levels 1+ go to supervisors
      // of the target region and are seen from anywhere above it; a level-0 warning (to the lead unit)
      // shows to supervisors of the lead unit's region or of the case's own region.
      const list = placeholders(scope.subtree.length);
      const caseInSubtree = scope.subtree.length > 0 ? `c.region_code IN (${list})` : '1 = 0';
      const targetInSubtree = scope.subtree.length > 0 ? `e.target_region_code IN (${list})` : '1 = 0';
      clauses.push(`${caseInSubtree} AND ((e.level > 0 AND ${targetInSubtree}) OR (e.level = 0 AND (e.target_region_code = ? OR c.region_code = ?)))`);
      params.push(...scope.subtree, ...scope.subtree, scope.ownRegion, scope.ownRegion);
    }
    for (const [column, value] of [['e.status', filter.status], ['e.level', filter.level]] as const) {
      if (value !== undefined) {
        clauses.push(`${column} = ?`);
        params.push(value);
      }
    }
    if (filter.caseId !== undefined) {
      // Through the case's clocks (escalations have no index on case_id: it would cost the sweep a random page per row).
      clauses.push('e.clock_id IN (SELECT cl.id FROM clocks cl WHERE cl.case_id = ?)');
      params.push(filter.caseId);
    }
    return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  async list(filter: InboxFilter): Promise<{ items: EscalationRecord[]; total: number }> {
    const { sql, params } = this.where(filter);
    const [rows, count] = await Promise.all([
      this.db.all<Row>(`${SELECT_ESCALATION} ${sql} ORDER BY e.fired_at DESC, e.level DESC, e.id LIMIT ? OFFSET ?`, [...params, filter.limit, filter.offset]),
      this.db.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM escalations e JOIN cases c ON c.id = e.case_id ${sql}`, params),
    ]);
    return { items: rows.map(escalationFromRow), total: Number(count?.n ?? 0) };
  }

  async findById(id: string, executor: SqlExecutor = this.db): Promise<EscalationRecord | undefined> {
    const row = await executor.one<Row>(`${SELECT_ESCALATION} WHERE e.id = ?`, [id]);
    return row ? escalationFromRow(row) : undefined;
  }

  /** Open → acknowledged, recording who and when; false when it was no longer open. */
  async acknowledge(tx: SqlExecutor, id: string, userId: string, at: string, note: string | null): Promise<boolean> {
    const changed = await tx.run('UPDATE escalations SET status = ?, acknowledged_by = ?, acknowledged_at = ?, acknowledge_note = ? WHERE id = ? AND status = ?', [
      EscalationStatus.Acknowledged,
      userId,
      at,
      note,
      id,
      EscalationStatus.Open,
    ]);
    return changed === 1;
  }
}
