import { ASSESSMENT_BLACK_LIST_BELOW } from './assessment-weights.js';

/**
 * Ranks the units that have a rank (the scorecards' `scoreUnit`, enough measured work) by score,
 * higher first, ties by name; units without a rank follow, by name. 红榜: the best `top`; 黑榜: the
 * worst `top`, worst first, plus every ranked unit scoring below 60; no unit on both (with few units
 * they split the ranked ones).
 */
export function rankAssessment<T extends { score: number; rated: boolean; unitName: string; unitId: string }>(items: T[], top: number) {
  const byName = (a: T, b: T) => a.unitName.localeCompare(b.unitName, 'zh-Hans-CN') || a.unitId.localeCompare(b.unitId);
  const strip = ({ rated: _rated, ...rest }: T) => rest;
  const scored = items.filter((i) => i.rated).sort((a, b) => b.score - a.score || byName(a, b)).map((i, n) => ({ ...strip(i), rank: n + 1 as number | null }));
  const unscored = items.filter((i) => !i.rated).sort(byName).map((i) => ({ ...strip(i), rank: null as number | null }));
  const redCount = Math.min(top, Math.ceil(scored.length / 2));
  const red = scored.slice(0, redCount);
  const rest = scored.slice(redCount);
  const worst = rest.slice(Math.max(0, rest.length - Math.min(top, Math.floor(scored.length / 2))));
  const failing = rest.filter((i) => i.score < ASSESSMENT_BLACK_LIST_BELOW && !worst.includes(i));
  const black = [...worst, ...failing].sort((a, b) => a.score - b.score || b.unitName.localeCompare(a.unitName, 'zh-Hans-CN') || b.unitId.localeCompare(a.unitId));
  return { items: [...scored, ...unscored], redList: red, blackList: black };
}
