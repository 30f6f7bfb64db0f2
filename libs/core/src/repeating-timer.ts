/**
 * Runs `work` every `intervalMs`, each run timed from the end of the last one (so runs never overlap);
 * `stop()` stops the timer and waits for a run in progress. The timer never keeps the process alive.
 * `work` must not throw: the schedulers catch and log their own errors.
 */
export class RepeatingTimer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<void>,
  ) {}

  start(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.work().finally(() => {
        this.running = null;
        this.start();
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
