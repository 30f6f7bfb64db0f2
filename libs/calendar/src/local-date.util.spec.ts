import { dayNumberOf, endOfShanghaiDay, formatDayNumber, shanghaiDateOf, weekdayOfDayNumber } from './local-date.util.js';

describe('local dates', () => {
  it('round-trips dates through day numbers', () => {
    expect(dayNumberOf('1970-01-01')).toBe(0);
    expect(formatDayNumber(dayNumberOf('2024-02-29'))).toBe('2024-02-29');
    expect(formatDayNumber(dayNumberOf('0099-12-31'))).toBe('0099-12-31');
    expect(weekdayOfDayNumber(dayNumberOf('2025-10-11'))).toBe(6);
    expect(weekdayOfDayNumber(dayNumberOf('1969-12-28'))).toBe(0);
  });

  it.each(['2025-02-29', '2025-13-01', '2025-1-01', '2025-01-01T00:00:00Z', '', '0000-01-01'])(
    'rejects %p',
    (text) => expect(() => dayNumberOf(text)).toThrow(RangeError),
  );

  it('reads the Shanghai date of an instant (UTC+8, no DST)', () => {
    expect(shanghaiDateOf(new Date('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30');
    expect(shanghaiDateOf(new Date('2025-09-30T16:00:00.000Z'))).toBe('2025-10-01');
    expect(shanghaiDateOf(new Date('2025-07-01T12:00:00Z'))).toBe('2025-07-01');
    expect(() => shanghaiDateOf(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('ends a Shanghai day at 23:59:59.999 +08:00', () => {
    expect(endOfShanghaiDay('2025-10-09').toISOString()).toBe('2025-10-09T15:59:59.999Z');
    expect(endOfShanghaiDay('2024-01-01').toISOString()).toBe('2024-01-01T15:59:59.999Z');
  });
});
