import { createHash } from 'node:crypto';
import { canonicalJson } from '@rectify/core';
import type { EvidenceFileProblem } from './case-hooks.js';
import type { CaseEventRecord } from './case-record.js';

/** The hash before the first row of every case's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the previous hash and the canonical encoding of everything the row says. */
export function hashEvent(event: Omit<CaseEventRecord, 'hash'>): string {
  const body = canonicalJson({
    caseId: event.caseId,
    seq: event.seq,
    type: event.type,
    actor: { id: event.actorId, username: event.actorUsername, role: event.actorRole, unitId: event.actorUnitId },
    at: event.at,
    from: event.fromState,
    to: event.toState,
    payload: event.payload,
  });
  return createHash('sha256').update(event.prevHash).update('\n').update(body).digest('hex');
}

/**
 * The payload as it reads back from the database (stored with `JSON.stringify`): the value itself when it
 * already is plain JSON — every payload the engine builds — else a JSON round trip (undefined fields,
 * Dates, non-finite numbers…), so that the hash is always over what is stored.
 */
export function asStoredJson<T>(value: T): T {
  return isPlainJson(value) ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i])) return false;
        return true;
      }
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
      for (const key of Object.keys(value)) if (!isPlainJson((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}

export interface ChainVerification {
  valid: boolean;
  length: number;
  brokenAt?: number;
  /** Evidence files recorded in the chain, checked byte for byte (present when the case has any). */
  files?: { checked: number; problems: EvidenceFileProblem[] };
}

/** Walks the chain in seq order; the first row whose seq, link or hash does not hold is where it broke. */
export function verifyChain(events: readonly CaseEventRecord[]): ChainVerification {
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const expectedSeq = i + 1;
    if (event.seq !== expectedSeq || event.prevHash !== prev || hashEvent(event) !== event.hash) {
      return { valid: false, length: events.length, brokenAt: expectedSeq };
    }
    prev = event.hash;
  }
  return { valid: true, length: events.length };
}
