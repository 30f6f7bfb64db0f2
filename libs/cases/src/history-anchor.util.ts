import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '@rectify/core';

/**
 * Anchoring the history chain (docs/security.md, "History anchoring"). The chain itself is an unkeyed
 * SHA-256 (case-history.util.ts): whoever can write the database can rewrite a row and recompute every
 * hash after it. Two things it cannot recompute without HISTORY_ANCHOR_KEY, which is not in the database:
 * the signature of each case's head (`cases.history_mac`) and the checkpoints (a Merkle root over every
 * head, appended to a file outside the database, each line signed).
 */

/**
 * A case's chain head: the last seq (`version` here: the chain's length, `cases.history_length`, which is
 * the case's version unless comments extended the chain — docs/comments.md) and the hash of that row.
 */
export interface ChainHead {
  caseId: string;
  version: number;
  hash: string;
}

/** HMAC-SHA256 of a domain-separated message, hex. */
function hmac(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('hex');
}

/** The signature of a case's chain head. */
export function signHead(key: string, head: ChainHead): string {
  return hmac(key, `rectify-history-head\u0000${head.caseId}\u0000${head.version}\u0000${head.hash}`);
}

export function sameHex(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** A short public fingerprint of the key: tells a start with another key apart from tampering. */
export function keyFingerprint(key: string): string {
  return hmac(key, 'rectify-history-anchor-key-id').slice(0, 16);
}

/** The signature of a checkpoint line: over the canonical JSON of every field but `mac`. */
export function signCheckpoint(key: string, fields: Omit<CheckpointLine, 'mac'>): string {
  return hmac(key, `rectify-history-checkpoint\u0000${canonicalJson(fields)}`);
}

const sha256 = (...parts: Array<string | Buffer>): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** A leaf of the checkpoint tree (prefixed 0x00, nodes 0x01, so a leaf can never pass for a node). */
export function leafHash(head: ChainHead): Buffer {
  return sha256(LEAF, `${head.caseId}\n${head.version}\n${head.hash}`);
}

/**
 * The Merkle root over heads sorted by case id (code-unit order): pairs hashed level by level, an odd
 * last node carried up unchanged. The root of no heads is SHA-256 of nothing.
 */
export function merkleRoot(heads: Iterable<ChainHead>): string {
  const sorted = [...heads].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  if (sorted.length === 0) return sha256('').toString('hex');
  let level = sorted.map(leafHash);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? sha256(NODE, level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!.toString('hex');
}

/** The hash a line links to: SHA-256 of the previous line's text (the first line links to zeros). */
export const FIRST_CHECKPOINT_PREV = '0'.repeat(64);
export const lineHash = (text: string): string => sha256(text).toString('hex');

/**
 * One line of the checkpoint file. `heads` lists the heads that changed since the previous checkpoint
 * (all of them in the first), as `[caseId, version, hash]`; replaying the lines gives every head at each
 * checkpoint, and `root` is the Merkle root over all of them.
 */
export interface CheckpointLine {
  v: 1;
  seq: number;
  at: string;
  /** Heads in the tree (every case checkpointed so far). */
  count: number;
  root: string;
  prev: string;
  keyId: string;
  heads: Array<[string, number, string]>;
  mac: string;
}
