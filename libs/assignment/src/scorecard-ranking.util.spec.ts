import { compareScorecards, rankScorecards, type Rankable } from './scorecard-ranking.util.js';

const card = (id: string, rect: number | null = null, acc: number | null = null, ret: number | null = null, reb: number | null = null): Rankable => ({
  unit: { id, name: id },
  rectificationOnTimeRate: rect,
  acceptanceOnTimeRate: acc,
  returnRate: ret,
  reboundRate: reb,
});

describe('scorecard ranking', () => {
  it('orders by on-time rectification, then on-time acceptance, then fewer returns, then fewer rebounds', () => {
    const cards = [card('a', 0.5, 1, 0), card('b', 0.9), card('c', 0.5, 1, 0.5), card('d', 0.5, 0.8, 0), card('e', 0.5, 1, 0, 0.1), card('f', 0.5, 1, 0, 0)];
    expect([...cards].sort(compareScorecards).map((c) => c.unit.id)).toEqual(['b', 'f', 'e', 'a', 'c', 'd']);
  });

  it('puts null rates after numbers, key by key', () => {
    const cards = [card('a', null, 1), card('b', 0), card('c', null, null, 0), card('d', null, 0.5)];
    expect([...cards].sort(compareScorecards).map((c) => c.unit.id)).toEqual(['b', 'a', 'd', 'c']);
  });

  it('breaks full ties by name, so the order is total', () => {
    expect([card('y', 1), card('x', 1)].sort(compareScorecards).map((c) => c.unit.id)).toEqual(['x', 'y']);
  });

  it('ranks rated units, lists unrated ones last without a rank, and splits best and worst without overlap', () => {
    const cards = [card('none'), card('low', 0.1), card('high', 0.9), card('mid', 0.5)];
    const ranked = rankScorecards(cards, 3);
    expect(ranked.items.map((c) => [c.unit.id, c.rank])).toEqual([
      ['high', 1],
      ['mid', 2],
      ['low', 3],
      ['none', null],
    ]);
    expect(ranked.best.map((c) => c.unit.id)).toEqual(['high', 'mid']);
    expect(ranked.worst.map((c) => c.unit.id)).toEqual(['low']);
    const top1 = rankScorecards(cards, 1);
    expect([top1.best.map((c) => c.unit.id), top1.worst.map((c) => c.unit.id)]).toEqual([['high'], ['low']]);
    expect(rankScorecards([card('none')], 3)).toEqual({ items: [{ ...card('none'), rank: null }], best: [], worst: [] });
  });
});
