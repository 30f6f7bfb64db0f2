/**
 * The 月调度 progress report, from each case's facts as they stood at `asOf` (read from the
 * append-only history by ProgressReportRepository). Pure: the same facts give the same report.
 */

export const REPORT_STATES = [
  'reported', 'assigned', 'rectifying.inProgress', 'rectifying.awaitingVerification', 'verified', 'closed', 'reboundCheck', 'withdrawn',
] as const;
export type ReportState = (typeof REPORT_STATES)[number];
export const GROUP_BYS = ['unit', 'region', 'source', 'batch'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
/** Ladder levels counted (预警, 催办, 督办, 挂牌督办). */
export const LADDER_LEVELS = [0, 1, 2, 3] as const;

/** One case as it stood at asOf. */
export interface CaseFacts {
  caseId: string;
  regionCode: string;
  source: string;
  batch: string | null;
  state: string;
  /** The lead unit of the last ASSIGN at or before asOf. */
  leadUnitId: string | null;
  /** The rectification due in force at asOf (last ASSIGN, REBOUND_FOUND or APPROVE_EXTENSION). */
  rectificationDueAt: string | null;
  returns: number;
  extensions: number;
  rebounds: number;
  /** The due of the clock running at asOf, if any. */
  runningClockDueAt: string | null;
  /** The highest escalation level open (fired, not yet resolved) at asOf. */
  escalationLevel: number | null;
}

export interface ProgressCounts {
  total: number;
  byState: Record<ReportState, number>;
  /** 已销号: closed or in 回头看 (closed once, not reopened). */
  closed: number;
  /** closed / (total − withdrawn); null when nothing counts. */
  completionRate: number | null;
  /** Rectification due in asOf's calendar month (Asia/Shanghai), still assigned or in progress. */
  dueThisMonth: number;
  /** The clock running at asOf was past its due. */
  overdue: number;
  /** Cases by the highest escalation open at asOf: '0' 预警 … '3' 挂牌督办. */
  escalatedByLevel: Record<string, number>;
  /** Cases with at least one approved extension. */
  extended: number;
  /** Cases returned (退回) at least once. */
  returned: number;
  /** REBOUND_FOUND events (a case rebounding twice counts twice). */
  rebounds: number;
}

export const emptyProgress = (): ProgressCounts => ({
  total: 0,
  byState: Object.fromEntries(REPORT_STATES.map((s) => [s, 0])) as Record<ReportState, number>,
  closed: 0,
  completionRate: null,
  dueThisMonth: 0,
  overdue: 0,
  escalatedByLevel: Object.fromEntries(LADDER_LEVELS.map((l) => [String(l), 0])),
  extended: 0,
  returned: 0,
  rebounds: 0,
});

const WORKING_STATES = new Set(['assigned', 'rectifying.inProgress']);

/** Adds one case to a group's counts. `month` is asOf's 'YYYY-MM' (Shanghai); `localMonthOf` maps an instant to its Shanghai 'YYYY-MM'. */
export function addCase(counts: ProgressCounts, c: CaseFacts, asOf: string, month: string, localMonthOf: (iso: string) => string): void {
  counts.total += 1;
  if (c.state in counts.byState) counts.byState[c.state as ReportState] += 1;
  if (c.state === 'closed' || c.state === 'reboundCheck') counts.closed += 1;
  if (WORKING_STATES.has(c.state) && c.rectificationDueAt && localMonthOf(c.rectificationDueAt) === month) counts.dueThisMonth += 1;
  if (c.runningClockDueAt && c.runningClockDueAt < asOf) counts.overdue += 1;
  if (c.escalationLevel !== null) counts.escalatedByLevel[String(c.escalationLevel)] = (counts.escalatedByLevel[String(c.escalationLevel)] ?? 0) + 1;
  if (c.extensions > 0) counts.extended += 1;
  if (c.returns > 0) counts.returned += 1;
  counts.rebounds += c.rebounds;
}

export function finish(counts: ProgressCounts): ProgressCounts {
  const base = counts.total - counts.byState.withdrawn;
  counts.completionRate = base > 0 ? counts.closed / base : null;
  return counts;
}

export function groupKeyOf(c: CaseFacts, by: GroupBy): string {
  switch (by) {
    case 'unit':
      return c.leadUnitId ?? '';
    case 'region':
      return c.regionCode;
    case 'source':
      return c.source;
    case 'batch':
      return c.batch ?? '';
  }
}
