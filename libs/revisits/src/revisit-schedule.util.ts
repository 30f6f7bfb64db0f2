import type { Policy } from '@rectify/policies';

const DAY_MS = 24 * 3600 * 1000;

/** The day offsets that apply to a case of `source`: the per-source override, else the default list. */
export function afterCloseDaysFor(policy: Policy, source: string): number[] {
  const days = policy.revisit.bySource?.[source] ?? policy.revisit.afterCloseDays ?? [];
  return [...new Set(days.filter((d) => typeof d === 'number' && Number.isFinite(d) && d > 0))].sort((a, b) => a - b);
}

/** Revisit due instants after a closure: `closedAt` plus each offset in days of 24 h (not working days). */
export function revisitDueDates(closedAt: string, policy: Policy, source: string): string[] {
  const base = new Date(closedAt).getTime();
  return afterCloseDaysFor(policy, source).map((days) => new Date(base + Math.round(days * DAY_MS)).toISOString());
}
