import { isUuid, timeOrderedId } from './ids.js';

describe('timeOrderedId', () => {
  it('is a version-7 UUID whose first 48 bits are the time in milliseconds', () => {
    const id = timeOrderedId(Date.UTC(2025, 9, 15, 2, 0, 0));
    expect(isUuid(id)).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2025, 9, 15, 2, 0, 0));
  });

  it('sorts by time across milliseconds and never repeats', () => {
    const earlier = Array.from({ length: 500 }, () => timeOrderedId(1_760_000_000_000));
    const later = Array.from({ length: 500 }, () => timeOrderedId(1_760_000_000_001));
    expect(earlier.every((a) => later.every((b) => a < b))).toBe(true);
    expect(new Set([...earlier, ...later]).size).toBe(1000);
  });
});
