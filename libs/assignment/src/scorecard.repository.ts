import { Inject, Injectable } from '@nestjs/common';
import { toIso } from '@rectify/core';
import { Database, jsonField } from '@rectify/database';
import type { AcceptanceClock, ScoreEvent } from './scorecard.util.js';

/** Event types whose payload the scorecard reads. */
const PAYLOAD_TYPES = ['ASSIGN', 'REBOUND_FOUND', 'APPROVE_EXTENSION', 'ADJUST_UNITS', 'CLOCK_RESUMED'];

type Row = Record<string, unknown>;
const json = (value: unknown): Record<string, unknown> => (typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>) : ((value as Record<string, unknown> | null) ?? {}));
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Reads of the history (case_events) and clocks for scorecards; nothing here writes. */
@Injectable()
export class ScorecardRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  /** The cases ever assigned (before `to`) to one of the units, as a subquery and its parameters. */
  private scope(unitIds: readonly string[], to: string): { sql: string; params: unknown[] } {
    const lead = jsonField(this.db.dialect, 'a.payload', ['leadUnitId']);
    return {
      sql: `SELECT a.case_id FROM case_events a WHERE a.type = 'ASSIGN' AND a.at < ? AND ${lead} IN (${unitIds.map(() => '?').join(', ')})`,
      params: [to, ...unitIds],
    };
  }

  /** Every history row before `to` of the cases ever assigned to one of the units, by case and seq. */
  async events(unitIds: readonly string[], to: string): Promise<ScoreEvent[]> {
    if (unitIds.length === 0) return [];
    const scope = this.scope(unitIds, to);
    const rows = await this.db.all<Row>(
      `SELECT e.case_id, e.seq, e.type, e.at, e.to_state,
              CASE WHEN e.type IN (${PAYLOAD_TYPES.map(() => '?').join(', ')}) THEN e.payload ELSE NULL END AS payload
         FROM case_events e
        WHERE e.at < ? AND e.case_id IN (${scope.sql})
        ORDER BY e.case_id, e.seq`,
      [...PAYLOAD_TYPES, to, ...scope.params],
    );
    return rows.map((row) => {
      let payload = row.payload === null || row.payload === undefined ? {} : json(row.payload);
      if (row.type === 'ADJUST_UNITS') {
        // {changes: {leadUnitId: {before, after}, rectificationDueAt: {before, after}}} (docs/corrections.md)
        const changes = (payload.changes ?? {}) as Record<string, { after?: unknown } | undefined>;
        payload = { leadUnitId: changes.leadUnitId?.after, rectificationDueAt: changes.rectificationDueAt?.after };
      }
      return {
        caseId: String(row.case_id),
        seq: Number(row.seq),
        type: String(row.type),
        at: toIso(row.at as string)!,
        toState: String(row.to_state),
        leadUnitId: str(payload.leadUnitId),
        rectificationDueAt: str(payload.rectificationDueAt) ? toIso(str(payload.rectificationDueAt)) : null,
        newDueAt: str(payload.newDueAt) ? toIso(str(payload.newDueAt)) : null,
      };
    });
  }

  /** The acceptance clocks started before `to` of the same cases. */
  async acceptanceClocks(unitIds: readonly string[], to: string): Promise<AcceptanceClock[]> {
    if (unitIds.length === 0) return [];
    const scope = this.scope(unitIds, to);
    const rows = await this.db.all<Row>(
      `SELECT c.case_id, c.started_at, c.due_at, c.ended_at FROM clocks c
        WHERE c.name = 'acceptance' AND c.started_at < ? AND c.case_id IN (${scope.sql})`,
      [to, ...scope.params],
    );
    return rows.map((row) => ({
      caseId: String(row.case_id),
      startedAt: toIso(row.started_at as string)!,
      dueAt: toIso(row.due_at as string)!,
      endedAt: toIso(row.ended_at as string),
    }));
  }
}
