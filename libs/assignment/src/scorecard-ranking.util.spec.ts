import fc from 'fast-check';
import { rankScorecards, type Rankable } from './scorecard-ranking.util.js';
import { MIN_RANKED_CASES, scoreUnit } from './scorecard-score.util.js';
import { emptyCounts, type ScorecardCounts } from './scorecard.util.js';

const card = (id: string, counts: Partial<ScorecardCounts> = {}): Rankable => ({ unit: { id, name: id }, ...emptyCounts(), ...counts });

/** Counts that could come from a history: every part no larger than its whole. */
const countsArb = fc
  .record({
    accepted: fc.nat(30),
    acceptedLate: fc.nat(30),
    returned: fc.nat(10),
    rectified: fc.nat(30),
    rectifiedLate: fc.nat(30),
    revisited: fc.nat(20),
    rebounds: fc.nat(20),
    open: fc.nat(30),
    overdue: fc.nat(30),
  })
  .map((r): ScorecardCounts => {
    const accepted = r.accepted;
    const rectified = r.rectified;
    const revisited = r.revisited;
    const open = r.open;
    return {
      assigned: accepted + r.returned,
      accepted,
      acceptedOnTime: Math.max(0, accepted - r.acceptedLate),
      returned: r.returned,
      rectified,
      rectifiedOnTime: Math.max(0, rectified - r.rectifiedLate),
      revisited,
      rebounds: Math.min(revisited, r.rebounds),
      open,
      overdue: Math.min(open, r.overdue),
    };
  });

const rankOf = (cards: Rankable[], id: string) => rankScorecards(cards, 3).items.find((c) => c.unit.id === id)!.rank;

describe('scorecard ranking on the composite score', () => {
  it('a unit with a 100% rebound rate or many overdue cases does not top the list; a new unit is not on the black list', () => {
    const steady = card('steady', { assigned: 6, accepted: 6, acceptedOnTime: 5, rectified: 4, rectifiedOnTime: 3, revisited: 3, open: 2 });
    const rebounding = card('rebounding', { assigned: 6, accepted: 6, acceptedOnTime: 6, rectified: 4, rectifiedOnTime: 4, revisited: 3, rebounds: 3, open: 2 });
    const late = card('late', { assigned: 9, accepted: 9, acceptedOnTime: 9, open: 9, overdue: 9 });
    const fresh = card('fresh');
    const ranked = rankScorecards([rebounding, late, steady, fresh], 3);
    expect(ranked.items.map((c) => [c.unit.id, c.rank])).toEqual([
      ['steady', 1],
      ['rebounding', 2],
      ['late', 3],
      ['fresh', null],
    ]);
    expect(ranked.best.map((c) => c.unit.id)).toEqual(['steady', 'rebounding']);
    expect(ranked.worst.map((c) => c.unit.id)).toEqual(['late']);
  });

  it('needs a minimum of measured cases to be ranked, and smooths small numbers', () => {
    const lucky = card('lucky', { assigned: 1, accepted: 1, acceptedOnTime: 1, rectified: 1, rectifiedOnTime: 1 });
    const solid = card('solid', { assigned: 20, accepted: 20, acceptedOnTime: 19, rectified: 20, rectifiedOnTime: 19, revisited: 5, open: 3 });
    expect(scoreUnit(solid).score).toBeGreaterThan(scoreUnit(lucky).score);
    const one = card('one', { accepted: 1, acceptedOnTime: 1 });
    expect(scoreUnit(one).scoredCases).toBeLessThan(MIN_RANKED_CASES);
    expect(rankOf([one, solid], 'one')).toBeNull();
    expect(scoreUnit(card('none')).score).toBe(scoreUnit(card('none2')).score);
  });

  it('property: adding a rebound never raises a ranked unit’s rank', () => {
    fc.assert(
      fc.property(countsArb, fc.array(countsArb, { minLength: 1, maxLength: 6 }), (mine, others) => {
        const cards = [card('u', mine), ...others.map((c, i) => card(`o${i}`, c))];
        const before = rankOf(cards, 'u');
        const worse = { ...mine, revisited: mine.revisited + 1, rebounds: mine.rebounds + 1 };
        const after = rankOf([card('u', worse), ...cards.slice(1)], 'u');
        expect(scoreUnit(worse).score).toBeLessThanOrEqual(scoreUnit(mine).score);
        if (before !== null) expect(after).not.toBeNull();
        if (before !== null && after !== null) expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('property: adding an overdue case never raises a ranked unit’s rank', () => {
    fc.assert(
      fc.property(countsArb, fc.array(countsArb, { minLength: 1, maxLength: 6 }), (mine, others) => {
        const cards = [card('u', mine), ...others.map((c, i) => card(`o${i}`, c))];
        const before = rankOf(cards, 'u');
        const worse = { ...mine, assigned: mine.assigned + 1, open: mine.open + 1, overdue: mine.overdue + 1 };
        const after = rankOf([card('u', worse), ...cards.slice(1)], 'u');
        expect(scoreUnit(worse).score).toBeLessThanOrEqual(scoreUnit(mine).score);
        if (before !== null && after !== null) expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the score stays within 0–100 and the order is total', () => {
    fc.assert(
      fc.property(fc.array(countsArb, { maxLength: 8 }), (all) => {
        const ranked = rankScorecards(all.map((c, i) => card(`u${i}`, c)), 3);
        for (const c of ranked.items) expect(c.score >= 0 && c.score <= 100).toBe(true);
        const ranks = ranked.items.filter((c) => c.rank !== null).map((c) => c.rank);
        expect(ranks).toEqual(ranks.map((_, i) => i + 1));
        const ids = new Set([...ranked.best, ...ranked.worst].map((c) => c.unit.id));
        expect(ids.size).toBe(ranked.best.length + ranked.worst.length);
      }),
    );
  });
});
