import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rectify/config';
import { RepeatingTimer } from '@rectify/core';
import { SweepService } from './sweep.service.js';

/**
 * Sweeps every SWEEP_INTERVAL_SECONDS (0: only on demand). The next sweep is timed from the end of the
 * last one, so sweeps never overlap; shutdown stops the timer and waits for a sweep in progress.
 */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SweepScheduler');
  private timer: RepeatingTimer | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SweepService) private readonly sweeps: SweepService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.sweepIntervalSeconds <= 0) {
      this.logger.log('SWEEP_INTERVAL_SECONDS=0: sweeps run only on POST /api/v1/admin/sweep');
      return;
    }
    this.timer = new RepeatingTimer(this.config.sweepIntervalSeconds * 1000, () => this.tick());
    this.timer.start();
  }

  private async tick(): Promise<void> {
    try {
      const report = await this.sweeps.run();
      this.logger.debug(`sweep: ${JSON.stringify(report)}`);
    } catch (error) {
      this.logger.error(`sweep failed: ${(error as Error).stack ?? String(error)}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.timer?.stop();
  }
}
