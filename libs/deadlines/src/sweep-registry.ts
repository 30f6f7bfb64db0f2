import { Injectable } from '@nestjs/common';

/** One kind of time-based work done by every sweep (escalations, revisit starts, …). */
export interface SweepTask {
  readonly name: string;
  /** Does everything due at `now`; returns counts for the sweep report (e.g. `{fired: 3}`). */
  run(now: Date): Promise<Record<string, number>>;
}

/** Modules register their sweep tasks here at start-up; the sweep runs them in registration order. */
@Injectable()
export class SweepRegistry {
  private readonly tasks: SweepTask[] = [];

  register(task: SweepTask): void {
    this.tasks.push(task);
  }

  all(): readonly SweepTask[] {
    return this.tasks;
  }
}
