import type { EscalationLevelPolicy } from '@rectify/policies';

/** What the ladder needs from the calendar (SPEC §4: offset 0 is the due itself, k ≠ 0 the end of the k-th working day from it). */
export interface ThresholdCalendar {
  escalationThreshold(due: Date, offsetWorkingDays: number): Date;
}

export interface LevelToFire {
  step: EscalationLevelPolicy;
  thresholdAt: Date;
}

export interface EscalationPlan {
  /** Levels whose threshold `now` is past, lowest first. */
  fire: LevelToFire[];
  /** The first level still to come, or null when the ladder is climbed. */
  next: { level: number; thresholdAt: Date } | null;
}

/**
 * Which levels of a clock's ladder fire at `now`, starting from the first one not yet fired.
 * A level fires once `now` is strictly past its threshold; after downtime every passed level fires
 * at once. Offsets rise strictly (policy validation), so thresholds never go back in time.
 */
export function planEscalations(
  ladder: readonly EscalationLevelPolicy[],
  calendar: ThresholdCalendar,
  due: Date,
  nextLevel: number,
  now: Date,
): EscalationPlan {
  const fire: LevelToFire[] = [];
  for (const step of ladder) {
    if (step.level < nextLevel) continue;
    const thresholdAt = calendar.escalationThreshold(due, step.offsetWorkingDays);
    if (now.getTime() <= thresholdAt.getTime()) return { fire, next: { level: step.level, thresholdAt } };
    fire.push({ step, thresholdAt });
  }
  return { fire, next: null };
}

/** Where the sweep first looks at a new clock: its lowest level's threshold. */
export function firstThreshold(ladder: readonly EscalationLevelPolicy[], calendar: ThresholdCalendar, due: Date): { level: number; thresholdAt: Date } | null {
  const first = ladder[0];
  return first ? { level: first.level, thresholdAt: calendar.escalationThreshold(due, first.offsetWorkingDays) } : null;
}
