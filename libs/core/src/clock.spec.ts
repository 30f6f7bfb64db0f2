import { ManualClock, SystemClock } from './clock.js';

describe('Clock.replayAt (the demo seeder replays its timeline)', () => {
  const T0 = new Date('2026-06-01T02:00:00.000Z');

  it('moves now() inside the replay only, also across awaits, while concurrent work keeps the clock’s time', async () => {
    const clock = new ManualClock(T0);
    const past = new Date('2025-07-01T02:00:00.000Z');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inside = clock.replayAt(past, async () => {
      const before = clock.now().toISOString();
      await gate; // someone else runs meanwhile
      await new Promise((r) => setTimeout(r, 1));
      return [before, clock.now().toISOString()];
    });
    expect(clock.now()).toEqual(T0); // outside, during the replay
    release();
    expect(await inside).toEqual([past.toISOString(), past.toISOString()]);
    expect(clock.now()).toEqual(T0);
  });

  it('nests (the innermost instant wins) and refuses the future and non-instants', async () => {
    const clock = new ManualClock(T0);
    const a = new Date('2025-01-01T00:00:00.000Z');
    const b = new Date('2025-02-01T00:00:00.000Z');
    expect(await clock.replayAt(a, () => clock.replayAt(b, async () => clock.now().toISOString()))).toBe(b.toISOString());
    expect(() => clock.replayAt(new Date(T0.getTime() + 1), async () => 0)).toThrow(/future/);
    expect(() => clock.replayAt(new Date('nope'), async () => 0)).toThrow(/not an instant/);
    expect(() => new SystemClock().replayAt(new Date(Date.now() + 60_000), async () => 0)).toThrow(/future/);
  });
});
