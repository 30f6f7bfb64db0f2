/**
 * The yearly 考核 score is the scorecards' one composite score, `scoreUnit` of @rectify/assignment
 * (smoothed rates, weights `SCORE_WEIGHTS`; docs/assignment.md "Ranking", docs/ledger.md). Only
 * the list cuts are the assessment's own.
 */

/** Units on each of the 红榜 and 黑榜 by default. */
export const ASSESSMENT_DEFAULT_TOP = 3;
/** A score below this puts a ranked unit on the 黑榜 whatever its rank (挂牌 threshold); documented in docs/ledger.md. */
export const ASSESSMENT_BLACK_LIST_BELOW = 60;
