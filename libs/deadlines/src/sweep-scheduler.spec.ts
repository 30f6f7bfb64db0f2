import { jest } from '@jest/globals';
import type { AppConfig } from '@rectify/config';
import { SweepScheduler } from './sweep-scheduler.js';
import type { SweepReport, SweepService } from './sweep.service.js';

/** A sweep service whose runs finish only when the test says so. */
function fakeSweeps() {
  const finishers: Array<() => void> = [];
  const service = {
    run: jest.fn(() => new Promise<SweepReport>((resolve) => finishers.push(() => resolve({ at: '', durationMs: 0 })))),
  };
  return { service, finishNext: () => finishers.shift()?.() };
}

const config = (sweepIntervalSeconds: number) => ({ sweepIntervalSeconds }) as AppConfig;
const flush = () => new Promise<void>((resolve) => jest.requireActual<typeof import('node:timers')>('node:timers').setImmediate(resolve));

describe('SweepScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sweeps every interval, timing the next sweep from the end of the last, so sweeps never overlap', async () => {
    const { service, finishNext } = fakeSweeps();
    const scheduler = new SweepScheduler(config(60), service as unknown as SweepService);
    scheduler.onApplicationBootstrap();
    expect(service.run).not.toHaveBeenCalled();
    jest.advanceTimersByTime(60_000);
    expect(service.run).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(10 * 60_000); // the first sweep is still running: no second one starts
    expect(service.run).toHaveBeenCalledTimes(1);
    finishNext();
    await flush();
    jest.advanceTimersByTime(59_999);
    expect(service.run).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    expect(service.run).toHaveBeenCalledTimes(2);
    finishNext();
    await scheduler.beforeApplicationShutdown();
  });

  it('does nothing on its own when the interval is 0', () => {
    const { service } = fakeSweeps();
    new SweepScheduler(config(0), service as unknown as SweepService).onApplicationBootstrap();
    jest.advanceTimersByTime(24 * 3600_000);
    expect(service.run).not.toHaveBeenCalled();
  });

  it('on shutdown stops the timer and waits for the sweep in progress', async () => {
    const { service, finishNext } = fakeSweeps();
    const scheduler = new SweepScheduler(config(5), service as unknown as SweepService);
    scheduler.onApplicationBootstrap();
    jest.advanceTimersByTime(5_000);
    let stopped = false;
    const stopping = scheduler.beforeApplicationShutdown().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    finishNext();
    await stopping;
    jest.advanceTimersByTime(60_000);
    expect(service.run).toHaveBeenCalledTimes(1);
  });
});
