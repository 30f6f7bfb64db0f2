import { DEFAULT_POLICY, type Policy } from '@rectify/policies';
import { revisitDueDates } from './revisit-schedule.util.js';

describe('revisit due dates after a closure', () => {
  it('adds days of 24 hours to the closing instant', () => {
    expect(revisitDueDates('2025-03-03T02:00:00.000Z', DEFAULT_POLICY, 'petition')).toEqual([
      '2025-06-01T02:00:00.000Z',
      '2026-03-03T02:00:00.000Z',
    ]);
  });

  it('uses the per-source override and ignores nonsense offsets', () => {
    const policy: Policy = { ...DEFAULT_POLICY, revisit: { afterCloseDays: [90, 365], bySource: { central_inspection: [180, 30, 30, 0, -5] } } };
    expect(revisitDueDates('2025-01-01T00:00:00.000Z', policy, 'central_inspection')).toEqual(['2025-01-31T00:00:00.000Z', '2025-06-30T00:00:00.000Z']);
    expect(revisitDueDates('2025-01-01T00:00:00.000Z', policy, 'audit')).toHaveLength(2);
  });
});
