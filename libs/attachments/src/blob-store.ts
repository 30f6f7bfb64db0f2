import type { Readable } from 'node:stream';

/** Inclusive byte range, as HTTP Range requests name them. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where evidence files live, content-addressed by their SHA-256 (the same bytes are stored once).
 * Uploads are streamed to a local staging file first (hashed and sniffed there), then handed over
 * with `put`. The local directory store is the only one today; an S3-compatible store implements the
 * same five calls (`put` uploads the staged file under the key `sha256/<hash>`).
 */
export interface BlobStore {
  /** A new staging path on local disk for one upload (the caller removes it if it never reaches `put`). */
  stagingPath(): string;
  /**
   * Moves a staged file in under its hash; its bytes and its name are durable when it resolves. False
   * when those bytes were stored already (the staged file is then removed) — unless `replace`: a blob
   * no committed row names may be the remains of a crash in the middle of a `put`, and is replaced.
   */
  put(stagedPath: string, sha256: string, options?: { replace?: boolean }): Promise<boolean>;
  /** The stored size in bytes, or null when there is no such blob. */
  size(sha256: string): Promise<number | null>;
  /** The blob's bytes, or the bytes of `range`. */
  open(sha256: string, range?: ByteRange): Readable;
  remove(sha256: string): Promise<void>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');
