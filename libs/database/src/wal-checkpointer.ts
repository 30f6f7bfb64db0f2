import { Logger } from '@nestjs/common';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the checkpointer looks for new commits to copy back into the database file. */
export const CHECKPOINT_INTERVAL_MS = 200;
/** A checkpoint worker with no commit to copy for this long is stopped (an idle server keeps no thread). */
export const CHECKPOINTER_IDLE_MS = 30_000;
/**
 * The WAL size past which the writer itself checkpoints (TRUNCATE) between two groups. Under writes
 * that never pause, a PASSIVE checkpoint may never find the WAL fully copied at the moment a write
 * begins, so SQLite would never restart it from the beginning and it would grow without bound.
 */
export const WAL_LIMIT_BYTES = 64 * 1024 * 1024;

// Runs in a worker thread, on its own connection: `PRAGMA data_version` changes when another
// connection (this process's writer or another process) commits; a PASSIVE checkpoint copies the
// WAL's committed pages into the database file and fsyncs it without waiting for, or blocking,
// readers and writers. Plain CommonJS (an `eval` worker), so the same source runs from the built
// tree and under Jest.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.driver);
const db = new Sqlite(workerData.file, { timeout: 0 });
db.pragma('synchronous = ' + workerData.synchronous);
const version = db.prepare('PRAGMA data_version').pluck();
let seen = -1;
function checkpoint() {
  const now = version.get();
  if (now === seen) return;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    if (result.busy === 0) seen = now;
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  // Leaving (writes stopped): copy everything and truncate the WAL file; with no busy timeout this
  // gives up at once, harmlessly, if a write is under way.
  try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch {} finally { db.close(); parentPort.postMessage({ closed: true }); }
});
parentPort.postMessage({ ready: true });
`;

/**
 * Keeps SQLite's WAL checkpoints out of users' commits. A worker thread costs ~15 MB of memory, so
 * the Database starts one at its first commit and stops it after a while without writes.
 *
 * With the default `wal_autocheckpoint`, whichever COMMIT pushes the WAL past 1,000 pages copies
 * them back into the database file and fsyncs it, on the event loop: a stall of tens of ms for that
 * request and everything queued behind it (bench/RESULTS.md). The writer runs with
 * `wal_autocheckpoint = 0`, and this worker thread checkpoints every {@link CHECKPOINT_INTERVAL_MS}.
 * Durability is unchanged: a commit is durable once it is in the WAL. Should the worker fail, the
 * writer gets its automatic checkpoints back, so the WAL never grows without bound.
 */
export class WalCheckpointer {
  private readonly logger = new Logger('WalCheckpointer');
  private worker?: Worker;
  private exited = false;
  private closed?: Promise<void>;

  constructor(
    private readonly file: string,
    private readonly synchronous: string,
    /** Called when the worker is gone for good: re-enable automatic checkpoints on the writer. */
    private readonly fallBack: () => void,
  ) {}

  /** Resolves true once the worker has its connection open, false if it failed (the fallback ran). */
  start(): Promise<boolean> {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, file: this.file, synchronous: this.synchronous, intervalMs: CHECKPOINT_INTERVAL_MS },
    });
    this.worker = worker;
    return new Promise<boolean>((resolve) => {
      worker.on('message', (message: { ready?: boolean; error?: string }) => {
        if (message.ready) {
          // Once running it must not keep the process alive (unref after the listeners: adding a
          // 'message' listener refs the worker's port again).
          worker.unref();
          resolve(true);
        }
        if (message.error) this.logger.warn(`checkpoint failed: ${message.error}`);
      });
      worker.once('error', (error) => {
        this.logger.error(`checkpoint worker failed (${error.message}); the writer checkpoints on its own from now on`);
        this.fallBack();
        resolve(false);
      });
      worker.once('exit', () => {
        this.exited = true;
        if (!this.closed) this.fallBack();
        resolve(false);
      });
    });
  }

  /** Final checkpoint, then the worker's connection closes: call before closing the writer. */
  close(): Promise<void> {
    const worker = this.worker;
    if (!worker || this.exited) return Promise.resolve();
    this.closed ??= new Promise<void>((resolve) => {
      const done = () => resolve();
      worker.ref();
      worker.once('exit', done);
      worker.on('message', (message: { closed?: boolean }) => {
        if (message.closed) void worker.terminate().then(done, done);
      });
      worker.postMessage('close');
    });
    return this.closed;
  }
}
