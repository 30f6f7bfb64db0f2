/** Time comes from here, never from `new Date()` in domain code (STYLE rule 5). */
export abstract class Clock {
  abstract now(): Date;
  /** Whether an admin may move this clock (`APP_CLOCK=manual`). */
  abstract readonly manual: boolean;
}

export class SystemClock extends Clock {
  readonly manual = false;
  now(): Date {
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

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date): void {
    this.current = instant.getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
