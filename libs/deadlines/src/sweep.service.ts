import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@rectify/core';
import { JurisdictionService, type AuthUser } from '@rectify/identity';
import { SweepRegistry } from './sweep-registry.js';

/** What one sweep did: when it ran, and each task's counts under the task's name. */
export interface SweepReport {
  at: string;
  durationMs: number;
  /** Per task (`escalations`, `revisits`, …): its counts. */
  [task: string]: string | number | Record<string, number> | Array<{ task: string; message: string }>;
}

/** Runs every registered sweep task at one instant; a failing task is logged and reported, the others still run. */
@Injectable()
export class SweepService {
  private readonly logger = new Logger('Sweep');

  constructor(
    @Inject(SweepRegistry) private readonly registry: SweepRegistry,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
  ) {}

  /** `POST /admin/sweep`. */
  async runFor(user: AuthUser): Promise<SweepReport> {
    // The sweep works on every region's clocks: national work.
    await this.jurisdiction.requireNationalAdmin(user, 'run a sweep');
    return this.run();
  }

  async run(): Promise<SweepReport> {
    const now = this.clock.now();
    const started = Date.now();
    const report: SweepReport = { at: now.toISOString(), durationMs: 0 };
    const errors: Array<{ task: string; message: string }> = [];
    for (const task of this.registry.all()) {
      try {
        report[task.name] = await task.run(now);
      } catch (error) {
        this.logger.error(`sweep task ${task.name} failed: ${(error as Error).stack ?? String(error)}`);
        report[task.name] = { failed: 1 };
        errors.push({ task: task.name, message: (error as Error).message });
      }
    }
    if (errors.length > 0) report.errors = errors;
    report.durationMs = Date.now() - started;
    return report;
  }
}
