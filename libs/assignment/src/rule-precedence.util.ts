/** What decides whether a rule applies to a case, and how specific it is. */
export interface RuleKey {
  id: string;
  regionCode: string;
  category: string | null;
  source: string | null;
}

/**
 * How specific a rule is within its region: both criteria named (3) > category only (2) >
 * source only (1) > neither (0). Category beats source because the category names the topic,
 * and the topic decides which department does the work (管行业必须管环保); the source only says
 * who found the problem.
 */
export function criteriaRank(rule: Pick<RuleKey, 'category' | 'source'>): number {
  if (rule.category !== null && rule.source !== null) return 3;
  if (rule.category !== null) return 2;
  if (rule.source !== null) return 1;
  return 0;
}

/** Whether a rule's criteria match a case (a missing criterion matches anything). */
export function ruleMatches(rule: Pick<RuleKey, 'category' | 'source'>, subject: { category: string; source: string }): boolean {
  return (rule.category === null || rule.category === subject.category) && (rule.source === null || rule.source === subject.source);
}

/**
 * The rule that routes a case: among the rules of the case's region and its ancestors whose
 * criteria match, the deepest region wins, then the criteria rank. The order is total: a case's
 * ancestry holds one region per depth, and (region, category, source) is unique, so no two
 * matching rules share both the depth and the rank.
 *
 * @param ancestry the case's region first, then its parent, … up to the root
 */
export function mostSpecificRule<T extends RuleKey>(
  rules: readonly T[],
  subject: { category: string; source: string },
  ancestry: readonly string[],
): T | null {
  const depthOf = new Map(ancestry.map((code, i) => [code, ancestry.length - 1 - i]));
  let best: { rule: T; depth: number; rank: number } | null = null;
  for (const rule of rules) {
    const depth = depthOf.get(rule.regionCode);
    if (depth === undefined || !ruleMatches(rule, subject)) continue;
    const rank = criteriaRank(rule);
    if (!best || depth > best.depth || (depth === best.depth && rank > best.rank)) best = { rule, depth, rank };
  }
  return best?.rule ?? null;
}
