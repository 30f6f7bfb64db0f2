/**
 * The yearly 考核 score of a unit: 100 × the weighted mean of its scorecard rates (a lower-is-better
 * rate counts as 1 − rate), over the rates the unit has that year; weights of missing rates are left
 * out, not counted as zero. Override per request with `weights=rectification:0.5,acceptance:0.2,…`.
 */
export const ASSESSMENT_WEIGHTS = {
  /** 按时办结率 (rectificationOnTimeRate) */
  rectification: 0.4,
  /** 签收及时率 (acceptanceOnTimeRate) */
  acceptance: 0.2,
  /** 1 − 回退率 (returnRate) */
  return: 0.2,
  /** 1 − 反弹率 (reboundRate) */
  rebound: 0.2,
} as const;

export type AssessmentWeights = Record<keyof typeof ASSESSMENT_WEIGHTS, number>;

/** Units on each of the 红榜 and 黑榜 by default. */
export const ASSESSMENT_DEFAULT_TOP = 3;
/** A score below this puts a unit on the 黑榜 whatever its rank (挂牌 threshold); documented in docs/ledger.md. */
export const ASSESSMENT_BLACK_LIST_BELOW = 60;
