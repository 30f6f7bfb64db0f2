/**
 * A case has one description; a 台账 has 问题描述, 整改目标 and 整改措施 apart. On import the last two are
 * appended to the description under fixed markers; on export they are split out again, so that an
 * exported ledger re-imports to the very same description.
 */
const GOAL = '【整改目标】';
const MEASURES = '【整改措施】';

export function composeDescription(description: string, goal: string | null, measures: string | null): string {
  let out = description;
  if (goal) out += `\n${GOAL}${goal}`;
  if (measures) out += `\n${MEASURES}${measures}`;
  return out;
}

export function splitDescription(stored: string): { description: string; goal: string | null; measures: string | null } {
  const m = /^([\s\S]*?)(?:\n【整改目标】([\s\S]*?))?(?:\n【整改措施】([\s\S]*))?$/.exec(stored);
  if (!m) return { description: stored, goal: null, measures: null };
  return { description: m[1]!, goal: m[2] ?? null, measures: m[3] ?? null };
}
