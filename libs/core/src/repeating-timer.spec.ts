import { RepeatingTimer } from './repeating-timer.js';

describe('RepeatingTimer', () => {
  it('runs repeatedly, never two runs at once, and stop() waits for the run in progress', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let finished = 0;
    const timer = new RepeatingTimer(5, async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      active--;
      finished++;
    });
    timer.start();
    await new Promise((r) => setTimeout(r, 120));
    await timer.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(maxActive).toBe(1);
    expect(finished).toBe(runs); // the run in progress at stop() had finished when stop() resolved
    await new Promise((r) => setTimeout(r, 40));
    expect(runs).toBe(finished); // and none started after
  });
});
