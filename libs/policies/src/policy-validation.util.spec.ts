import { DEFAULT_POLICY, type Policy } from './policy.js';
import { normalizePolicy, policyProblems } from './policy-validation.util.js';

const copy = (): Policy => JSON.parse(JSON.stringify(DEFAULT_POLICY)) as Policy;

describe('policyProblems', () => {
  it('accepts the defaults', () => {
    expect(policyProblems(DEFAULT_POLICY)).toEqual([]);
  });

  it('wants ladder levels 0..n in order with strictly rising offsets', () => {
    const skipped = copy();
    skipped.escalation.ladder[1]!.level = 2;
    expect(policyProblems(skipped)).toEqual([expect.stringContaining('ladder[1].level must be 1')]);
    const flat = copy();
    flat.escalation.ladder[3]!.offsetWorkingDays = 5;
    expect(policyProblems(flat)).toEqual([expect.stringContaining('ladder[3].offsetWorkingDays must be greater')]);
  });

  it('wants revisit schedules strictly ascending and per-source keys that are sources', () => {
    const p = copy();
    p.revisit.afterCloseDays = [365, 90];
    p.revisit.bySource = { petition: [30, 30], gossip: [1] };
    expect(policyProblems(p)).toEqual([
      'revisit.afterCloseDays must be strictly ascending',
      'revisit.bySource.petition must be strictly ascending',
      expect.stringContaining('"gossip" is not a source'),
    ]);
  });

  it('checks every by-source section with the same rules, and a malformed one does not hide the others', () => {
    const p = copy();
    (p.revisit as { bySource: unknown }).bySource = [];
    p.closure.bySource = { gossip: { close: 'province' }, routine: { close: 'planet' as never, when: 'now' } as never };
    p.procedures.bySource = { routine: 'express' as never, gossip: 'standard' as never };
    expect(policyProblems(p)).toEqual([
      'revisit.bySource must be an object of source → days',
      expect.stringContaining('closure.bySource: "gossip" is not a source'),
      expect.stringContaining('closure.bySource.routine.close must be one of'),
      'closure.bySource.routine.when is not a setting (close, verify)',
      expect.stringContaining('procedures.bySource.routine must be one of standard'),
      expect.stringContaining('procedures.bySource: "gossip" is not a source'),
    ]);
    (p.procedures as { bySource: unknown }).bySource = 'inspection';
    expect(policyProblems(p)).toContain('procedures.bySource must be an object of source → procedure');
  });

  it('normalizes to a plain policy with bySource defaulted', () => {
    const { bySource: _ignored, ...revisit } = DEFAULT_POLICY.revisit;
    expect(normalizePolicy({ ...DEFAULT_POLICY, revisit })).toEqual(DEFAULT_POLICY);
  });
});
