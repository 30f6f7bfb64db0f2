import { ASSESSMENT_BLACK_LIST_BELOW, type AssessmentWeights } from './assessment-weights.js';

export interface Rates {
  rectificationOnTimeRate: number | null;
  acceptanceOnTimeRate: number | null;
  returnRate: number | null;
  reboundRate: number | null;
}

/** 100 × the weighted mean of the defined rates (lower-is-better rates as 1 − rate); null with none. */
export function assessmentScore(r: Rates, w: AssessmentWeights): number | null {
  const parts: Array<[number | null, number]> = [
    [r.rectificationOnTimeRate, w.rectification],
    [r.acceptanceOnTimeRate, w.acceptance],
    [r.returnRate === null ? null : 1 - r.returnRate, w.return],
    [r.reboundRate === null ? null : 1 - r.reboundRate, w.rebound],
  ];
  let sum = 0;
  let weight = 0;
  for (const [value, wt] of parts) {
    if (value === null || wt <= 0) continue;
    sum += value * wt;
    weight += wt;
  }
  return weight === 0 ? null : Math.round((sum / weight) * 1000) / 10;
}

/**
 * Ranks by score (higher first; ties by name), unscored units last without a rank. 红榜: the best
 * `top`; 黑榜: the worst `top`, worst first, plus every unit scoring below 60; no unit on both
 * (with few units they split the ranked ones).
 */
export function rankAssessment<T extends { score: number | null; unitName: string; unitId: string }>(items: T[], top: number) {
  const byName = (a: T, b: T) => a.unitName.localeCompare(b.unitName, 'zh-Hans-CN') || a.unitId.localeCompare(b.unitId);
  const scored = items.filter((i) => i.score !== null).sort((a, b) => b.score! - a.score! || byName(a, b)).map((i, n) => ({ ...i, rank: n + 1 }));
  const unscored = items.filter((i) => i.score === null).sort(byName).map((i) => ({ ...i, rank: null }));
  const redCount = Math.min(top, Math.ceil(scored.length / 2));
  const red = scored.slice(0, redCount);
  const rest = scored.slice(redCount);
  const worst = rest.slice(Math.max(0, rest.length - Math.min(top, Math.floor(scored.length / 2))));
  const failing = rest.filter((i) => i.score! < ASSESSMENT_BLACK_LIST_BELOW && !worst.includes(i));
  const black = [...worst, ...failing].sort((a, b) => a.score! - b.score! || byName(b, a));
  return { items: [...scored, ...unscored], redList: red, blackList: black };
}
