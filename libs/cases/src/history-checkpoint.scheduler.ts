import { stat } from 'node:fs/promises';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rectify/config';
import { RepeatingTimer } from '@rectify/core';
import { HistoryAnchorService } from './history-anchor.service.js';

/**
 * Writes a history checkpoint every HISTORY_CHECKPOINT_INTERVAL_SECONDS (0: only on
 * POST /admin/history/checkpoints). Every instance runs the timer; the lease in the database lets one
 * write at a time, and an instance skips its turn when the file was appended to less than 90 % of an
 * interval ago (another instance did it), so several instances still write about one per interval.
 */
@Injectable()
export class HistoryCheckpointScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('HistoryCheckpoint');
  private timer: RepeatingTimer | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(HistoryAnchorService) private readonly anchor: HistoryAnchorService,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.historyAnchor.checkpointIntervalSeconds;
    if (seconds <= 0) return;
    this.timer = new RepeatingTimer(seconds * 1000, () => this.tick());
    this.timer.start();
  }

  private async tick(): Promise<void> {
    try {
      const intervalMs = this.config.historyAnchor.checkpointIntervalSeconds * 1000;
      const modified = await stat(this.anchor.file).then((s) => s.mtimeMs, () => 0);
      if (Date.now() - modified < intervalMs * 0.9) return;
      const summary = await this.anchor.checkpoint();
      if (summary) this.logger.debug(`checkpoint ${summary.seq}: ${summary.count} heads, ${summary.changed} changed`);
    } catch (error) {
      this.logger.error(`history checkpoint failed: ${(error as Error).stack ?? String(error)}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.timer?.stop();
  }
}
