import { Inject, Injectable } from '@nestjs/common';
import { toIso } from '@rectify/core';
import { Database, jsonField } from '@rectify/database';
import type { CaseFacts } from './progress-report.util.js';

const iso = (v: unknown): string | null => toIso(v as string | Date | null);

/**
 * Each case's facts at an instant, from the append-only history: its last event (state), its last
 * ASSIGN (lead unit), its last due-setting event, counts of returns, extensions and rebounds; the
 * clock running then (clocks are written once and ended once) and the escalations open then
 * (fired_at and resolved_at are written once).
 */
@Injectable()
export class ProgressReportRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async factsAt(asOf: string, regionCodes: readonly string[] | null): Promise<CaseFacts[]> {
    const inRegions = regionCodes ? `AND case_id IN (SELECT id FROM cases WHERE region_code IN (${regionCodes.map(() => '?').join(', ')}))` : '';
    const regionParams = regionCodes ?? [];
    if (regionCodes && regionCodes.length === 0) return [];
    // Payload fields read in SQL (payload is JSON text on both dialects): no payload crosses to Node.
    const field = (column: string, key: string) => jsonField(this.db.dialect, column, [key]);
    // The last row's state from the as-of index (idx_case_events_as_of) alone; SQLite's planner would take the primary key.
    const asOfIndex = this.db.dialect === 'sqlite' ? 'INDEXED BY idx_case_events_as_of' : '';
    const [rows, clocks, escalations] = await Promise.all([
      this.db.all<Record<string, unknown>>(
        `SELECT c.id, c.region_code, c.source, c.batch, l.to_state, ${field('a.payload', 'leadUnitId')} AS lead_unit_id,
                CASE WHEN d.type = 'APPROVE_EXTENSION' THEN ${field('d.payload', 'newDueAt')} ELSE ${field('d.payload', 'rectificationDueAt')} END AS due_at,
                agg.returns, agg.extensions, agg.rebounds
         FROM (SELECT case_id, MAX(seq) AS last_seq,
                      MAX(CASE WHEN type = 'ASSIGN' THEN seq END) AS assign_seq,
                      MAX(CASE WHEN type IN ('ASSIGN', 'REBOUND_FOUND', 'APPROVE_EXTENSION') THEN seq END) AS due_seq,
                      SUM(CASE WHEN type = 'RETURN' THEN 1 ELSE 0 END) AS returns,
                      SUM(CASE WHEN type = 'APPROVE_EXTENSION' THEN 1 ELSE 0 END) AS extensions,
                      SUM(CASE WHEN type = 'REBOUND_FOUND' THEN 1 ELSE 0 END) AS rebounds
               FROM case_events WHERE at <= ? ${inRegions} GROUP BY case_id) agg
         JOIN cases c ON c.id = agg.case_id
         JOIN case_events l ${asOfIndex} ON l.case_id = agg.case_id AND l.seq = agg.last_seq
         LEFT JOIN case_events a ON a.case_id = agg.case_id AND a.seq = agg.assign_seq
         LEFT JOIN case_events d ON d.case_id = agg.case_id AND d.seq = agg.due_seq`,
        [asOf, ...regionParams],
      ),
      this.db.all<{ case_id: string; due_at: string | Date }>(
        // A clock suspended at asOf (挂起, docs/suspension.md) is not overdue: it is left out.
        `SELECT case_id, due_at FROM clocks WHERE name <> 'extensionDecision' AND started_at <= ? AND (ended_at IS NULL OR ended_at > ?)
           AND NOT EXISTS (SELECT 1 FROM case_suspensions s WHERE s.clock_id = clocks.id AND s.suspended_at <= ? AND (s.resumed_at IS NULL OR s.resumed_at > ?)) ${inRegions}`,
        [asOf, asOf, asOf, asOf, ...regionParams],
      ),
      this.db.all<{ case_id: string; level: number | string }>(
        `SELECT case_id, MAX(level) AS level FROM escalations WHERE clock_name <> 'extensionDecision' AND fired_at <= ? AND (resolved_at IS NULL OR resolved_at > ?) ${inRegions} GROUP BY case_id`,
        [asOf, asOf, ...regionParams],
      ),
    ]);
    const clockDue = new Map(clocks.map((k) => [String(k.case_id), iso(k.due_at)]));
    const level = new Map(escalations.map((e) => [String(e.case_id), Number(e.level)]));
    const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    return rows.map((r) => {
      const id = String(r.id);
      return {
        caseId: id,
        regionCode: String(r.region_code),
        source: String(r.source),
        batch: r.batch === null || r.batch === undefined ? null : String(r.batch),
        state: String(r.to_state),
        leadUnitId: text(r.lead_unit_id),
        rectificationDueAt: text(r.due_at),
        returns: Number(r.returns ?? 0),
        extensions: Number(r.extensions ?? 0),
        rebounds: Number(r.rebounds ?? 0),
        runningClockDueAt: clockDue.get(id) ?? null,
        escalationLevel: level.get(id) ?? null,
      };
    });
  }
}
