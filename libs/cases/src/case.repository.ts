import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, toIso } from '@rectify/core';
import { Database, indexCaseSearch, isUniqueViolation, jsonField, type Dialect, type SqlExecutor } from '@rectify/database';
import { CasePageReader, caseListWhere, type ListCursor } from './case-page.reader.js';
import { CASE_COLUMNS, caseFromRow, OPEN_SUSPENSION, dueKeys, eventFromRow, type CaseEventRecord, type CaseRecord, type CaseRow } from './case-record.js';

export interface CaseListFilter {
  /** Visibility: region codes the caller may see, or a unit whose cases they see; null = everything. */
  regionCodes: string[] | null;
  unitId: string | null;
  /** Top-level states or full stateDetails; a case matches any of them. */
  states?: string[];
  /** Any of these full state details (我的待办: the states where the caller's role may act). */
  stateDetails?: readonly string[];
  source?: string;
  category?: string;
  severity?: string;
  batch?: string;
  leadUnitId?: string;
  /** Text in the 责任人 / 包保领导 (case-insensitive, contained). */
  responsiblePerson?: string;
  leader?: string;
  /** The running clock's highest fired escalation level is at least this. */
  minEscalationLevel?: number;
  /** true: an extension request awaits the supervisor; false: none does. */
  pendingExtension?: boolean;
  overdueAt?: { now: string; overdue: boolean };
  /** Whose clock (docs/deadlines.md, "Whose lateness"): the running clock belongs to this party; with `overdueAt`, that party's clock is (not) past due. */
  clockOwner?: 'unit' | 'inspector' | 'supervisor';
  q?: string;
  sort: 'createdAt' | '-createdAt' | 'dueAt' | '-dueAt';
  limit: number;
  offset: number;
  /** Keyset paging: rows after (or before) this position; `offset` is then not used. */
  cursor?: ListCursor;
}

/** The list's filter without sort and paging (the export walks all of it). */
export type CaseScanFilter = Omit<CaseListFilter, 'sort' | 'limit' | 'offset' | 'cursor'>;

/** Columns a transition may change (everything but identity and creation facts). */
const MUTABLE_COLUMNS = [
  'state', 'state_detail', 'snapshot', 'machine_version', 'version', 'history_hash', 'history_mac', 'lead_unit_id', 'co_unit_ids',
  'responsible_person', 'leader', 'rectification_due_at', 'original_due_at', 'return_count', 'rebound_count',
  'clock_id', 'clock_name', 'clock_started_at', 'clock_due_at', 'closed_at', 'updated_at',
  // Corrections (EDIT, docs/corrections.md) and the link between a withdrawn case and its successor.
  'title', 'description', 'category', 'severity', 'batch', 'external_ref', 'supersedes_case_id', 'superseded_by_case_id',
  'history_length',
  // The running clock's due as the list sorts it (migration 1797600000000), written with clock_due_at.
  'due_asc', 'due_desc',
] as const;

/** Every column the engine writes on insert. */
const INSERT_COLUMNS = [...CASE_COLUMNS, 'due_asc', 'due_desc'] as const;

/**
 * A case's escalation level is the highest level fired on its running clock, read from `escalations`
 * (one seek into its unique (clock_id, level) index) rather than kept in `cases.escalation_level`:
 * the sweep then writes no `cases` page per escalation. That column is no longer read or written.
 */
const ESCALATION_LEVEL = '(SELECT MAX(e.level) FROM escalations e WHERE e.clock_id = c.clock_id) AS escalation_level';
/** The columns of a `CaseRecord`, from `cases c`. */
const SELECT_CASE = `SELECT ${CASE_COLUMNS.map((column) => `c.${column}`).join(', ')}, ${ESCALATION_LEVEL}, ${OPEN_SUSPENSION}`;

/**
 * SELECT_CASE with the snapshot cut, in SQL, to these keys of its context: a reader of many cases
 * that shows only those (the 台账 export) neither ships nor parses the whole machine snapshot.
 */
function selectCaseWithContext(dialect: Dialect, keys: readonly string[]): string {
  const pairs = keys.map((key) => `'${key}', ${jsonField(dialect, 'c.snapshot', ['context', key], 'value')}`).join(', ');
  const snapshot = dialect === 'postgres' ? `json_build_object('context', json_build_object(${pairs}))` : `json_object('context', json_object(${pairs}))`;
  return `SELECT ${CASE_COLUMNS.map((column) => (column === 'snapshot' ? `${snapshot} AS snapshot` : `c.${column}`)).join(', ')}, ${ESCALATION_LEVEL}`;
}

function toRowValues(c: CaseRecord): Record<(typeof INSERT_COLUMNS)[number], unknown> {
  const due = dueKeys(c.clockDueAt);
  return {
    due_asc: due.dueAsc,
    due_desc: due.dueDesc,
    id: c.id,
    code: c.code,
    title: c.title,
    description: c.description,
    source: c.source,
    category: c.category,
    severity: c.severity,
    region_code: c.regionCode,
    batch: c.batch,
    external_ref: c.externalRef,
    state: c.state,
    state_detail: c.stateDetail,
    snapshot: JSON.stringify(c.snapshot),
    machine_version: c.machineVersion,
    version: c.version,
    history_hash: c.historyHash,
    history_mac: c.historyMac,
    lead_unit_id: c.leadUnitId,
    co_unit_ids: JSON.stringify(c.coUnitIds),
    responsible_person: c.responsiblePerson,
    leader: c.leader,
    rectification_due_at: c.rectificationDueAt,
    original_due_at: c.originalDueAt,
    return_count: c.returnCount,
    rebound_count: c.reboundCount,
    clock_id: c.clockId,
    clock_name: c.clockName,
    clock_started_at: c.clockStartedAt,
    clock_due_at: c.clockDueAt,
    reported_at: c.reportedAt,
    closed_at: c.closedAt,
    created_by: c.createdBy,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    supersedes_case_id: c.supersedesCaseId,
    superseded_by_case_id: c.supersededByCaseId,
    history_length: c.historyLength,
    procedure: c.procedure,
    procedure_version: c.procedureVersion,
  };
}

/** Whether a transition changed what the case search reads from the case row or its co-units (notes are events). */
const searchedFieldsChanged = (a: CaseRecord, b: CaseRecord) =>
  a.title !== b.title ||
  a.code !== b.code ||
  a.externalRef !== b.externalRef ||
  a.description !== b.description ||
  a.leadUnitId !== b.leadUnitId ||
  a.coUnitIds.join() !== b.coUnitIds.join();

const INSERT_CASE = `INSERT INTO cases (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`;
/** Written on every transition; the other mutable columns only when they change. */
const ALWAYS_WRITTEN = new Set<string>(['snapshot', 'version', 'history_hash', 'history_mac', 'updated_at']);
const updateSql = (columns: readonly string[]) => `UPDATE cases SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND version = ?`;
const eventParams = (event: CaseEventRecord): unknown[] => [
  event.caseId, event.seq, event.type, event.actorId, event.actorUsername, event.actorRole, event.actorUnitId,
  event.at, event.fromState, event.toState, JSON.stringify(event.payload), event.prevHash, event.hash,
];
const INSERT_EVENT = `INSERT INTO case_events (case_id, seq, type, actor_id, actor_username, actor_role, actor_unit_id, at, from_state, to_state, payload, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Every query on cases, their history, co-units and clocks. */
@Injectable()
export class CaseRepository {
  private readonly pages: CasePageReader;

  constructor(@Inject(Database) private readonly db: Database) {
    this.pages = new CasePageReader(db);
  }

  async findById(id: string, tx: SqlExecutor = this.db, opts: { lock?: boolean } = {}): Promise<CaseRecord | undefined> {
    const lock = opts.lock && tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const row = await tx.one<CaseRow>(`${SELECT_CASE} FROM cases c WHERE c.id = ?${lock}`, [id]);
    return row ? caseFromRow(row) : undefined;
  }

  /** The live (not withdrawn) case holding an external reference: a withdrawn case frees its reference. */
  async findBySourceAndRef(source: string, externalRef: string, tx: SqlExecutor = this.db): Promise<{ id: string } | undefined> {
    return tx.one<{ id: string }>("SELECT id FROM cases WHERE source = ? AND external_ref = ? AND state <> 'withdrawn'", [source, externalRef]);
  }

  /** The latest withdrawn case with this reference that no case has taken over yet. */
  async findWithdrawnBySourceAndRef(source: string, externalRef: string, tx: SqlExecutor): Promise<{ id: string } | undefined> {
    return tx.one<{ id: string }>(
      "SELECT id FROM cases WHERE source = ? AND external_ref = ? AND state = 'withdrawn' AND superseded_by_case_id IS NULL ORDER BY updated_at DESC, id DESC LIMIT 1",
      [source, externalRef],
    );
  }

  async insert(record: CaseRecord, tx: SqlExecutor): Promise<void> {
    const values = toRowValues(record);
    await tx.run(INSERT_CASE, INSERT_COLUMNS.map((column) => values[column]));
    await this.replaceCoUnits(record.id, [], record.coUnitIds, tx);
    await indexCaseSearch(tx, [record.id]);
  }

  /** The version-guarded write: false when another writer got there first. */
  /**
   * A transition's writes: the version-guarded UPDATE of the case and its history row. Throws
   * VERSION_CONFLICT, so that the caller's transaction rolls back, when the case is no longer at
   * `expectedVersion`.
   *
   * On PostgreSQL both go in one statement (the UPDATE as a data-modifying CTE): one round trip
   * fewer per transition, and loopback socket writes are the largest cost of a transition there.
   */
  async updateAndAppend(next: CaseRecord, expectedVersion: number, previous: CaseRecord, event: CaseEventRecord, tx: SqlExecutor): Promise<void> {
    const { columns, params } = this.changedColumns(next, expectedVersion, previous);
    let updated: boolean;
    if (tx.dialect === 'postgres') {
      try {
        const row = await tx.one<{ updated: string | number }>(
          `WITH updated AS (${updateSql(columns)} RETURNING 1) ${INSERT_EVENT} RETURNING (SELECT COUNT(*) FROM updated) AS updated`,
          [...params, ...eventParams(event)],
        );
        // When the guard failed the history row went in regardless: the throw below rolls it back.
        updated = Number(row?.updated) === 1;
      } catch (error) {
        // A history row with this seq exists: the case moved past `expectedVersion`.
        if (!isUniqueViolation(error)) throw error;
        updated = false;
      }
    } else {
      updated = (await tx.run(updateSql(columns), params)) === 1;
      if (updated) await this.appendEvent(event, tx);
    }
    if (!updated) throw new DomainError(ErrorCode.VersionConflict, 'The case was changed concurrently: reload it and try again');
    await this.replaceCoUnits(next.id, previous.coUnitIds, next.coUnitIds, tx);
    if (event.type === 'REPORT_PROGRESS' || searchedFieldsChanged(previous, next)) await indexCaseSearch(tx, [next.id]);
  }

  private changedColumns(next: CaseRecord, expectedVersion: number, previous: CaseRecord): { columns: string[]; params: unknown[] } {
    const values = toRowValues(next);
    const before = toRowValues(previous);
    // Setting only what changed spares SQLite the index maintenance of untouched indexed columns.
    const columns = MUTABLE_COLUMNS.filter((c) => ALWAYS_WRITTEN.has(c) || values[c] !== before[c]);
    return { columns, params: [...columns.map((c) => values[c]), next.id, expectedVersion] };
  }

  private async replaceCoUnits(caseId: string, before: string[], after: string[], tx: SqlExecutor): Promise<void> {
    const removed = before.filter((u) => !after.includes(u));
    const added = after.filter((u) => !before.includes(u));
    for (const unitId of removed) await tx.run('DELETE FROM case_co_units WHERE case_id = ? AND unit_id = ?', [caseId, unitId]);
    for (const unitId of added) await tx.run('INSERT INTO case_co_units (case_id, unit_id) VALUES (?, ?)', [caseId, unitId]);
  }

  /**
   * A history row that is not a change of the case (a comment): extends the chain and moves the case's
   * chain head, guarded by the head the caller read, without touching `version` (so a transition's
   * If-Match still holds). The caller holds the case row's lock (`findById(…, {lock: true})`).
   */
  async appendNote(record: CaseRecord, event: CaseEventRecord, historyMac: string, tx: SqlExecutor): Promise<void> {
    await this.appendEvent(event, tx);
    const moved = await tx.run('UPDATE cases SET history_hash = ?, history_mac = ?, history_length = ? WHERE id = ? AND history_hash = ?', [
      event.hash,
      historyMac,
      event.seq,
      record.id,
      record.historyHash,
    ]);
    if (moved !== 1) throw new DomainError(ErrorCode.VersionConflict, 'The case was changed concurrently: reload it and try again');
  }

  async appendEvent(event: CaseEventRecord, tx: SqlExecutor): Promise<void> {
    await tx.run(INSERT_EVENT, eventParams(event));
  }

  async history(caseId: string): Promise<CaseEventRecord[]> {
    const rows = await this.db.all<CaseRow>('SELECT * FROM case_events WHERE case_id = ? ORDER BY seq', [caseId]);
    return rows.map(eventFromRow);
  }

  /** Next value of a named counter, inside the caller's transaction (an upsert: safe when two transactions create the first). */
  async nextCounter(name: string, tx: SqlExecutor): Promise<number> {
    const row = await tx.one<{ value: number | string }>(
      'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value',
      [name],
    );
    return Number(row!.value);
  }

  async startClock(clock: { id: string; caseId: string; name: string; startedAt: string; dueAt: string; nextThresholdAt: string | null }, tx: SqlExecutor): Promise<void> {
    await tx.run(
      'INSERT INTO clocks (id, case_id, name, started_at, due_at, ended_at, next_level, next_threshold_at) VALUES (?, ?, ?, ?, ?, NULL, 0, ?)',
      [clock.id, clock.caseId, clock.name, clock.startedAt, clock.dueAt, clock.nextThresholdAt],
    );
  }

  /** The open clock of one name (the extension-decision clock) of each case given, with its highest fired level. */
  async openClocksNamed(caseIds: readonly string[], name: string): Promise<Map<string, { id: string; startedAt: string; dueAt: string; escalationLevel: number | null }>> {
    const found = new Map<string, { id: string; startedAt: string; dueAt: string; escalationLevel: number | null }>();
    if (caseIds.length === 0) return found;
    const rows = await this.db.all<CaseRow>(
      `SELECT cl.id, cl.case_id, cl.started_at, cl.due_at, (SELECT MAX(e.level) FROM escalations e WHERE e.clock_id = cl.id) AS level
         FROM clocks cl WHERE cl.name = ? AND cl.ended_at IS NULL AND cl.case_id IN (${caseIds.map(() => '?').join(', ')})`,
      [name, ...caseIds],
    );
    for (const r of rows) {
      found.set(String(r.case_id), {
        id: String(r.id),
        startedAt: toIso(r.started_at as string)!,
        dueAt: toIso(r.due_at as string)!,
        escalationLevel: r.level === null || r.level === undefined ? null : Number(r.level),
      });
    }
    return found;
  }

  async endClock(clockId: string, at: string, tx: SqlExecutor): Promise<void> {
    await tx.run('UPDATE clocks SET ended_at = ? WHERE id = ? AND ended_at IS NULL', [at, clockId]);
  }

  /** Up to `limit` cases matching the list filter with a code after `afterCode`, in code order. */
  async scanPage(filter: CaseScanFilter, afterCode: string, limit: number, contextKeys?: readonly string[]): Promise<CaseRecord[]> {
    const { sql, params } = caseListWhere(filter, this.db.dialect);
    const select = contextKeys ? selectCaseWithContext(this.db.dialect, contextKeys) : SELECT_CASE;
    const rows = await this.db.all<CaseRow>(`${select} FROM cases c ${sql ? `${sql} AND` : 'WHERE'} c.code > ? ORDER BY c.code LIMIT ?`, [...params, afterCode, limit]);
    return rows.map(caseFromRow);
  }

  /** A page of `GET /cases` and its total (see CasePageReader). */
  list(filter: CaseListFilter): Promise<{ items: CaseRecord[]; total: number; totalIsEstimate: boolean; hasMore: boolean }> {
    return this.pages.list(filter);
  }
}
