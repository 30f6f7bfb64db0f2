import { caseSearchCondition, type Database } from '@rectify/database';
import { clocksOwnedBy, ClockName } from '@rectify/workflows';
import { CASE_COLUMNS, caseFromRow, OPEN_SUSPENSION, dueKeys, type CaseRecord, type CaseRow } from './case-record.js';
import type { CaseListFilter, CaseScanFilter } from './case.repository.js';

/** How long a list total may be reused while this process has written nothing (other instances' writes show within it). */
const LIST_TOTAL_TTL_MS = 1000;
const LIST_TOTAL_CACHE_SIZE = 500;
/** Case rows remembered for list pages (a few MB); the map is emptied when full. */
const PAGE_ROW_CACHE_SIZE = 5_000;
/**
 * Matching rows counted at most: past this the total is `LIST_TOTAL_LIMIT` and `totalIsEstimate` is
 * true (the UI shows "10,000+"). A count then costs at most this many index entries whatever the
 * size of the province (docs/api.md, "Totals").
 */
export const LIST_TOTAL_LIMIT = 10_000;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (m) => `\\${m}`);

/** Every column of a `CaseRecord` but the escalation level, which is read with each page. */
const RECORD_COLUMNS = `${CASE_COLUMNS.map((column) => `c.${column}`).join(', ')}, ${OPEN_SUSPENSION}`;

type Sort = CaseListFilter['sort'];
interface Order {
  /** The ORDER BY in the list's order, and reversed (for a `prev` cursor). */
  by: string;
  reversed: string;
  /**
   * Rows after the key (k1, k2) in the list's order, in an index-friendly form: the first conjunct
   * bounds the index range, the second drops the ties at its start. `after(true)` is before (prev).
   */
  after: (back: boolean) => string;
  columns: string;
}
const keyset = (first: string, second: string, firstDir: 'asc' | 'desc', secondDir: 'asc' | 'desc'): Order['after'] => (back) => {
  const f = (firstDir === 'asc') !== back ? '>' : '<';
  const s2 = (secondDir === 'asc') !== back ? '>' : '<';
  return `${first} ${f}= ? AND (${first} ${f} ? OR ${second} ${s2} ?)`;
};
const ORDER: Record<Sort, Order> = {
  createdAt: { columns: 'c.created_at, c.code', by: 'c.created_at ASC, c.code ASC', reversed: 'c.created_at DESC, c.code DESC', after: keyset('c.created_at', 'c.code', 'asc', 'asc') },
  '-createdAt': { columns: 'c.created_at, c.code', by: 'c.created_at DESC, c.code DESC', reversed: 'c.created_at ASC, c.code ASC', after: keyset('c.created_at', 'c.code', 'desc', 'desc') },
  // Cases without a running clock (closed, withdrawn) sort after those with one: due_asc / due_desc are
  // NO_DUE for them (migration 1797600000000), so both orders are plain index orders.
  dueAt: { columns: 'c.due_asc', by: 'c.due_asc ASC, c.id ASC', reversed: 'c.due_asc DESC, c.id DESC', after: keyset('c.due_asc', 'c.id', 'asc', 'asc') },
  '-dueAt': { columns: 'c.due_desc', by: 'c.due_desc ASC, c.id DESC', reversed: 'c.due_desc DESC, c.id ASC', after: keyset('c.due_desc', 'c.id', 'asc', 'desc') },
};

/** A position in a sorted list: the sort keys of the row it is next to, and which way it reads. */
export interface ListCursor {
  sort: Sort;
  /** `next`: rows after the key; `prev`: rows before it. */
  direction: 'next' | 'prev';
  key: [string | number, string];
}

/** The sort key of a row as a cursor holds it. */
export function sortKeyOf(record: CaseRecord, sort: Sort): [string | number, string] {
  switch (sort) {
    case 'createdAt':
    case '-createdAt':
      return [record.createdAt, record.code];
    case 'dueAt':
      return [dueKeys(record.clockDueAt).dueAsc, record.id];
    case '-dueAt':
      return [dueKeys(record.clockDueAt).dueDesc, record.id];
  }
}

/** Opaque to clients: base64url of a small JSON array. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.direction === 'next' ? 'n' : 'p', ...cursor.key])).toString('base64url');
}

/** The cursor, or undefined when it is not one this server made (the caller answers 400). */
export function decodeCursor(text: string): ListCursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value) || value.length !== 4) return undefined;
    const [sort, direction, k1, k2] = value as unknown[];
    if (typeof sort !== 'string' || !(sort in ORDER) || (direction !== 'n' && direction !== 'p') || typeof k2 !== 'string' || k2.length > 100) return undefined;
    if (sort === 'createdAt' || sort === '-createdAt') {
      if (typeof k1 !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(k1) || Number.isNaN(Date.parse(k1))) return undefined;
    } else if (typeof k1 !== 'number' || !Number.isSafeInteger(k1)) return undefined;
    return { sort: sort as Sort, direction: direction === 'n' ? 'next' : 'prev', key: [k1 as string | number, k2] };
  } catch {
    return undefined;
  }
}

/**
 * The list query (`GET /cases`), reading a page as ids, versions and escalation levels, and whole rows
 * only for cases not seen at that version. Turning 35 columns of 20 rows into JS values was most of a
 * list request's CPU; a case row changes only with its version (every write is the version-guarded
 * UPDATE), so a row read once serves every later page that shows the same version. The escalation
 * level comes from `escalations`, which the sweep writes without touching the case: it is read fresh.
 *
 * A page is found by OFFSET (`page`) or by a keyset cursor (`cursor`: rows after or before a sort key,
 * one index range whatever the depth). It reads one row more than it shows, to know whether another
 * page follows.
 */
export class CasePageReader {
  private readonly totals = new Map<string, { total: number; estimate: boolean; generation: number; at: number }>();
  /** Counts running now, by filter: a second request for the same filter waits for the first (single flight). */
  private readonly counting = new Map<string, Promise<{ total: number; estimate: boolean }>>();
  private readonly rows = new Map<string, CaseRecord>();

  constructor(private readonly db: Database) {}

  async list(filter: CaseListFilter): Promise<{ items: CaseRecord[]; total: number; totalIsEstimate: boolean; hasMore: boolean }> {
    const { sql, params } = caseListWhere(filter, this.db.dialect);
    const order = ORDER[filter.sort];
    const cursor = filter.cursor;
    const back = cursor?.direction === 'prev';
    let where = sql;
    const pageParams = [...params];
    if (cursor) {
      where = `${sql ? `${sql} AND` : 'WHERE'} ${order.after(back)}`;
      pageParams.push(cursor.key[0], cursor.key[0], cursor.key[1]);
    }
    const by = back ? order.reversed : order.by;
    const [read, counted] = await Promise.all([
      // The page first, then its levels: a subquery beside ORDER BY would run for every matching row.
      this.db.all<{ id: string; version: number | string; escalation_level: number | string | null }>(
        `SELECT c.id, c.version, (SELECT MAX(e.level) FROM escalations e WHERE e.clock_id = c.clock_id) AS escalation_level
         FROM (SELECT c.id, c.version, c.clock_id, ${order.columns} FROM cases c ${where} ORDER BY ${by} LIMIT ? OFFSET ?) c ORDER BY ${by}`,
        [...pageParams, filter.limit + 1, cursor ? 0 : filter.offset],
      ),
      this.total(sql, params),
    ]);
    const hasMore = read.length > filter.limit;
    const page = hasMore ? read.slice(0, filter.limit) : read;
    if (back) page.reverse();
    const missing = page.filter((p) => this.rows.get(String(p.id))?.version !== Number(p.version)).map((p) => String(p.id));
    if (missing.length > 0) {
      const fresh = await this.db.all<CaseRow>(`SELECT ${RECORD_COLUMNS} FROM cases c WHERE c.id IN (${missing.map(() => '?').join(', ')})`, missing);
      if (this.rows.size + fresh.length > PAGE_ROW_CACHE_SIZE) this.rows.clear();
      for (const row of fresh) this.rows.set(String(row.id), caseFromRow(row));
    }
    const items: CaseRecord[] = [];
    for (const p of page) {
      const record = this.rows.get(String(p.id));
      // Deleted between the two reads (nothing deletes cases today): left out, as a later read would.
      if (!record) continue;
      items.push({ ...record, escalationLevel: p.escalation_level === null || p.escalation_level === undefined ? null : Number(p.escalation_level) });
    }
    return { items, total: counted.total, totalIsEstimate: counted.estimate, hasMore };
  }

  /**
   * The filter's total, counted up to {@link LIST_TOTAL_LIMIT} + 1 rows: past the limit it is an
   * estimate (the limit). A dashboard polling the same filter reuses it for up to a second, and never
   * after this process wrote anything; while one count of a filter runs, others of it wait for it.
   */
  private async total(whereSql: string, params: unknown[]): Promise<{ total: number; estimate: boolean }> {
    const key = `${whereSql}\u0000${JSON.stringify(params)}`;
    const generation = this.db.writeGeneration;
    const hit = this.totals.get(key);
    if (hit && hit.generation === generation && Date.now() - hit.at < LIST_TOTAL_TTL_MS) return hit;
    const running = this.counting.get(key);
    if (running) return running;
    const counting = (async () => {
      const row = await this.db.one<{ n: number | string }>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM cases c ${whereSql} LIMIT ${LIST_TOTAL_LIMIT + 1}) capped`, params);
      const n = Number(row?.n ?? 0);
      const result = n > LIST_TOTAL_LIMIT ? { total: LIST_TOTAL_LIMIT, estimate: true } : { total: n, estimate: false };
      if (this.totals.size >= LIST_TOTAL_CACHE_SIZE) this.totals.clear();
      this.totals.set(key, { ...result, generation, at: Date.now() });
      return result;
    })();
    this.counting.set(key, counting);
    try {
      return await counting;
    } finally {
      this.counting.delete(key);
    }
  }
}

/** The WHERE clause of the case list: the caller's visibility and the query's filters (one place for both). */
export function caseListWhere(filter: CaseScanFilter | CaseListFilter, dialect: Database['dialect']): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.regionCodes) {
    if (filter.regionCodes.length === 0) clauses.push('1 = 0');
    else {
      clauses.push(`c.region_code IN (${filter.regionCodes.map(() => '?').join(',')})`);
      params.push(...filter.regionCodes);
    }
  }
  if (filter.unitId !== null) {
    clauses.push('(c.lead_unit_id = ? OR c.id IN (SELECT case_id FROM case_co_units WHERE unit_id = ?))');
    params.push(filter.unitId, filter.unitId);
  }
  if (filter.states?.length) {
    const top = filter.states.filter((s) => !s.includes('.'));
    const detail = filter.states.filter((s) => s.includes('.'));
    const any = [
      ...(top.length ? [`c.state IN (${top.map(() => '?').join(', ')})`] : []),
      ...(detail.length ? [`c.state_detail IN (${detail.map(() => '?').join(', ')})`] : []),
    ];
    clauses.push(`(${any.join(' OR ')})`);
    params.push(...top, ...detail);
  }
  if (filter.stateDetails) {
    if (filter.stateDetails.length === 0) clauses.push('1 = 0');
    else {
      clauses.push(`c.state_detail IN (${filter.stateDetails.map(() => '?').join(',')})`);
      params.push(...filter.stateDetails);
    }
  }
  const equal = [
    ['source', filter.source],
    ['category', filter.category],
    ['severity', filter.severity],
    ['batch', filter.batch],
    ['lead_unit_id', filter.leadUnitId],
  ] as const;
  for (const [column, value] of equal) {
    if (value !== undefined) {
      clauses.push(`c.${column} = ?`);
      params.push(value);
    }
  }
  if (filter.clockOwner) {
    // Whose clock: the running state clock is one of the party's; a supervisor also owns the decision
    // clock of a pending extension request, which runs beside the unit's rectification clock.
    const names = clocksOwnedBy(filter.clockOwner).filter((name) => name !== ClockName.ExtensionDecision);
    const due = filter.overdueAt ? ' AND c.clock_due_at < ?' : '';
    const parts = [`(c.clock_name IS NOT NULL AND c.clock_name IN (${names.map(() => '?').join(', ')})${due})`];
    params.push(...names, ...(filter.overdueAt ? [filter.overdueAt.now] : []));
    if (filter.clockOwner === 'supervisor') {
      parts.push(
        `EXISTS (SELECT 1 FROM clocks d WHERE d.case_id = c.id AND d.name = '${ClockName.ExtensionDecision}' AND d.ended_at IS NULL${filter.overdueAt ? ' AND d.due_at < ?' : ''})`,
      );
      if (filter.overdueAt) params.push(filter.overdueAt.now);
    }
    const owned = `(${parts.join(' OR ')})`;
    clauses.push(filter.overdueAt && !filter.overdueAt.overdue ? `NOT ${owned}` : owned);
  } else if (filter.overdueAt) {
    clauses.push(filter.overdueAt.overdue ? 'c.clock_due_at < ?' : '(c.clock_due_at IS NULL OR c.clock_due_at >= ?)');
    params.push(filter.overdueAt.now);
  }
  for (const [column, value] of [['responsible_person', filter.responsiblePerson], ['leader', filter.leader]] as const) {
    if (value !== undefined) {
      clauses.push(`LOWER(COALESCE(c.${column}, '')) LIKE ? ESCAPE '\\'`);
      params.push(`%${escapeLike(value.toLowerCase())}%`);
    }
  }
  if (filter.minEscalationLevel !== undefined) {
    clauses.push('(SELECT MAX(e.level) FROM escalations e WHERE e.clock_id = c.clock_id) >= ?');
    params.push(filter.minEscalationLevel);
  }
  if (filter.pendingExtension !== undefined) {
    // Pending: in rectifying, and the last REQUEST_EXTENSION came after the last decision on one.
    const pending = `(c.state = 'rectifying' AND COALESCE((SELECT MAX(r.seq) FROM case_events r WHERE r.case_id = c.id AND r.type = 'REQUEST_EXTENSION'), 0) >
      COALESCE((SELECT MAX(d.seq) FROM case_events d WHERE d.case_id = c.id AND d.type IN ('APPROVE_EXTENSION', 'REJECT_EXTENSION')), 0))`;
    clauses.push(filter.pendingExtension ? pending : `NOT ${pending}`);
  }
  if (filter.q) {
    // Title, code, external reference, description, progress notes and unit names (lead or co), through
    // the search index (libs/database, case-search.ts): the substring semantics of LIKE '%q%' on each.
    const search = caseSearchCondition(filter.q, dialect);
    clauses.push(search.sql);
    params.push(...search.params);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
