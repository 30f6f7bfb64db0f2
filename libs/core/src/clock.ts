import { AsyncLocalStorage } from 'node:async_hooks';

/** The instant a replay runs at, in the replay's own async context only (see `Clock.replayAt`). */
const replayed = new AsyncLocalStorage<number>();

/** Time comes from here, never from `new Date()` in domain code (STYLE rule 5). */
export abstract class Clock {
  /** Whether an admin may move this clock (`APP_CLOCK=manual`). */
  abstract readonly manual: boolean;

  /** This clock's own instant (the system's, or the manual clock's). */
  protected abstract instant(): Date;

  /** Now: inside `replayAt`, the instant being replayed; everywhere else, this clock's own. */
  now(): Date {
    const at = replayed.getStore();
    return at === undefined ? this.instant() : new Date(at);
  }

  /**
   * Runs `work` with `now()` at `at` — in `work`'s own async context only: requests, sweeps and anything
   * else running meanwhile keep this clock's time. For the demo seeder, which replays its cases at
   * their dates over the past year (docs/testing.md, "The demo data's timeline"); no controller or
   * DTO reaches it, and it refuses the future (the engine would record history that has not happened).
   */
  replayAt<T>(at: Date, work: () => Promise<T>): Promise<T> {
    const ms = at.getTime();
    if (Number.isNaN(ms)) throw new Error('replayAt: not an instant');
    if (ms > this.instant().getTime()) throw new Error(`replayAt: ${at.toISOString()} is in the future (now ${this.instant().toISOString()})`);
    return replayed.run(ms, work);
  }
}

export class SystemClock extends Clock {
  readonly manual = false;
  protected instant(): Date {
    return new Date();
  }
}

/** Time stands still until an admin (or a test) moves it. */
export class ManualClock extends Clock {
  readonly manual = true;
  private current: number;

  constructor(start: Date = new Date()) {
    super();
    this.current = start.getTime();
  }

  protected instant(): Date {
    return new Date(this.current);
  }

  set(instant: Date): void {
    this.current = instant.getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
