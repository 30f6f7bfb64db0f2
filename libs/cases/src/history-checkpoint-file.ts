import { closeSync, fsyncSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FIRST_CHECKPOINT_PREV, keyFingerprint, lineHash, merkleRoot, sameHex, signCheckpoint, type ChainHead, type CheckpointLine } from './history-anchor.util.js';

/** A checkpoint as the file proves it (its line verified). */
export interface CheckpointRecord {
  seq: number;
  at: string;
  count: number;
  root: string;
  /** 1-based line of the file. */
  line: number;
}

export type CheckpointProblemKind = 'unreadable' | 'key' | 'signature' | 'sequence' | 'link' | 'root' | 'incomplete';

export interface CheckpointFileProblem {
  line: number;
  seq?: number;
  problem: CheckpointProblemKind;
  message: string;
}

/** One recorded head of a case: at checkpoint `seq` (and every later one until the case's next entry). */
export interface RecordedHead {
  seq: number;
  version: number;
  hash: string;
}

/** The checkpoint file, read and verified line by line. */
export interface CheckpointLog {
  checkpoints: CheckpointRecord[];
  problems: CheckpointFileProblem[];
  /** Per case, the heads the checkpoints recorded, oldest first (only from lines whose signature holds). */
  byCase: Map<string, RecordedHead[]>;
  /** The key fingerprint of the last readable line (a start with another key is refused). */
  lastKeyId: string | null;
  /** The last line's text and seq, for the next line's link. */
  lastLineText: string | null;
  lastSeq: number;
}

/** Above this many leaf hashes in all, only the latest checkpoint's root is recomputed (the others are covered by their signatures and links). */
const ROOT_CHECK_BUDGET = 2_000_000;

export function emptyLog(): CheckpointLog {
  return { checkpoints: [], problems: [], byCase: new Map(), lastKeyId: null, lastLineText: null, lastSeq: 0 };
}

/** Reads the file (missing: no checkpoints yet) and verifies every line with `key`. */
export async function readCheckpointLog(path: string, key: string): Promise<CheckpointLog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLog();
    throw error;
  }
  return parseCheckpointLog(text, key);
}

export function parseCheckpointLog(text: string, key: string): CheckpointLog {
  const log = emptyLog();
  const ourKeyId = keyFingerprint(key);
  const rawLines = text.split('\n');
  const complete = text.endsWith('\n') || text === '';
  if (!complete) {
    log.problems.push({ line: rawLines.length, problem: 'incomplete', message: 'the last line is cut short (a write that did not finish)' });
  }
  // The last element is '' after a final newline, or a line cut short: neither is a checkpoint.
  const lines = rawLines.slice(0, -1);
  const parsed: Array<{ line: number; text: string; value: CheckpointLine }> = [];
  for (let i = 0; i < lines.length; i++) {
    const lineText = lines[i]!;
    if (lineText.trim() === '') continue;
    try {
      const value = JSON.parse(lineText) as CheckpointLine;
      if (!isLine(value)) throw new Error('shape');
      parsed.push({ line: i + 1, text: lineText, value });
    } catch {
      log.problems.push({ line: i + 1, problem: 'unreadable', message: 'not a checkpoint line' });
    }
  }
  const heads = new Map<string, ChainHead>();
  // null after a line that could not be trusted: the next line's link cannot be judged.
  let expectedPrev: string | null = FIRST_CHECKPOINT_PREV;
  // null after a line that could not be trusted: the next line's number cannot be judged either.
  let expectedSeq: number | null = 1;
  // After an untrusted line the replayed tree lacks its heads: later roots can no longer be recomputed.
  let treeComplete = true;
  for (let i = 0; i < parsed.length; i++) {
    const { line, text: lineText, value } = parsed[i]!;
    const isLast = i === parsed.length - 1;
    log.lastKeyId = value.keyId;
    const { mac, ...fields } = value;
    if (value.keyId !== ourKeyId) {
      log.problems.push({ line, seq: value.seq, problem: 'key', message: `signed with another key (fingerprint ${value.keyId}, this key's is ${ourKeyId})` });
      expectedPrev = null;
      expectedSeq = null;
      treeComplete = false;
      continue;
    }
    if (!sameHex(mac, signCheckpoint(key, fields))) {
      log.problems.push({ line, seq: value.seq, problem: 'signature', message: 'the line was changed after it was written (its signature does not hold)' });
      expectedPrev = null;
      expectedSeq = null;
      treeComplete = false;
      continue;
    }
    if (expectedSeq !== null && value.seq !== expectedSeq) {
      log.problems.push({ line, seq: value.seq, problem: 'sequence', message: `checkpoint ${expectedSeq} expected here: lines are missing or out of order` });
    }
    if (expectedPrev !== null && value.prev !== expectedPrev) {
      log.problems.push({ line, seq: value.seq, problem: 'link', message: 'does not link to the line before it: a line was removed, inserted or changed' });
    }
    for (const [caseId, version, hash] of value.heads) {
      heads.set(caseId, { caseId, version, hash });
      let list = log.byCase.get(caseId);
      if (!list) log.byCase.set(caseId, (list = []));
      list.push({ seq: value.seq, version, hash });
    }
    if (treeComplete && (isLast || heads.size * parsed.length <= ROOT_CHECK_BUDGET)) {
      if (value.count !== heads.size || merkleRoot(heads.values()) !== value.root) {
        log.problems.push({ line, seq: value.seq, problem: 'root', message: 'its Merkle root is not the root of the heads the file records' });
      }
    }
    log.checkpoints.push({ seq: value.seq, at: value.at, count: value.count, root: value.root, line });
    expectedSeq = value.seq + 1;
    expectedPrev = lineHash(lineText);
  }
  const last = parsed.at(-1);
  log.lastLineText = last?.text ?? null;
  log.lastSeq = Math.max(0, ...parsed.map((p) => p.value.seq).filter((s) => Number.isSafeInteger(s)));
  return log;
}

function isLine(v: unknown): v is CheckpointLine {
  const o = v as Partial<CheckpointLine> | null;
  return (
    !!o && typeof o === 'object' && o.v === 1 && Number.isSafeInteger(o.seq) && typeof o.at === 'string' && Number.isSafeInteger(o.count) &&
    typeof o.root === 'string' && typeof o.prev === 'string' && typeof o.keyId === 'string' && typeof o.mac === 'string' && Array.isArray(o.heads) &&
    o.heads.every((h) => Array.isArray(h) && h.length === 3 && typeof h[0] === 'string' && Number.isSafeInteger(h[1]) && typeof h[2] === 'string')
  );
}

/**
 * Appends one line and fsyncs it (and the directory when the file is new). The file is opened for
 * appending only: a checkpoint is never rewritten. A last line cut short by a crash is closed with a
 * newline first, so the new line stays readable.
 */
export function appendCheckpointLine(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  let existed = true;
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    existed = false;
  }
  let prefix = '';
  if (size > 0) {
    const fd = openSync(path, 'r');
    try {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    } finally {
      closeSync(fd);
    }
  }
  const fd = openSync(path, 'a', 0o640);
  try {
    writeSync(fd, `${prefix}${text}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (!existed) {
    try {
      const dir = openSync(dirname(path), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    } catch {
      // Some platforms cannot fsync a directory; the file itself is synced.
    }
  }
}
