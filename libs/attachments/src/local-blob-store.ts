import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStore, ByteRange } from './blob-store.js';

/** Staging files older than this are left over from a crash (no upload takes an hour) and removed at start. */
const STALE_STAGING_MS = 3600 * 1000;

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Blobs under `<dir>/sha256/<aa>/<bb>/<hash>`, staged in `<dir>/staging` (same filesystem, so `put` is
 * an atomic rename). A stored blob and its directory are fsynced, together, after the rename and before
 * `put` returns (so before the row naming it commits); the blob is made read-only.
 */
export class LocalBlobStore implements BlobStore {
  private readonly staging: string;

  constructor(private readonly dir: string) {
    this.staging = join(dir, 'staging');
    mkdirSync(this.staging, { recursive: true });
  }

  stagingPath(): string {
    return join(this.staging, `${randomUUID()}.part`);
  }

  async put(stagedPath: string, sha256: string, options: { replace?: boolean } = {}): Promise<boolean> {
    const target = this.pathOf(sha256);
    if (!options.replace && (await this.size(sha256)) !== null) {
      await unlink(stagedPath);
      return false;
    }
    const folder = join(target, '..');
    await mkdir(folder, { recursive: true });
    await chmod(stagedPath, 0o444);
    await rename(stagedPath, target);
    // The file's bytes and its new name, flushed together (two fsyncs at once cost about one journal
    // commit): both are on disk before this resolves, so before the row that names the blob commits.
    // A crash before they finish can leave the name with bytes that never reached the disk, but no
    // row names such a blob, and an upload of the same bytes replaces it (`replace`).
    await Promise.all([syncFile(target), syncFile(folder)]);
    return true;
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  open(sha256: string, range?: ByteRange): Readable {
    return createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end } : {});
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  /** Removes staging files a crashed process left behind. */
  async removeStaleStaging(nowMs: number = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.staging)) {
      const path = join(this.staging, name);
      const info = await stat(path).catch(() => null);
      if (info && nowMs - info.mtimeMs > STALE_STAGING_MS) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** Staging files present now (tests: a refused or interrupted upload leaves none). */
  async stagingFiles(): Promise<string[]> {
    return readdir(this.staging);
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.dir, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
