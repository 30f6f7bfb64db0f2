import { MAX_ATTEMPTS, nextAttemptAt } from './retry-schedule.util.js';

describe('nextAttemptAt', () => {
  const now = new Date('2025-03-03T02:00:00.000Z');
  const after = (failed: number, r: number) => (nextAttemptAt(now, failed, r)!.getTime() - now.getTime()) / 1000;
  it('1 min, 5 min, 30 min, 2 h, 12 h, each within ±20 %', () => {
    expect([1, 2, 3, 4, 5].map((n) => after(n, 0.5))).toEqual([60, 300, 1800, 7200, 43200]);
    expect(after(1, 0)).toBe(48);
    expect(after(1, 0.999999)).toBeCloseTo(72, 0);
    expect(after(5, 0)).toBe(34560);
  });
  it('the sixth failure ends the series', () => {
    expect(MAX_ATTEMPTS).toBe(6);
    expect(nextAttemptAt(now, 6, 0.5)).toBeNull();
  });
});
