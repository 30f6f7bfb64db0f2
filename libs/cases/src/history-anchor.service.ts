import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, ConfigError, type AppConfig } from '@rectify/config';
import { Clock, DomainError, ErrorCode } from '@rectify/core';
import { Database } from '@rectify/database';
import { JurisdictionService, type AuthUser } from '@rectify/identity';
import type { CaseEventRecord, CaseRecord } from './case-record.js';
import { appendCheckpointLine, readCheckpointLog, type CheckpointFileProblem, type CheckpointLog, type CheckpointRecord, type RecordedHead } from './history-checkpoint-file.js';
import { FIRST_CHECKPOINT_PREV, lineHash, merkleRoot, signCheckpoint, type ChainHead, type CheckpointLine } from './history-anchor.util.js';
import { HistoryHeadSigner, type HeadSignature } from './history-head-signer.js';

/** How long a checkpoint writer's lease lasts (a writer that died lets the next one in after this). */
const LEASE_MS = 120_000;
/** At most this many problems are listed by the global verification (the counts cover all). */
const MAX_LISTED = 100;

export interface CheckpointRef {
  seq: number;
  at: string;
}

/** What the checkpoints say about one case (part of `GET /cases/:id/history/verify`). */
export interface CaseAnchorReport {
  /** The head (version, hash) is signed with this instance's HISTORY_ANCHOR_KEY. */
  headSignature: HeadSignature;
  /** The latest checkpoint that includes the case (null: none yet, the case is newer than the latest checkpoint). */
  checkpoint: (CheckpointRef & { version: number; matches: boolean }) | null;
  /** When the chain no longer matches: the last checkpoint that still matches it (null: none does) and the first that does not. */
  divergedSince: { lastMatching: CheckpointRef | null; firstMismatch: CheckpointRef } | null;
  /** The checkpoint file as a whole: how many verified checkpoints, and whether every line holds. */
  checkpointFile: { checkpoints: number; intact: boolean; problems: number };
}

export interface CheckpointSummary extends CheckpointRef {
  count: number;
  root: string;
  /** Heads that changed since the previous checkpoint (written into this line). */
  changed: number;
  /** Heads left out: their signature does not hold, or they moved backwards from what a checkpoint recorded. */
  skipped: number;
}

export interface GlobalVerificationProblem {
  caseId: string;
  code: string | null;
  problem: 'signature' | 'diverged' | 'missing';
  lastMatching?: CheckpointRef | null;
  firstMismatch?: CheckpointRef;
}

export interface GlobalVerification {
  valid: boolean;
  cases: number;
  signatureProblems: number;
  divergedCases: number;
  /** Cases a checkpoint recorded that the database no longer holds. */
  missingCases: number;
  /** Cases newer than the latest checkpoint. */
  notYetCheckpointed: number;
  latestCheckpoint: (CheckpointRef & { count: number; root: string }) | null;
  checkpointFile: { checkpoints: number; intact: boolean; problems: CheckpointFileProblem[] };
  problems: GlobalVerificationProblem[];
}

/**
 * Checkpoints of every case's chain head (docs/security.md, "History anchoring"): a Merkle root over all
 * heads appended to HISTORY_CHECKPOINT_FILE by one instance at a time, and the verification of a case (or
 * of all) against them.
 */
@Injectable()
export class HistoryAnchorService implements OnApplicationBootstrap {
  private readonly logger = new Logger('HistoryAnchor');
  private readonly owner = randomUUID();
  private writing: Promise<unknown> = Promise.resolve();
  private cached: { key: string; log: CheckpointLog } | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HistoryHeadSigner) private readonly signer: HistoryHeadSigner,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
  ) {}

  get file(): string {
    return this.config.historyAnchor.checkpointFile;
  }

  /**
   * A start with another key than the one the database and the file were signed with is refused (it
   * would report every head as tampered, and sign new heads no earlier checkpoint can vouch for).
   * A database from before anchoring gets its heads signed once.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.historyAnchor.developmentKey) {
      this.logger.warn('HISTORY_ANCHOR_KEY is not set: the history is signed with the public development key (refused in production)');
    }
    const keyId = this.signer.keyId;
    await this.db.write((tx) => tx.run('UPDATE history_anchor SET key_id = ? WHERE id = 1 AND key_id IS NULL', [keyId]));
    const row = await this.db.one<{ key_id: string | null; heads_signed_at: string | null }>('SELECT key_id, heads_signed_at FROM history_anchor WHERE id = 1');
    if (row?.key_id && row.key_id !== keyId) {
      throw new ConfigError(
        `HISTORY_ANCHOR_KEY is not the key this database's history was signed with (key fingerprint ${row.key_id} in the database, ${keyId} configured): start with the key in use`,
      );
    }
    const log = await this.log();
    if (log.lastKeyId && log.lastKeyId !== keyId) {
      throw new ConfigError(
        `HISTORY_ANCHOR_KEY is not the key of the checkpoint file ${this.file} (its last line has key fingerprint ${log.lastKeyId}, ${keyId} configured): start with the key in use`,
      );
    }
    if (!row?.heads_signed_at) await this.signUnsignedHeads();
  }

  /** Once per database (the first start after the migration): signs the heads written before anchoring. */
  private async signUnsignedHeads(): Promise<void> {
    const rows = await this.db.all<{ id: string; version: number | string; history_hash: string }>('SELECT id, COALESCE(history_length, version) AS version, history_hash FROM cases WHERE history_mac IS NULL');
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await this.db.write(async (tx) => {
        for (const r of chunk) {
          const head = { caseId: r.id, version: Number(r.version), hash: r.history_hash };
          await tx.run('UPDATE cases SET history_mac = ? WHERE id = ? AND COALESCE(history_length, version) = ? AND history_mac IS NULL', [this.signer.sign(head), r.id, head.version]);
        }
      });
    }
    await this.db.write((tx) => tx.run('UPDATE history_anchor SET heads_signed_at = ? WHERE id = 1', [new Date().toISOString()]));
    if (rows.length > 0) this.logger.log(`signed ${rows.length} chain heads written before anchoring`);
  }

  /** The checkpoint file, verified; re-read only when it changed. */
  async log(): Promise<CheckpointLog> {
    let signature: string;
    try {
      const s = await stat(this.file);
      // ctime too: an edit that keeps the size and puts the mtime back still changes the ctime.
      signature = `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
    } catch {
      signature = 'missing';
    }
    if (this.cached?.key === signature) return this.cached.log;
    const log = await readCheckpointLog(this.file, this.config.historyAnchor.key);
    this.cached = { key: signature, log };
    return log;
  }

  /** `POST /admin/history/checkpoints`. */
  async checkpointFor(user: AuthUser): Promise<CheckpointSummary> {
    await this.jurisdiction.requireNationalAdmin(user, 'write a history checkpoint');
    const summary = await this.checkpoint();
    if (!summary) throw new DomainError(ErrorCode.Conflict, 'Another instance is writing a history checkpoint: try again in a moment');
    return summary;
  }

  /**
   * Writes one checkpoint, unless another instance holds the lease (null). Calls in this process queue
   * behind each other; instances take the lease in the database (one row, a conditional UPDATE: the same
   * on SQLite and PostgreSQL).
   */
  checkpoint(): Promise<CheckpointSummary | null> {
    const run = this.writing.then(() => this.checkpointUnderLease());
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async checkpointUnderLease(): Promise<CheckpointSummary | null> {
    const now = Date.now();
    const claimed = await this.db.write((tx) =>
      tx.run('UPDATE history_anchor SET lease_owner = ?, lease_until = ? WHERE id = 1 AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)', [
        this.owner,
        now + LEASE_MS,
        now,
        this.owner,
      ]),
    );
    if (claimed !== 1) return null;
    try {
      return await this.writeCheckpoint();
    } finally {
      await this.db.write((tx) => tx.run('UPDATE history_anchor SET lease_owner = NULL, lease_until = NULL WHERE id = 1 AND lease_owner = ?', [this.owner]));
    }
  }

  private async writeCheckpoint(): Promise<CheckpointSummary> {
    // Read afresh: another instance may have appended since this one last looked.
    const log = await readCheckpointLog(this.file, this.config.historyAnchor.key);
    const tree = new Map<string, ChainHead>();
    for (const [caseId, list] of log.byCase) {
      const last = list.at(-1)!;
      tree.set(caseId, { caseId, version: last.version, hash: last.hash });
    }
    // One statement: a consistent snapshot of every head on both databases.
    const rows = await this.db.all<{ id: string; version: number | string; history_hash: string; history_mac: string | null }>('SELECT id, COALESCE(history_length, version) AS version, history_hash, history_mac FROM cases');
    const changed: Array<[string, number, string]> = [];
    let skipped = 0;
    for (const r of rows) {
      const head: ChainHead = { caseId: r.id, version: Number(r.version), hash: r.history_hash };
      const recorded = tree.get(r.id);
      if (recorded && recorded.version === head.version && recorded.hash === head.hash) continue;
      if (this.signer.check(head, r.history_mac) !== 'valid' || (recorded && head.version <= recorded.version)) {
        // Not vouched for: a forged head, or one that went back on a checkpoint. Verification reports it.
        skipped += 1;
        continue;
      }
      tree.set(r.id, head);
      changed.push([head.caseId, head.version, head.hash]);
    }
    changed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (skipped > 0) this.logger.warn(`checkpoint: ${skipped} chain heads left out (signature does not hold, or behind a checkpoint): see GET /api/v1/admin/history/verify`);
    const fields: Omit<CheckpointLine, 'mac'> = {
      v: 1,
      seq: log.lastSeq + 1,
      at: this.clock.now().toISOString(),
      count: tree.size,
      root: merkleRoot(tree.values()),
      prev: log.lastLineText === null ? FIRST_CHECKPOINT_PREV : lineHash(log.lastLineText),
      keyId: this.signer.keyId,
      heads: changed,
    };
    const line: CheckpointLine = { ...fields, mac: signCheckpoint(this.config.historyAnchor.key, fields) };
    try {
      appendCheckpointLine(this.file, JSON.stringify(line));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') throw new DomainError(ErrorCode.InsufficientStorage, 'No space left for the history checkpoint file');
      throw error;
    }
    this.cached = null;
    return { seq: fields.seq, at: fields.at, count: fields.count, root: fields.root, changed: changed.length, skipped };
  }

  /** What the checkpoints say about one case, given its chain as the database holds it. */
  async verifyCase(record: CaseRecord, events: readonly CaseEventRecord[]): Promise<CaseAnchorReport> {
    const log = await this.log();
    const headSignature = this.signer.check({ caseId: record.id, version: record.historyLength, hash: record.historyHash }, record.historyMac);
    const checkpointFile = { checkpoints: log.checkpoints.length, intact: log.problems.length === 0, problems: log.problems.length };
    const recorded = log.byCase.get(record.id);
    const latest = log.checkpoints.at(-1);
    if (!recorded || !latest) return { headSignature, checkpoint: null, divergedSince: null, checkpointFile };
    const hashAt = (seq: number) => {
      const e = events[seq - 1];
      return e && e.seq === seq ? e.hash : undefined;
    };
    const { checkpoint, divergedSince } = compareWithCheckpoints(log, recorded, hashAt, latest);
    return { headSignature, checkpoint, divergedSince, checkpointFile };
  }

  /** `GET /admin/history/verify`: every head against its signature and the checkpoints (the chains are not walked). */
  async verifyAllFor(user: AuthUser): Promise<GlobalVerification> {
    await this.jurisdiction.requireNationalAdmin(user, 'verify every case history');
    return this.verifyAll();
  }

  async verifyAll(): Promise<GlobalVerification> {
    const log = await this.log();
    const rows = await this.db.all<{ id: string; code: string; version: number | string; history_hash: string; history_mac: string | null }>(
      'SELECT id, code, COALESCE(history_length, version) AS version, history_hash, history_mac FROM cases ORDER BY id',
    );
    const latest = log.checkpoints.at(-1);
    const problems: GlobalVerificationProblem[] = [];
    let signatureProblems = 0;
    let divergedCases = 0;
    let notYetCheckpointed = 0;
    const present = new Set<string>();
    // Heads at the recorded seq of cases that moved on since: fetched in chunks.
    const needRow: Array<{ caseId: string; seq: number }> = [];
    for (const r of rows) {
      present.add(r.id);
      const head = { caseId: r.id, version: Number(r.version), hash: r.history_hash };
      if (this.signer.check(head, r.history_mac) !== 'valid') {
        signatureProblems += 1;
        if (problems.length < MAX_LISTED) problems.push({ caseId: r.id, code: r.code, problem: 'signature' });
      }
      const recorded = log.byCase.get(r.id)?.at(-1);
      if (!recorded) notYetCheckpointed += 1;
      else if (head.version > recorded.version) needRow.push({ caseId: r.id, seq: recorded.version });
    }
    const hashes = new Map<string, string>();
    for (let i = 0; i < needRow.length; i += 200) {
      const chunk = needRow.slice(i, i + 200);
      const found = await this.db.all<{ case_id: string; seq: number | string; hash: string }>(
        `SELECT case_id, seq, hash FROM case_events WHERE ${chunk.map(() => '(case_id = ? AND seq = ?)').join(' OR ')}`,
        chunk.flatMap((c) => [c.caseId, c.seq]),
      );
      for (const f of found) hashes.set(`${f.case_id}:${Number(f.seq)}`, f.hash);
    }
    for (const r of rows) {
      const list = log.byCase.get(r.id);
      const recorded = list?.at(-1);
      if (!list || !recorded || !latest) continue;
      const version = Number(r.version);
      const current = version === recorded.version ? r.history_hash : version > recorded.version ? hashes.get(`${r.id}:${recorded.version}`) : undefined;
      if (current === recorded.hash) continue;
      divergedCases += 1;
      if (problems.length >= MAX_LISTED) continue;
      // Only for a diverged case: its chain, to find the last checkpoint that still matches.
      const events = await this.db.all<{ seq: number | string; hash: string }>('SELECT seq, hash FROM case_events WHERE case_id = ? ORDER BY seq', [r.id]);
      const bySeq = new Map(events.map((e) => [Number(e.seq), e.hash]));
      const { divergedSince } = compareWithCheckpoints(log, list, (seq) => bySeq.get(seq), latest);
      problems.push({ caseId: r.id, code: r.code, problem: 'diverged', lastMatching: divergedSince?.lastMatching ?? null, ...(divergedSince ? { firstMismatch: divergedSince.firstMismatch } : {}) });
    }
    let missingCases = 0;
    for (const caseId of log.byCase.keys()) {
      if (present.has(caseId)) continue;
      missingCases += 1;
      if (problems.length < MAX_LISTED) problems.push({ caseId, code: null, problem: 'missing' });
    }
    return {
      valid: signatureProblems === 0 && divergedCases === 0 && missingCases === 0 && log.problems.length === 0,
      cases: rows.length,
      signatureProblems,
      divergedCases,
      missingCases,
      notYetCheckpointed,
      latestCheckpoint: latest ? { seq: latest.seq, at: latest.at, count: latest.count, root: latest.root } : null,
      checkpointFile: { checkpoints: log.checkpoints.length, intact: log.problems.length === 0, problems: log.problems.slice(0, MAX_LISTED) },
      problems,
    };
  }
}

/**
 * A case's recorded heads against its chain: the latest checkpoint including it, and when that one no
 * longer matches, the last checkpoint that still does. A recorded head (seq s, version v) stands for every
 * checkpoint from s until the case's next recorded head.
 */
function compareWithCheckpoints(
  log: CheckpointLog,
  recorded: readonly RecordedHead[],
  hashAt: (seq: number) => string | undefined,
  latest: CheckpointRecord,
): Pick<CaseAnchorReport, 'checkpoint' | 'divergedSince'> {
  const ref = (seq: number): CheckpointRef => {
    const c = log.checkpoints.find((x) => x.seq === seq);
    return { seq, at: c?.at ?? '' };
  };
  const last = recorded.at(-1)!;
  const matches = hashAt(last.version) === last.hash;
  const checkpoint = { ...ref(latest.seq), version: last.version, matches };
  if (matches) return { checkpoint, divergedSince: null };
  let firstMismatch = ref(last.seq);
  for (let i = recorded.length - 2; i >= 0; i--) {
    const entry = recorded[i]!;
    if (hashAt(entry.version) === entry.hash) {
      // Matching until the checkpoint before the next recorded head.
      const before = log.checkpoints.filter((c) => c.seq < firstMismatch.seq).at(-1);
      return { checkpoint, divergedSince: { lastMatching: before ? ref(before.seq) : ref(entry.seq), firstMismatch } };
    }
    firstMismatch = ref(entry.seq);
  }
  return { checkpoint, divergedSince: { lastMatching: null, firstMismatch } };
}
