import { MIN_RANKED_CASES, scoreUnit, type UnitScore } from './scorecard-score.util.js';
import type { ScorecardCounts } from './scorecard.util.js';

export interface Rankable extends ScorecardCounts {
  unit: { id: string; name: string };
}

export type Scored<T> = T & { score: number; scoredCases: number };

/** Higher score first; ties by unit name, then id, so the order is total. */
export function compareScorecards(a: Scored<Rankable>, b: Scored<Rankable>): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.unit.name.localeCompare(b.unit.name, 'zh-Hans-CN') || (a.unit.id < b.unit.id ? -1 : a.unit.id > b.unit.id ? 1 : 0);
}

/** A unit with less measured work than `minCases` in the period is not ranked. */
export const isRated = (card: { scoredCases: number }, minCases = MIN_RANKED_CASES): boolean => card.scoredCases >= minCases;

/**
 * Ranks every unit on the composite score (scoreUnit); `rank` is 1.. for units with enough measured
 * work and null for the others (listed last, on neither list). `best` is the top `top` (红榜),
 * `worst` the bottom `top`, worst first (黑榜); with fewer than 2 × `top` ranked units they split
 * them, so no unit is on both lists.
 */
export function rankScorecards<T extends Rankable>(
  cards: readonly T[],
  top: number,
  minCases = MIN_RANKED_CASES,
): { items: Array<Scored<T> & { rank: number | null }>; best: Array<Scored<T> & { rank: number }>; worst: Array<Scored<T> & { rank: number }> } {
  const scored = cards.map((card) => {
    const s: UnitScore = scoreUnit(card);
    return { ...card, score: s.score, scoredCases: s.scoredCases };
  });
  const rated = scored
    .filter((c) => isRated(c, minCases))
    .sort(compareScorecards)
    .map((card, i) => ({ ...card, rank: i + 1 }));
  const unrated = scored
    .filter((c) => !isRated(c, minCases))
    .sort(compareScorecards)
    .map((card) => ({ ...card, rank: null }));
  const bestCount = Math.min(top, Math.ceil(rated.length / 2));
  const worstCount = Math.min(top, Math.floor(rated.length / 2));
  return {
    items: [...rated, ...unrated],
    best: rated.slice(0, bestCount),
    worst: rated.slice(rated.length - worstCount).reverse(),
  };
}
