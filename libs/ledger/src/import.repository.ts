import { Inject, Injectable } from '@nestjs/common';
import { toIso } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import type { RowOutcome, RowPlan } from './import-plan.util.js';

export type ImportStatus = 'planned' | 'committing' | 'committed';
export type RowResult = 'created' | 'assigned' | 'unchanged' | 'failed';

export interface ImportRecord {
  id: string;
  createdBy: string;
  createdByUsername: string;
  fileName: string;
  fileFormat: string;
  fileHash: string;
  planHash: string;
  options: Record<string, unknown>;
  status: ImportStatus;
  total: number;
  planned: Record<RowOutcome, number>;
  createdAt: string;
  committedAt: string | null;
  finishedAt: string | null;
}

export interface ImportRowRecord {
  plan: RowPlan;
  result: RowResult | null;
  caseId: string | null;
  message: string | null;
}

const IMPORT_COLUMNS = 'id, created_by, created_by_username, file_name, file_format, file_hash, plan_hash, options, status, total, planned, created_at, committed_at, finished_at';
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function importOf(row: Record<string, unknown>): ImportRecord {
  return {
    id: String(row.id),
    createdBy: String(row.created_by),
    createdByUsername: String(row.created_by_username),
    fileName: String(row.file_name),
    fileFormat: String(row.file_format),
    fileHash: String(row.file_hash),
    planHash: String(row.plan_hash),
    options: json(row.options),
    status: String(row.status) as ImportStatus,
    total: Number(row.total),
    planned: json(row.planned),
    createdAt: toIso(row.created_at as string)!,
    committedAt: toIso(row.committed_at as string),
    finishedAt: toIso(row.finished_at as string),
  };
}

const rowOf = (row: Record<string, unknown>): ImportRowRecord => ({
  plan: json<RowPlan>(row.plan),
  result: (row.result as RowResult | null) ?? null,
  caseId: (row.case_id as string | null) ?? null,
  message: (row.message as string | null) ?? null,
});

/** Rows inserted per statement when an import's plan is stored. */
const INSERT_CHUNK = 200;

/** Every query on imports and their rows. */
@Injectable()
export class ImportRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async insert(record: ImportRecord, rows: readonly RowPlan[]): Promise<void> {
    await this.db.write(async (tx) => {
      await tx.run(`INSERT INTO imports (${IMPORT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        record.id, record.createdBy, record.createdByUsername, record.fileName, record.fileFormat, record.fileHash, record.planHash,
        JSON.stringify(record.options), record.status, record.total, JSON.stringify(record.planned), record.createdAt, null, null,
      ]);
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const chunk = rows.slice(i, i + INSERT_CHUNK);
        await tx.run(
          `INSERT INTO import_rows (import_id, row_number, outcome, source, external_ref, plan, errors) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap((r) => [record.id, r.rowNumber, r.outcome, r.source, r.externalRef, JSON.stringify(r), JSON.stringify(r.errors)]),
        );
      }
    });
  }

  async find(id: string): Promise<ImportRecord | undefined> {
    const row = await this.db.one<Record<string, unknown>>(`SELECT ${IMPORT_COLUMNS} FROM imports WHERE id = ?`, [id]);
    return row ? importOf(row) : undefined;
  }

  /** planned → committing, once: false when another commit got there first. */
  async startCommit(id: string, planHash: string, at: string): Promise<boolean> {
    return this.db.write(async (tx) => (await tx.run("UPDATE imports SET status = 'committing', committed_at = ? WHERE id = ? AND status = 'planned' AND plan_hash = ?", [at, id, planHash])) === 1);
  }

  async finish(id: string, at: string, counts: Record<RowResult, number>, done: number): Promise<void> {
    await this.db.write((tx) =>
      tx.run("UPDATE imports SET status = 'committed', finished_at = ?, done = ?, created = ?, assigned = ?, unchanged = ?, failed = ? WHERE id = ?", [
        at, done, counts.created, counts.assigned, counts.unchanged, counts.failed, id,
      ]),
    );
    // A large import changes the tables' sizes: the planner's statistics are checked (cheap unless they grew a lot).
    if (done >= 1_000) await this.db.refreshPlannerStatistics();
  }

  /** Rows still to apply (no result yet), in sheet order, after `afterRow`. */
  async pendingRows(id: string, afterRow: number, limit: number): Promise<RowPlan[]> {
    const rows = await this.db.all<{ plan: string }>(
      "SELECT plan FROM import_rows WHERE import_id = ? AND row_number > ? AND result IS NULL AND outcome IN ('create', 'create+assign', 'unchanged') ORDER BY row_number LIMIT ?",
      [id, afterRow, limit],
    );
    return rows.map((r) => json<RowPlan>(r.plan));
  }

  async setResult(tx: SqlExecutor, id: string, rowNumber: number, result: RowResult, caseId: string | null, message: string | null): Promise<void> {
    await tx.run('UPDATE import_rows SET result = ?, case_id = ?, message = ? WHERE import_id = ? AND row_number = ?', [result, caseId, message, id, rowNumber]);
  }

  async setResultAlone(id: string, rowNumber: number, result: RowResult, caseId: string | null, message: string | null): Promise<void> {
    await this.db.write((tx) => this.setResult(tx, id, rowNumber, result, caseId, message));
  }

  /** Rows with a result, by result. */
  async resultCounts(id: string): Promise<Record<RowResult, number>> {
    const rows = await this.db.all<{ result: RowResult; n: number | string }>('SELECT result, COUNT(*) AS n FROM import_rows WHERE import_id = ? AND result IS NOT NULL GROUP BY result', [id]);
    const counts: Record<RowResult, number> = { created: 0, assigned: 0, unchanged: 0, failed: 0 };
    for (const r of rows) counts[r.result] = Number(r.n);
    return counts;
  }

  /** Rows planned as errors, or failed on commit, first `limit` in sheet order. */
  async problemRows(id: string, limit: number): Promise<ImportRowRecord[]> {
    const rows = await this.db.all<Record<string, unknown>>(
      "SELECT plan, result, case_id, message FROM import_rows WHERE import_id = ? AND (outcome = 'error' OR result = 'failed') ORDER BY row_number LIMIT ?",
      [id, limit],
    );
    return rows.map(rowOf);
  }

  async rows(id: string, offset: number, limit: number): Promise<ImportRowRecord[]> {
    const rows = await this.db.all<Record<string, unknown>>('SELECT plan, result, case_id, message FROM import_rows WHERE import_id = ? ORDER BY row_number LIMIT ? OFFSET ?', [id, limit, offset]);
    return rows.map(rowOf);
  }

  /** Of the given (source, externalRef) pairs, those already logged: the case id and region. */
  async existingCases(keys: ReadonlyArray<{ source: string; externalRef: string }>): Promise<Array<{ id: string; source: string; externalRef: string; regionCode: string }>> {
    const out: Array<{ id: string; source: string; externalRef: string; regionCode: string }> = [];
    const refs = [...new Set(keys.map((k) => k.externalRef))];
    for (let i = 0; i < refs.length; i += 500) {
      const chunk = refs.slice(i, i + 500);
      const rows = await this.db.all<{ id: string; source: string; external_ref: string; region_code: string }>(
        `SELECT id, source, external_ref, region_code FROM cases WHERE external_ref IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const r of rows) out.push({ id: String(r.id), source: String(r.source), externalRef: String(r.external_ref), regionCode: String(r.region_code) });
    }
    return out;
  }
}
