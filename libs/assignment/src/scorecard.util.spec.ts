import { computeScorecards, ratesOf, type AcceptanceClock, type ScoreEvent, type ScorePeriod } from './scorecard.util.js';

const PERIOD: ScorePeriod = { from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z', asOf: '2025-04-01T00:00:00.000Z' };
const D = (day: number, hour = 2) => `2025-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

let seq = 0;
const ev = (caseId: string, type: string, at: string, toState: string, extra: Partial<ScoreEvent> = {}): ScoreEvent => ({ caseId, seq: ++seq, type, at, toState, ...extra });

describe('computeScorecards', () => {
  it('attributes each event to the lead unit of the time and counts only events in the period', () => {
    const events = [
      ev('c1', 'CREATED', '2025-02-20T02:00:00.000Z', 'reported'),
      ev('c1', 'ASSIGN', '2025-02-20T03:00:00.000Z', 'assigned', { leadUnitId: 'u1', rectificationDueAt: D(20) }),
      ev('c1', 'RETURN', D(2), 'reported'),
      ev('c1', 'ASSIGN', D(3), 'assigned', { leadUnitId: 'u2', rectificationDueAt: '2025-05-30T15:59:59.999Z' }),
      ev('c1', 'ACCEPT', D(4), 'rectifying.inProgress'),
    ];
    const clocks: AcceptanceClock[] = [{ caseId: 'c1', startedAt: D(3), dueAt: D(5), endedAt: D(4) }];
    const counts = computeScorecards(['u1', 'u2'], events, clocks, PERIOD);
    expect(counts.get('u1')).toMatchObject({ assigned: 0, returned: 1, open: 0 });
    expect(counts.get('u2')).toMatchObject({ assigned: 1, accepted: 1, acceptedOnTime: 1, open: 1, overdue: 0 });
  });

  it('does not count a re-assignment to the same unit as a second assignment; another unit or after a return does', () => {
    const events = [
      ev('r1', 'ASSIGN', D(3), 'assigned', { leadUnitId: 'u1', rectificationDueAt: D(20) }),
      ev('r1', 'ASSIGN', D(4), 'assigned', { leadUnitId: 'u1', rectificationDueAt: D(25) }),
      ev('r1', 'ASSIGN', D(5), 'assigned', { leadUnitId: 'u2', rectificationDueAt: D(25) }),
      ev('r2', 'ASSIGN', D(3), 'assigned', { leadUnitId: 'u1', rectificationDueAt: D(20) }),
      ev('r2', 'RETURN', D(4), 'reported'),
      ev('r2', 'ASSIGN', D(5), 'assigned', { leadUnitId: 'u1', rectificationDueAt: D(20) }),
    ];
    const counts = computeScorecards(['u1', 'u2'], events, [], PERIOD);
    expect(counts.get('u1')).toMatchObject({ assigned: 3, returned: 1 });
    expect(counts.get('u2')).toMatchObject({ assigned: 1, open: 1 });
  });

  it('follows ADJUST_UNITS: the new lead unit answers for the case from then on', () => {
    const events = [
      ev('a1', 'ASSIGN', D(3), 'assigned', { leadUnitId: 'u1', rectificationDueAt: D(20) }),
      ev('a1', 'ACCEPT', D(3, 3), 'rectifying.inProgress'),
      ev('a1', 'ADJUST_UNITS', D(5), 'rectifying.inProgress', { leadUnitId: 'u2', rectificationDueAt: null }),
      ev('a1', 'SUBMIT_EVIDENCE', D(15), 'rectifying.awaitingVerification'),
      ev('a1', 'VERIFY_PASS', D(16), 'verified'),
    ];
    const counts = computeScorecards(['u1', 'u2'], events, [], PERIOD);
    expect(counts.get('u1')).toMatchObject({ accepted: 1, rectified: 0 });
    expect(counts.get('u2')).toMatchObject({ rectified: 1, rectifiedOnTime: 1 });
  });

  it('judges on-time evidence against the due in force, including approved extensions and rebounds', () => {
    const events = [
      ev('c2', 'ASSIGN', D(3), 'assigned', { leadUnitId: 'u1', rectificationDueAt: D(10) }),
      ev('c2', 'ACCEPT', D(3, 3), 'rectifying.inProgress'),
      ev('c2', 'APPROVE_EXTENSION', D(7), 'rectifying.inProgress', { newDueAt: D(20) }),
      ev('c2', 'SUBMIT_EVIDENCE', D(15), 'rectifying.awaitingVerification'),
      ev('c2', 'VERIFY_PASS', D(16), 'verified'),
      ev('c2', 'CLOSE', D(17), 'closed'),
      ev('c2', 'START_REVISIT', D(18), 'reboundCheck'),
      ev('c2', 'REBOUND_FOUND', D(19), 'rectifying.inProgress', { rectificationDueAt: D(21) }),
      ev('c2', 'SUBMIT_EVIDENCE', D(25), 'rectifying.awaitingVerification'),
      ev('c2', 'VERIFY_FAIL', D(26), 'rectifying.inProgress'),
    ];
    const c = computeScorecards(['u1'], events, [], PERIOD).get('u1')!;
    expect(c).toMatchObject({ rectified: 1, rectifiedOnTime: 1, revisited: 1, rebounds: 1, open: 1, overdue: 1 });
    // No acceptance clock is known for the ACCEPT: counted, but not on time.
    expect(c).toMatchObject({ accepted: 1, acceptedOnTime: 0 });
  });

  it('takes open and overdue at the end of the period from the history up to it', () => {
    const events = [
      ev('c3', 'ASSIGN', D(3), 'assigned', { leadUnitId: 'u1', rectificationDueAt: D(28) }),
      ev('c3', 'ACCEPT', '2025-04-02T00:00:00.000Z', 'rectifying.inProgress'),
    ];
    const clocks: AcceptanceClock[] = [{ caseId: 'c3', startedAt: D(3), dueAt: D(5), endedAt: '2025-04-02T00:00:00.000Z' }];
    expect(computeScorecards(['u1'], events, clocks, PERIOD).get('u1')).toMatchObject({ assigned: 1, accepted: 0, open: 1, overdue: 1 });
    // The same period seen before its end: as of 4 March the acceptance was not yet due.
    const early = { ...PERIOD, asOf: D(4) };
    expect(computeScorecards(['u1'], events, clocks, early).get('u1')).toMatchObject({ open: 1, overdue: 0 });
  });

  it('ignores units it was not asked about', () => {
    const events = [ev('c4', 'ASSIGN', D(3), 'assigned', { leadUnitId: 'other' })];
    expect([...computeScorecards(['u1'], events, [], PERIOD).keys()]).toEqual(['u1']);
  });
});

describe('ratesOf', () => {
  it('divides as documented and gives null for an empty denominator', () => {
    const base = { assigned: 9, open: 0, overdue: 0 };
    expect(ratesOf({ ...base, accepted: 4, acceptedOnTime: 3, returned: 1, rectified: 3, rectifiedOnTime: 2, revisited: 2, rebounds: 1 })).toEqual({
      acceptanceOnTimeRate: 0.75,
      returnRate: 0.2,
      rectificationOnTimeRate: 2 / 3,
      reboundRate: 0.5,
    });
    expect(ratesOf({ ...base, accepted: 0, acceptedOnTime: 0, returned: 0, rectified: 0, rectifiedOnTime: 0, revisited: 0, rebounds: 0 })).toEqual({
      acceptanceOnTimeRate: null,
      returnRate: null,
      rectificationOnTimeRate: null,
      reboundRate: null,
    });
    expect(ratesOf({ ...base, accepted: 0, acceptedOnTime: 0, returned: 2, rectified: 0, rectifiedOnTime: 0, revisited: 0, rebounds: 0 }).returnRate).toBe(1);
  });
});
