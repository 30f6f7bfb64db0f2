import { createHmac, randomUUID } from 'node:crypto';
import { drawRank, drawSample, sampleCount } from './campaign-sampling.util.js';

const ids = Array.from({ length: 40 }, () => randomUUID());

describe('the campaign draw', () => {
  it('ranks a case by HMAC-SHA256(seed, caseId), so anyone can recompute it', () => {
    const id = '0b7e3c1e-5a57-4c5c-9a4e-2d2f5b1f0a11';
    expect(drawRank('2025-Q2 双随机', id)).toBe(createHmac('sha256', '2025-Q2 双随机').update(id).digest('hex'));
  });

  it('selects the same cases for the same seed whatever the order of the input', () => {
    const a = drawSample('seed-1', ids, { sampleSize: 7 });
    const b = drawSample('seed-1', [...ids].reverse(), { sampleSize: 7 });
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(7);
    expect(drawSample('seed-2', ids, { sampleSize: 7 })).not.toEqual(a);
  });

  it('keeps the drawn cases when cases that do not rank higher join the pool', () => {
    const drawn = drawSample('seed-1', ids, { sampleSize: 5 });
    const cutoff = drawRank('seed-1', drawn.at(-1)!);
    const newcomers = Array.from({ length: 50 }, () => randomUUID()).filter((id) => drawRank('seed-1', id) > cutoff);
    expect(drawSample('seed-1', [...newcomers, ...ids], { sampleSize: 5 })).toEqual(drawn);
  });

  it('counts sizes and rates at the edges', () => {
    expect(sampleCount(10, { sampleSize: 3 })).toBe(3);
    expect(sampleCount(10, { sampleSize: 50 })).toBe(10);
    expect(sampleCount(0, { sampleSize: 5 })).toBe(0);
    expect(sampleCount(10, { sampleRate: 1 })).toBe(10);
    expect(sampleCount(10, { sampleRate: 0.3 })).toBe(3);
    expect(sampleCount(10, { sampleRate: 0.25 })).toBe(3);
    expect(sampleCount(10, { sampleRate: 0.01 })).toBe(1);
    expect(sampleCount(0, { sampleRate: 0.5 })).toBe(0);
    expect(drawSample('s', ids, { sampleRate: 1 })).toHaveLength(ids.length);
  });
});
