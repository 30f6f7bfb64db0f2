import { WorkingCalendar } from '@rectify/calendar';
import { DEFAULT_POLICY } from '@rectify/policies';
import { firstThreshold, planEscalations } from './escalation-ladder.util.js';

const calendar = new WorkingCalendar();
const ladder = DEFAULT_POLICY.escalation.ladder;
// Due at the end of Tuesday 2025-09-30, just before the National Day holiday (10-01..10-08; make-up
// working days Sunday 09-28 and Saturday 10-11).
const due = new Date('2025-09-30T15:59:59.999Z');
const THRESHOLDS = {
  0: '2025-09-28T15:59:59.999Z', // 2 working days before: Mon 09-29, then the make-up Sunday 09-28
  1: '2025-09-30T15:59:59.999Z', // the due itself
  2: '2025-10-14T15:59:59.999Z', // 10-09, 10-10, make-up Sat 10-11, 10-13, 10-14
  3: '2025-10-28T15:59:59.999Z', // ten more working days
};
const minute = 60_000;
const at = (iso: string, deltaMs: number) => new Date(new Date(iso).getTime() + deltaMs);

describe('planEscalations', () => {
  it('computes the thresholds across the National Day holiday and its make-up days', () => {
    const plan = planEscalations(ladder, calendar, due, 0, new Date('2030-01-01T00:00:00Z'));
    expect(plan.next).toBeNull();
    expect(Object.fromEntries(plan.fire.map((f) => [f.step.level, f.thresholdAt.toISOString()]))).toEqual(THRESHOLDS);
  });

  it.each([0, 1, 2, 3] as const)('fires level %i a minute after its threshold, not a minute before', (level) => {
    const before = planEscalations(ladder, calendar, due, level, at(THRESHOLDS[level], -minute));
    expect(before.fire).toEqual([]);
    expect(before.next).toEqual({ level, thresholdAt: new Date(THRESHOLDS[level]) });
    const after = planEscalations(ladder, calendar, due, level, at(THRESHOLDS[level], minute));
    expect(after.fire.map((f) => f.step.level)).toEqual([level]);
    expect(after.next?.level ?? null).toBe(level === 3 ? null : level + 1);
  });

  it('does not fire at the threshold instant itself: a level fires once now is past it', () => {
    expect(planEscalations(ladder, calendar, due, 1, new Date(THRESHOLDS[1])).fire).toEqual([]);
  });

  it('fires every passed level at once after downtime, and none already fired', () => {
    const plan = planEscalations(ladder, calendar, due, 1, at(THRESHOLDS[2], 1));
    expect(plan.fire.map((f) => f.step.level)).toEqual([1, 2]);
    expect(plan.next).toEqual({ level: 3, thresholdAt: new Date(THRESHOLDS[3]) });
  });

  it('gives the first threshold of a new clock', () => {
    expect(firstThreshold(ladder, calendar, due)).toEqual({ level: 0, thresholdAt: new Date(THRESHOLDS[0]) });
    expect(firstThreshold([], calendar, due)).toBeNull();
  });
});
