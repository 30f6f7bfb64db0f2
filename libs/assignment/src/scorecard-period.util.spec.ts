import { DomainError } from '@rectify/core';
import { parsePeriodBound, resolvePeriod } from './scorecard-period.util.js';

describe('scorecard periods', () => {
  it('reads a date as the start of that day in Asia/Shanghai and an instant as itself', () => {
    expect(parsePeriodBound('2025-03-01', 'from').toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(parsePeriodBound('2025-03-01T08:00:00+08:00', 'from').toISOString()).toBe('2025-03-01T00:00:00.000Z');
  });

  it('refuses dates that do not exist', () => {
    for (const bad of ['2025-02-30', '2025-13-01', '2025-00-10']) expect(() => parsePeriodBound(bad, 'from')).toThrow(DomainError);
  });

  it('defaults to the current month in Shanghai, through today', () => {
    // 2025-03-31T17:00Z is already 1 April in Shanghai.
    expect(resolvePeriod({}, new Date('2025-03-31T17:00:00.000Z'))).toEqual({
      from: '2025-03-31T16:00:00.000Z',
      to: '2025-04-01T16:00:00.000Z',
      asOf: '2025-03-31T17:00:00.000Z',
    });
  });

  it('takes open and overdue at the end of a past period, and now for one still running', () => {
    const now = new Date('2025-04-10T00:00:00.000Z');
    expect(resolvePeriod({ from: '2025-03-01', to: '2025-04-01' }, now).asOf).toBe('2025-03-31T16:00:00.000Z');
    expect(resolvePeriod({ from: '2025-04-01', to: '2025-05-01' }, now).asOf).toBe(now.toISOString());
  });

  it('refuses an empty or inverted period', () => {
    expect(() => resolvePeriod({ from: '2025-03-01', to: '2025-03-01' }, new Date())).toThrow('from must be before to');
    expect(() => resolvePeriod({ from: '2025-04-01', to: '2025-03-01' }, new Date())).toThrow(DomainError);
  });
});
