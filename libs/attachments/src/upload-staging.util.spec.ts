import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { STAGING_FLUSH_BYTES, stageUpload } from './upload-staging.util.js';

describe('stageUpload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-staging-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every byte and hashes them, across several background flushes (the last flush is the store’s)', async () => {
    const bytes = randomBytes(3 * STAGING_FLUSH_BYTES + 12_345);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536));
    const path = join(dir, 'a.part');
    const staged = await stageUpload(Readable.from(chunks), path);
    expect(staged).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('never overwrites an existing file, and passes a failing source’s error on', async () => {
    const taken = join(dir, 'taken.part');
    writeFileSync(taken, 'x');
    await expect(stageUpload(Readable.from([Buffer.from('y')]), taken)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(taken, 'utf8')).toBe('x');
    const failing = new Readable({ read() { this.push(Buffer.alloc(1024)); this.destroy(new Error('client went away')); } });
    await expect(stageUpload(failing, join(dir, 'cut.part'))).rejects.toThrow('client went away');
  });
});
