import { criteriaRank, mostSpecificRule, ruleMatches, type RuleKey } from './rule-precedence.util.js';

const ANCESTRY = ['360102', '360100', '360000', '100000']; // 东湖区 → 南昌市 → 江西省 → nation
const rule = (id: string, regionCode: string, category: string | null = null, source: string | null = null): RuleKey => ({ id, regionCode, category, source });
const waterPetition = { category: 'water', source: 'petition' };

describe('routing rule precedence', () => {
  it('ranks criteria: both > category only > source only > none', () => {
    expect([rule('a', 'x', 'water', 'audit'), rule('b', 'x', 'water'), rule('c', 'x', null, 'audit'), rule('d', 'x')].map(criteriaRank)).toEqual([3, 2, 1, 0]);
  });

  it('matches a missing criterion to anything and a named one only to itself', () => {
    expect(ruleMatches(rule('a', 'x'), waterPetition)).toBe(true);
    expect(ruleMatches(rule('a', 'x', 'water'), waterPetition)).toBe(true);
    expect(ruleMatches(rule('a', 'x', 'air'), waterPetition)).toBe(false);
    expect(ruleMatches(rule('a', 'x', 'water', 'audit'), waterPetition)).toBe(false);
  });

  it('prefers the deeper region over more criteria at a shallower one', () => {
    const rules = [rule('province-both', '360000', 'water', 'petition'), rule('city-plain', '360100')];
    expect(mostSpecificRule(rules, waterPetition, ANCESTRY)?.id).toBe('city-plain');
  });

  it('at one region prefers both criteria, then category, then source, then none', () => {
    const all = [rule('none', '360100'), rule('source', '360100', null, 'petition'), rule('category', '360100', 'water'), rule('both', '360100', 'water', 'petition')];
    expect(mostSpecificRule(all, waterPetition, ANCESTRY)?.id).toBe('both');
    expect(mostSpecificRule(all.slice(0, 3), waterPetition, ANCESTRY)?.id).toBe('category');
    expect(mostSpecificRule(all.slice(0, 2), waterPetition, ANCESTRY)?.id).toBe('source');
    expect(mostSpecificRule(all.slice(0, 1), waterPetition, ANCESTRY)?.id).toBe('none');
  });

  it('ignores rules of other branches and rules whose criteria do not match', () => {
    const rules = [rule('other-city', '360400'), rule('air', '360102', 'air'), rule('province', '360000')];
    expect(mostSpecificRule(rules, waterPetition, ANCESTRY)?.id).toBe('province');
    expect(mostSpecificRule(rules.slice(0, 2), waterPetition, ANCESTRY)).toBeNull();
  });

  it('does not depend on the order rules are listed in', () => {
    const rules = [rule('a', '360100', 'water'), rule('b', '360100', null, 'petition'), rule('c', '360000', 'water', 'petition'), rule('d', '360102')];
    for (let i = 0; i < rules.length; i++) {
      const rotated = [...rules.slice(i), ...rules.slice(0, i)];
      expect(mostSpecificRule(rotated, waterPetition, ANCESTRY)?.id).toBe('d');
      expect(mostSpecificRule(rotated.filter((r) => r.id !== 'd'), waterPetition, ANCESTRY)?.id).toBe('a');
    }
  });
});
