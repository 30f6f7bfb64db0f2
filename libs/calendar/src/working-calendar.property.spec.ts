import fc from 'fast-check';
import { DAY_MS, dayNumberOf, formatDayNumber } from './local-date.util.js';
import { WorkingCalendar, type DayOverride } from './working-calendar.js';

const shipped = new WorkingCalendar();

// 2018–2033: years before, inside and after the published 2020–2026 arrangements.
const FIRST_DAY = dayNumberOf('2018-01-01');
const LAST_DAY = dayNumberOf('2033-12-31');
const dateArb = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(formatDayNumber);
const offsetArb = fc.integer({ min: 1, max: 400 });
const instantArb = fc
  .integer({ min: FIRST_DAY * DAY_MS, max: (LAST_DAY + 1) * DAY_MS - 1 })
  .map((ms) => new Date(ms));

/** Admin overrides on up to 40 days around the 2024–2025 holidays (dense enough to hit the walks). */
const overridesArb = fc
  .array(
    fc.record({
      day: fc.integer({ min: dayNumberOf('2024-09-01'), max: dayNumberOf('2025-10-31') }),
      workday: fc.boolean(),
      name: fc.option(fc.constantFrom('补班', '停工'), { nil: undefined }),
    }),
    { maxLength: 40 },
  )
  .map((entries) => {
    const map = new Map<string, DayOverride>();
    for (const { day, workday, name } of entries) {
      map.set(formatDayNumber(day), name === undefined ? { workday } : { workday, name });
    }
    return map;
  });
/** Half the runs use the shipped calendar as is, half with random overrides. */
const calendarArb = fc.oneof(fc.constant(shipped), overridesArb.map((o) => shipped.withOverrides(o)));

const next = (date: string, by = 1) => formatDayNumber(dayNumberOf(date) + by);

describe('WorkingCalendar properties', () => {
  it('adding then subtracting n working days lands on the last working day at or before the start', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, offsetArb, (calendar, start, n) => {
        const back = calendar.addWorkingDays(calendar.addWorkingDays(start, n), -n);
        expect(calendar.isWorkday(back)).toBe(true);
        expect(back <= start).toBe(true);
        if (calendar.isWorkday(start)) expect(back).toBe(start);
        expect(calendar.countWorkdays(back, start)).toBe(1); // no working day skipped in between
      }),
    );
  });

  it('subtracting then adding lands on the first working day at or after the start', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, offsetArb, (calendar, start, n) => {
        const forth = calendar.addWorkingDays(calendar.addWorkingDays(start, -n), n);
        expect(calendar.isWorkday(forth)).toBe(true);
        expect(forth >= start).toBe(true);
        expect(calendar.countWorkdays(start, forth)).toBe(1);
      }),
    );
  });

  it('counts working days as the days() listing marks them', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.integer({ min: 0, max: 800 }), (calendar, from, length) => {
        const to = next(from, length);
        const days = calendar.days(from, to);
        expect(days).toHaveLength(length + 1);
        expect(days[0]?.date).toBe(from);
        expect(days.at(-1)?.date).toBe(to);
        // Plain comparisons inside the loop: one expect() per day would dominate the run time.
        const misplaced = days.filter((day, i) => day.date !== next(from, i) || day.workday !== calendar.isWorkday(day.date));
        expect(misplaced).toEqual([]);
        expect(calendar.countWorkdays(from, to)).toBe(days.filter((day) => day.workday).length);
      }),
    );
  });

  it('addWorkingDays(d, n) is a working day for n ≠ 0, exactly |n| working days away', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.integer({ min: -400, max: 400 }), (calendar, start, n) => {
        const result = calendar.addWorkingDays(start, n);
        if (n === 0) return void expect(result).toBe(start);
        expect(calendar.isWorkday(result)).toBe(true);
        if (n > 0) expect(calendar.countWorkdays(next(start), result)).toBe(n);
        else expect(calendar.countWorkdays(result, next(start, -1))).toBe(-n);
      }),
    );
  });

  it('addWorkingDays is strictly increasing in n', () => {
    fc.assert(
      fc.property(
        calendarArb,
        dateArb,
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: -400, max: 400 }),
        (calendar, start, a, b) => {
          fc.pre(a !== b);
          const [low, high] = a < b ? [a, b] : [b, a];
          expect(calendar.addWorkingDays(start, low) < calendar.addWorkingDays(start, high)).toBe(true);
        },
      ),
    );
  });

  it('overrides win over the shipped data, and leave every other day alone', () => {
    fc.assert(
      fc.property(overridesArb, fc.integer({ min: 0, max: 120 }), (overrides, offset) => {
        const calendar = shipped.withOverrides(overrides);
        for (const [date, override] of overrides) {
          expect(calendar.isWorkday(date)).toBe(override.workday);
          expect(calendar.dayInfo(date).name).toBe(override.name);
        }
        const date = next('2024-09-01', offset * 3);
        if (!overrides.has(date)) expect(calendar.dayInfo(date)).toEqual(shipped.dayInfo(date));
      }),
    );
  });

  it('"n working days after T" ends the Shanghai day that addWorkingDays reaches', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: -400, max: 400 }), (calendar, instant, n) => {
        const end = calendar.endOfWorkingDaysAfter(instant, n);
        const date = calendar.localDateOf(end);
        expect(date).toBe(calendar.addWorkingDays(calendar.localDateOf(instant), n));
        expect(calendar.localDateOf(new Date(end.getTime() + 1))).toBe(next(date)); // the very last millisecond
        if (n > 0) expect(end.getTime()).toBeGreaterThan(instant.getTime());
        if (n < 0) expect(end.getTime()).toBeLessThan(instant.getTime());
      }),
    );
  });

  it('escalation thresholds rise with the ladder offset, with offset 0 at the due itself', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        fc.uniqueArray(fc.integer({ min: -30, max: 30 }), { minLength: 2, maxLength: 4 }),
        (calendar, due, offsets) => {
          const sorted = [...offsets].sort((a, b) => a - b);
          const thresholds = sorted.map((k) => calendar.escalationThreshold(due, k).getTime());
          for (let i = 1; i < thresholds.length; i++) expect(thresholds[i]).toBeGreaterThan(thresholds[i - 1]!);
          expect(calendar.escalationThreshold(due, 0).getTime()).toBe(due.getTime());
        },
      ),
    );
  });

  it('reads the Shanghai date as UTC shifted by +08:00', () => {
    fc.assert(
      fc.property(instantArb, (instant) => {
        const date = shipped.localDateOf(instant);
        const end = shipped.endOfDay(date).getTime();
        expect(end).toBeGreaterThanOrEqual(instant.getTime());
        expect(end - instant.getTime()).toBeLessThan(DAY_MS);
        expect(date).toBe(new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10));
      }),
    );
  });
});
