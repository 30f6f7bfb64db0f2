import { createHash } from 'node:crypto';
import { canonicalJson } from '@rectify/core';
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

export interface ChainVerification {
  valid: boolean;
  length: number;
  brokenAt?: number;
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
