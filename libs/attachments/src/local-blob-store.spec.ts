import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBlobStore } from './local-blob-store.js';

describe('LocalBlobStore.put', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-blobs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const store = new LocalBlobStore(dir);
  const bytes = Buffer.from('现场照片的字节');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const blob = join(dir, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  const stage = () => {
    const path = store.stagingPath();
    writeFileSync(path, bytes);
    return path;
  };

  it('moves the staged file in under its hash, read-only, and leaves no staging file', async () => {
    expect(await store.put(stage(), sha256)).toBe(true);
    expect(readFileSync(blob).equals(bytes)).toBe(true);
    expect(statSync(blob).mode & 0o777).toBe(0o444);
    expect(await store.stagingFiles()).toEqual([]);
  });

  it('keeps stored bytes (the staged copy is dropped), or replaces them when told they may be a crash’s remains', async () => {
    expect(await store.put(stage(), sha256)).toBe(false);
    expect(await store.stagingFiles()).toEqual([]);
    // What a crash between the rename and its flush may leave: the name, without the bytes.
    rmSync(blob, { force: true });
    mkdirSync(join(blob, '..'), { recursive: true });
    writeFileSync(blob, Buffer.alloc(bytes.length));
    expect(await store.put(stage(), sha256, { replace: true })).toBe(true);
    expect(readFileSync(blob).equals(bytes)).toBe(true);
    expect(await store.stagingFiles()).toEqual([]);
  });
});
