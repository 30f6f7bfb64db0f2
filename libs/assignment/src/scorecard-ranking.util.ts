import type { ScorecardRates } from './scorecard.util.js';

export interface Rankable extends ScorecardRates {
  unit: { id: string; name: string };
}

type Key = { rate: keyof ScorecardRates; better: 'higher' | 'lower' };

/** The ranking order (红黑榜): on-time rectification, then on-time acceptance, then fewer returns, then fewer rebounds. */
export const RANKING_KEYS: readonly Key[] = [
  { rate: 'rectificationOnTimeRate', better: 'higher' },
  { rate: 'acceptanceOnTimeRate', better: 'higher' },
  { rate: 'returnRate', better: 'lower' },
  { rate: 'reboundRate', better: 'lower' },
];

/** Better first; a null (undefined) rate sorts after every number; then unit name and id, so the order is total. */
export function compareScorecards(a: Rankable, b: Rankable): number {
  for (const { rate, better } of RANKING_KEYS) {
    const x = a[rate];
    const y = b[rate];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return better === 'higher' ? y - x : x - y;
  }
  return a.unit.name.localeCompare(b.unit.name, 'zh-Hans-CN') || (a.unit.id < b.unit.id ? -1 : a.unit.id > b.unit.id ? 1 : 0);
}

/** A unit with no defined rate in the period has nothing to be ranked on. */
export const isRated = (card: Rankable): boolean => RANKING_KEYS.some(({ rate }) => card[rate] !== null);

/**
 * Ranks every unit; `rank` is 1.. for rated units and null for the others (listed last).
 * `best` is the top `top` (红榜), `worst` the bottom `top`, worst first (黑榜); with fewer than
 * 2 × `top` rated units they split them, so no unit is on both lists.
 */
export function rankScorecards<T extends Rankable>(cards: readonly T[], top: number): { items: Array<T & { rank: number | null }>; best: Array<T & { rank: number }>; worst: Array<T & { rank: number }> } {
  const rated = cards.filter(isRated).sort(compareScorecards).map((card, i) => ({ ...card, rank: i + 1 }));
  const unrated = cards
    .filter((card) => !isRated(card))
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
