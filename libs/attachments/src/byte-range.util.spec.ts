import { parseByteRange } from './byte-range.util.js';

describe('parseByteRange (RFC 9110 single ranges)', () => {
  it.each([
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=90-', { start: 90, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=-1000', { start: 0, end: 99 }],
    ['bytes=50-1000', { start: 50, end: 99 }],
    ['BYTES = 5 - 5', { start: 5, end: 5 }],
  ])('%s of 100 bytes', (header, range) => expect(parseByteRange(header, 100)).toEqual(range));

  it.each(['bytes=100-', 'bytes=200-300', 'bytes=-0'])('%s of 100 bytes is unsatisfiable', (header) => expect(parseByteRange(header, 100)).toBe('unsatisfiable'));

  it.each([undefined, '', 'bytes=', 'bytes=-', 'items=0-1', 'bytes=0-1,5-6', 'bytes=9-1', 'bytes=a-b'])('%s → the whole file', (header) =>
    expect(parseByteRange(header, 100)).toBeNull(),
  );
});
