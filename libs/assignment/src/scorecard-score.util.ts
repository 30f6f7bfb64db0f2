import type { ScorecardCounts } from './scorecard.util.js';

/**
 * The composite score of a unit's scorecard (红黑榜, and the yearly 考核: docs/assignment.md, "Ranking").
 * Each part is a rate smoothed towards a fixed prior with the weight of SCORE_PRIOR_CASES cases, so a
 * unit with one case cannot top or bottom the list by luck (a Bayesian average with fixed priors);
 * fixed priors also mean one unit's figures never move another unit's score.
 */
export const SCORE_PRIOR_CASES = 5;

/** Weights of the parts (they add up to 1); every part is "higher is better", from 0 to 1. */
export const SCORE_WEIGHTS = {
  rectificationOnTime: 0.3,
  acceptanceOnTime: 0.2,
  notOverdue: 0.2,
  noRebound: 0.2,
  noReturn: 0.1,
} as const;

/** A unit needs at least this much measured work in the period to be ranked (see `scoredCases`). */
export const MIN_RANKED_CASES = 2;

export type ScoreParts = Record<keyof typeof SCORE_WEIGHTS, number>;

export interface UnitScore {
  /** 0–100, one decimal place. */
  score: number;
  parts: ScoreParts;
  /** The measured work the score rests on; ranked only from MIN_RANKED_CASES. */
  scoredCases: number;
}

/** (good + prior × k) / (n + k): with no cases the prior, with many the unit's own rate. */
const smoothed = (good: number, n: number, prior: number) => (good + prior * SCORE_PRIOR_CASES) / (n + SCORE_PRIOR_CASES);

/**
 * The one scoring function (reusable as is for the yearly 考核): on-time acceptance and
 * rectification (prior 0.5: unknown is middling), cases overdue now among the open ones, rebounds
 * among revisits and returns among assignments answered (prior 0: no fault is presumed, but a few
 * cases weigh little). Adding a rebound, an overdue case, a return or a late step never raises it.
 */
export function scoreUnit(c: ScorecardCounts): UnitScore {
  const parts: ScoreParts = {
    rectificationOnTime: smoothed(c.rectifiedOnTime, c.rectified, 0.5),
    acceptanceOnTime: smoothed(c.acceptedOnTime, c.accepted, 0.5),
    notOverdue: 1 - smoothed(c.overdue, c.open, 0),
    noRebound: 1 - smoothed(c.rebounds, c.revisited, 0),
    noReturn: 1 - smoothed(c.returned, c.accepted + c.returned, 0),
  };
  const total = (Object.keys(SCORE_WEIGHTS) as Array<keyof ScoreParts>).reduce((sum, key) => sum + SCORE_WEIGHTS[key] * parts[key], 0);
  return {
    score: Math.round(total * 1000) / 10,
    parts,
    scoredCases: c.accepted + c.returned + c.rectified + c.revisited + c.overdue,
  };
}
