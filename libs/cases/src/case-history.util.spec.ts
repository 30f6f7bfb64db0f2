import { asStoredJson, GENESIS_HASH, hashEvent } from './case-history.util.js';

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

class EvidenceItem {
  constructor(
    public kind: string,
    public title: string,
    public ref: string,
  ) {}
}

const row = (payload: Record<string, unknown>) => ({
  caseId: '6f1c2a43-1d0e-4c43-9f0b-5b3f5d8b2a10',
  seq: 3,
  type: 'SUBMIT_EVIDENCE',
  actorId: 'u-1',
  actorUsername: 'jx-bureau',
  actorRole: 'bureau',
  actorUnitId: 'unit-1',
  at: '2026-03-02T04:05:06.789Z',
  fromState: 'rectifying.inProgress',
  toState: 'rectifying.awaitingVerification',
  payload,
  prevHash: GENESIS_HASH,
});

describe('asStoredJson', () => {
  test('stores a plain JSON payload as the client sent it, and its hash survives the database round trip', () => {
    const payload = {
      summary: '已覆盖',
      percent: 40,
      done: false,
      previousDueAt: null,
      coUnitIds: ['a', 'b'],
      evidence: [new EvidenceItem('photo', '现场照片', 'p-1')],
    };
    const stored = asStoredJson(payload);
    expect(roundTrip(stored)).toStrictEqual(roundTrip(payload));
    // what the history check recomputes from the row read back must equal what was chained at write time
    expect(hashEvent(row(roundTrip(stored)))).toBe(hashEvent(row(stored)));
  });

  test.each<[string, Record<string, unknown>]>([
    ['an undefined field', { note: undefined, reason: 'x' }],
    ['a Date', { at: new Date('2026-01-02T03:04:05Z') }],
    ['a non-finite number', { percent: Number.NaN, days: Infinity }],
    ['negative zero', { percent: -0 }],
    ['an undefined array element', { ids: ['a', undefined] }],
    ['a sparse array', { ids: [, 'b'] }],
    ['a nested undefined', { evidence: [{ kind: 'photo', ref: undefined }] }],
    ['a function', { f: () => 1, g: 'kept' }],
  ])('gives what the database would give back for %s', (_name, payload) => {
    const stored = asStoredJson(payload);
    expect(stored).toStrictEqual(roundTrip(payload));
    expect(JSON.stringify(stored)).toBe(JSON.stringify(payload));
  });

  test('the hash is over what is stored, with or without the copy', () => {
    for (const payload of [
      { summary: 's', evidence: [new EvidenceItem('photo', 't', 'r')] },
      { note: undefined, at: new Date('2026-01-02T03:04:05Z'), n: -0 },
    ]) {
      expect(hashEvent(row(asStoredJson(payload)))).toBe(hashEvent(row(roundTrip(payload))));
    }
  });
});
