/**
 * Unit scorecards (月调度 / 红黑榜), computed from the append-only history only: the same
 * events and clocks give the same figures whenever they are computed. Definitions: docs/assignment.md.
 */

/** One history row, with the payload fields the scorecard reads. Instants are UTC ISO strings. */
export interface ScoreEvent {
  caseId: string;
  seq: number;
  type: string;
  at: string;
  toState: string;
  /** ASSIGN: the lead unit it gave the case (also when taken from a rule). */
  leadUnitId?: string | null;
  /** ASSIGN, REBOUND_FOUND: the rectification due they set. */
  rectificationDueAt?: string | null;
  /** APPROVE_EXTENSION: the due it moved the rectification to. */
  newDueAt?: string | null;
}

/** One `acceptance` clock row: started by an ASSIGN, due as the policy said then. */
export interface AcceptanceClock {
  caseId: string;
  startedAt: string;
  dueAt: string;
  endedAt: string | null;
}

/** The period [from, to) and the instant `open` and `overdue` are taken at: min(to, now). */
export interface ScorePeriod {
  from: string;
  to: string;
  asOf: string;
}

export interface ScorecardCounts {
  assigned: number;
  accepted: number;
  acceptedOnTime: number;
  returned: number;
  rectified: number;
  rectifiedOnTime: number;
  revisited: number;
  rebounds: number;
  open: number;
  overdue: number;
}

export interface ScorecardRates {
  acceptanceOnTimeRate: number | null;
  returnRate: number | null;
  rectificationOnTimeRate: number | null;
  reboundRate: number | null;
}

/** States in which a case is still the lead unit's work (not yet verified). */
const OPEN_STATES = new Set(['assigned', 'rectifying.inProgress', 'rectifying.awaitingVerification']);

export const emptyCounts = (): ScorecardCounts => ({
  assigned: 0,
  accepted: 0,
  acceptedOnTime: 0,
  returned: 0,
  rectified: 0,
  rectifiedOnTime: 0,
  revisited: 0,
  rebounds: 0,
  open: 0,
  overdue: 0,
});

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function ratesOf(c: ScorecardCounts): ScorecardRates {
  return {
    acceptanceOnTimeRate: ratio(c.acceptedOnTime, c.accepted),
    returnRate: ratio(c.returned, c.accepted + c.returned),
    rectificationOnTimeRate: ratio(c.rectifiedOnTime, c.rectified),
    reboundRate: ratio(c.rebounds, c.revisited),
  };
}

/**
 * Counts per unit. `events` are every history row with `at` < `period.to` of the cases that were
 * ever assigned to one of the units, ordered by case then seq; `clocks` the acceptance clocks of
 * those cases started before `period.to`. Events are attributed to the case's lead unit at the time
 * (the last ASSIGN before them); a verification to the unit that submitted the evidence.
 */
export function computeScorecards(
  unitIds: readonly string[],
  events: readonly ScoreEvent[],
  clocks: readonly AcceptanceClock[],
  period: ScorePeriod,
): Map<string, ScorecardCounts> {
  const counts = new Map(unitIds.map((id) => [id, emptyCounts()]));
  const acceptanceDueByEnd = new Map<string, string>();
  const latestAcceptanceClock = new Map<string, AcceptanceClock>();
  for (const clock of clocks) {
    if (clock.startedAt >= period.to) continue;
    if (clock.endedAt) acceptanceDueByEnd.set(`${clock.caseId}|${clock.endedAt}`, clock.dueAt);
    const latest = latestAcceptanceClock.get(clock.caseId);
    if (!latest || clock.startedAt > latest.startedAt) latestAcceptanceClock.set(clock.caseId, clock);
  }

  const finishCase = (caseId: string, lead: string | null, state: string | null, rectificationDue: string | null) => {
    const unit = lead ? counts.get(lead) : undefined;
    if (!unit || !state || !OPEN_STATES.has(state)) return;
    unit.open += 1;
    const due =
      state === 'assigned' ? (latestAcceptanceClock.get(caseId)?.dueAt ?? null) : state === 'rectifying.inProgress' ? rectificationDue : null;
    if (due !== null && due < period.asOf) unit.overdue += 1;
  };

  let caseId: string | null = null;
  let lead: string | null = null;
  let state: string | null = null;
  let rectificationDue: string | null = null;
  let submission: { unit: string | null; onTime: boolean } | null = null;
  for (const e of events) {
    if (e.at >= period.to) continue;
    if (e.caseId !== caseId) {
      if (caseId !== null) finishCase(caseId, lead, state, rectificationDue);
      caseId = e.caseId;
      state = null;
      lead = null;
      rectificationDue = null;
      submission = null;
    }
    const previousState = state;
    state = e.toState;
    const inPeriod = e.at >= period.from;
    switch (e.type) {
      case 'ASSIGN': {
        // Re-assignment to the unit that already has the case (a new due, say) is not a second assignment.
        const again = state === 'assigned' && previousState === 'assigned' && (e.leadUnitId ?? null) === lead;
        lead = e.leadUnitId ?? null;
        rectificationDue = e.rectificationDueAt ?? null;
        if (inPeriod && !again) bump(counts, lead, 'assigned');
        break;
      }
      case 'ADJUST_UNITS':
        // 动态调整: the new lead unit answers for the case from here on.
        lead = e.leadUnitId ?? lead;
        rectificationDue = e.rectificationDueAt ?? rectificationDue;
        break;
      case 'ACCEPT':
        if (inPeriod) {
          bump(counts, lead, 'accepted');
          const due = acceptanceDueByEnd.get(`${e.caseId}|${e.at}`);
          if (due !== undefined && e.at <= due) bump(counts, lead, 'acceptedOnTime');
        }
        break;
      case 'RETURN':
        if (inPeriod) bump(counts, lead, 'returned');
        break;
      case 'APPROVE_EXTENSION':
        rectificationDue = e.newDueAt ?? rectificationDue;
        break;
      case 'CLOCK_RESUMED':
        // 挂起 ended: the rectification due moved by the days the clock stood still (docs/suspension.md).
        rectificationDue = e.rectificationDueAt ?? rectificationDue;
        break;
      case 'SUBMIT_EVIDENCE':
        submission = { unit: lead, onTime: rectificationDue !== null && e.at <= rectificationDue };
        break;
      case 'VERIFY_PASS':
        if (inPeriod && submission) {
          bump(counts, submission.unit, 'rectified');
          if (submission.onTime) bump(counts, submission.unit, 'rectifiedOnTime');
        }
        submission = null;
        break;
      case 'VERIFY_FAIL':
        submission = null;
        break;
      case 'REVISIT_PASS':
        if (inPeriod) bump(counts, lead, 'revisited');
        break;
      case 'REBOUND_FOUND':
        rectificationDue = e.rectificationDueAt ?? rectificationDue;
        if (inPeriod) {
          bump(counts, lead, 'revisited');
          bump(counts, lead, 'rebounds');
        }
        break;
    }
  }
  if (caseId !== null) finishCase(caseId, lead, state, rectificationDue);
  return counts;
}

function bump(counts: Map<string, ScorecardCounts>, unitId: string | null, key: keyof ScorecardCounts): void {
  const unit = unitId ? counts.get(unitId) : undefined;
  if (unit) unit[key] += 1;
}
