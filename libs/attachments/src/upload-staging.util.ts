import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** Written bytes after which a background flush starts (one at a time), while the upload goes on. */
export const STAGING_FLUSH_BYTES = 4 * 1024 * 1024;

/**
 * Streams an upload to `path` (created, never overwritten), hashing it with SHA-256 on the way;
 * nothing is held in memory beyond the chunk being written. The bytes are not yet durable when it
 * resolves: the blob store's `put` flushes the file (see LocalBlobStore). So that this flush does not
 * have to write the whole file once the upload is over, a flush (`fdatasync`) of what was written so
 * far runs in the background every {@link STAGING_FLUSH_BYTES}, at most one at a time: the disk
 * writes while the rest of the body is still arriving.
 */
export async function stageUpload(source: Readable, path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  const handle = await open(path, 'wx', 0o600);
  let size = 0;
  let unflushed = 0;
  let flushing: Promise<void> | null = null;
  let flushError: unknown = null;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      hash.update(chunk);
      for (let offset = 0; offset < chunk.length; ) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset, null);
        offset += bytesWritten;
      }
      size += chunk.length;
      unflushed += chunk.length;
      if (unflushed >= STAGING_FLUSH_BYTES && !flushing) {
        unflushed = 0;
        flushing = handle.datasync().then(
          () => void (flushing = null),
          (error: unknown) => void ((flushError = error), (flushing = null)),
        );
      }
    }
    await flushing;
    if (flushError) throw flushError;
  } finally {
    await flushing;
    await handle.close();
  }
  return { sha256: hash.digest('hex'), size };
}

/** SHA-256 of a stream (verification of stored files). */
export async function sha256Of(source: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
