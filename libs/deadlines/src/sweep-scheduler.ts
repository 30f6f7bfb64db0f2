import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rectify/config';
import { SweepService } from './sweep.service.js';

/**
 * Sweeps every SWEEP_INTERVAL_SECONDS (0: only on demand). The next sweep is timed from the end of the
 * last one, so sweeps never overlap; shutdown stops the timer and waits for a sweep in progress.
 */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SweepScheduler');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SweepService) private readonly sweeps: SweepService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.sweepIntervalSeconds <= 0) {
      this.logger.log('SWEEP_INTERVAL_SECONDS=0: sweeps run only on POST /api/v1/admin/sweep');
      return;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, this.config.sweepIntervalSeconds * 1000);
    this.timer.unref();
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
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
