import { toIso } from '@rectify/core';
import type { PersistedCaseSnapshot } from '@rectify/workflows';

/** The columns of a case row (all but the unused `escalation_level`), in insert order. */
export const CASE_COLUMNS = [
  'id', 'code', 'title', 'description', 'source', 'category', 'severity', 'region_code', 'batch', 'external_ref',
  'state', 'state_detail', 'snapshot', 'machine_version', 'version', 'history_hash', 'history_mac', 'lead_unit_id', 'co_unit_ids',
  'responsible_person', 'leader', 'rectification_due_at', 'original_due_at', 'return_count', 'rebound_count',
  'clock_id', 'clock_name', 'clock_started_at', 'clock_due_at', 'reported_at', 'closed_at',
  'created_by', 'created_at', 'updated_at', 'supersedes_case_id', 'superseded_by_case_id', 'history_length',
] as const;

/** The case's open suspension (挂起, docs/suspension.md), read beside its columns; `c` is the case. */
export const OPEN_SUSPENSION = '(SELECT s.id FROM case_suspensions s WHERE s.case_id = c.id AND s.resumed_at IS NULL) AS suspension_id';

/** A case as stored (one row of `cases`), with JSON columns parsed and instants as ISO strings. */
export interface CaseRecord {
  id: string;
  code: string;
  title: string;
  description: string;
  source: string;
  category: string;
  severity: string;
  regionCode: string;
  batch: string | null;
  externalRef: string | null;
  state: string;
  stateDetail: string;
  snapshot: PersistedCaseSnapshot;
  machineVersion: number;
  version: number;
  historyHash: string;
  /**
   * Rows in the case's history chain (the last row's seq). Equal to `version` until a note that is
   * not a change of the case (a comment, docs/comments.md) is appended: those extend the chain
   * without bumping the version, so they never conflict with a transition's If-Match.
   */
  historyLength: number;
  /** HMAC of the head (id, historyLength = the last seq, historyHash) with HISTORY_ANCHOR_KEY (history-anchor.util.ts); null only before the first start that signed old heads. */
  historyMac: string | null;
  leadUnitId: string | null;
  coUnitIds: string[];
  responsiblePerson: string | null;
  leader: string | null;
  rectificationDueAt: string | null;
  originalDueAt: string | null;
  returnCount: number;
  reboundCount: number;
  clockId: string | null;
  clockName: string | null;
  clockStartedAt: string | null;
  clockDueAt: string | null;
  escalationLevel: number | null;
  reportedAt: string;
  closedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** The withdrawn case whose external reference this one took over (docs/corrections.md). */
  supersedesCaseId: string | null;
  /** On a withdrawn case: the case that took over its external reference. */
  supersededByCaseId: string | null;
  /** The open suspension (挂起) of its clock: while set, the clock is parked and the case takes no event. */
  suspensionId: string | null;
}

/** `due_asc` / `due_desc` of a case without a running clock: after every due in both orders. */
export const NO_DUE = Number.MAX_SAFE_INTEGER;
/** The sort keys of a clock's due: epoch ms, and its negation (so that `-dueAt` is an ascending index order too). */
export function dueKeys(clockDueAt: string | null): { dueAsc: number; dueDesc: number } {
  if (clockDueAt === null) return { dueAsc: NO_DUE, dueDesc: NO_DUE };
  const ms = Date.parse(clockDueAt);
  return { dueAsc: ms, dueDesc: -ms };
}

export type CaseRow = Record<string, unknown>;

const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const num = (value: unknown): number => Number(value);

export function caseFromRow(row: CaseRow): CaseRecord {
  return {
    id: String(row.id),
    code: String(row.code),
    title: String(row.title),
    description: String(row.description),
    source: String(row.source),
    category: String(row.category),
    severity: String(row.severity),
    regionCode: String(row.region_code),
    batch: str(row.batch),
    externalRef: str(row.external_ref),
    state: String(row.state),
    stateDetail: String(row.state_detail),
    snapshot: json<PersistedCaseSnapshot>(row.snapshot),
    machineVersion: num(row.machine_version),
    version: num(row.version),
    historyHash: String(row.history_hash),
    // NULL on rows written before comments existed: the chain then had one row per version.
    historyLength: row.history_length === null || row.history_length === undefined ? num(row.version) : num(row.history_length),
    historyMac: str(row.history_mac),
    leadUnitId: str(row.lead_unit_id),
    coUnitIds: json<string[]>(row.co_unit_ids),
    responsiblePerson: str(row.responsible_person),
    leader: str(row.leader),
    rectificationDueAt: toIso(row.rectification_due_at as string),
    originalDueAt: toIso(row.original_due_at as string),
    returnCount: num(row.return_count),
    reboundCount: num(row.rebound_count),
    clockId: str(row.clock_id),
    clockName: str(row.clock_name),
    clockStartedAt: toIso(row.clock_started_at as string),
    clockDueAt: toIso(row.clock_due_at as string),
    escalationLevel: row.escalation_level === null || row.escalation_level === undefined ? null : num(row.escalation_level),
    reportedAt: toIso(row.reported_at as string)!,
    closedAt: toIso(row.closed_at as string),
    createdBy: str(row.created_by),
    createdAt: toIso(row.created_at as string)!,
    updatedAt: toIso(row.updated_at as string)!,
    supersedesCaseId: str(row.supersedes_case_id),
    supersededByCaseId: str(row.superseded_by_case_id),
    suspensionId: str(row.suspension_id),
  };
}

/** One row of the append-only history. */
export interface CaseEventRecord {
  caseId: string;
  seq: number;
  type: string;
  actorId: string | null;
  actorUsername: string;
  actorRole: string | null;
  actorUnitId: string | null;
  at: string;
  fromState: string | null;
  toState: string;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export function eventFromRow(row: CaseRow): CaseEventRecord {
  return {
    caseId: String(row.case_id),
    seq: num(row.seq),
    type: String(row.type),
    actorId: str(row.actor_id),
    actorUsername: String(row.actor_username),
    actorRole: str(row.actor_role),
    actorUnitId: str(row.actor_unit_id),
    at: toIso(row.at as string)!,
    fromState: str(row.from_state),
    toState: String(row.to_state),
    payload: json<Record<string, unknown>>(row.payload),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}
