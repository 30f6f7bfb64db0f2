import { createHmac } from 'node:crypto';

/** Names the draw below, stored with every campaign so that an old draw can be re-run after the method changes. */
export const DRAW_METHOD = 'hmac-sha256-rank/v1';

export type SampleSpec = { sampleSize: number } | { sampleRate: number };

/** A case's place in the draw: HMAC-SHA256 keyed by the seed over the case id, as lowercase hex. */
export function drawRank(seed: string, caseId: string): string {
  return createHmac('sha256', Buffer.from(seed, 'utf8')).update(caseId, 'utf8').digest('hex');
}

/** How many of `matched` cases a campaign takes: the size (at most all), or ⌈rate × matched⌉. */
export function sampleCount(matched: number, spec: SampleSpec): number {
  if ('sampleSize' in spec) return Math.min(spec.sampleSize, matched);
  // ceil: a rate is the least share to check (抽查比例不低于…); the 1e-9 keeps 0.3 × 10 at 3 despite floating point.
  return Math.max(0, Math.min(matched, Math.ceil(spec.sampleRate * matched - 1e-9)));
}

/**
 * The 双随机 draw: every matched case gets its rank from the seed alone, and the lowest ranks win.
 * The result depends only on the seed and the set of matched ids, never on the order the database
 * returned them; a case that does not match cannot change which of the others are drawn.
 * Returns the selected ids in draw order (lowest rank first).
 */
export function drawSample(seed: string, matchedIds: readonly string[], spec: SampleSpec): string[] {
  const ranked = [...new Set(matchedIds)]
    .map((id) => ({ id, rank: drawRank(seed, id) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : 1));
  return ranked.slice(0, sampleCount(ranked.length, spec)).map((r) => r.id);
}
