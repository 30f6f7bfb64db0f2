import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '@rectify/config';
import { eventFromRow, hashEvent, type CaseEventRecord } from '@rectify/cases';
import { createApp } from '../../apps/api/src/app.factory.js';
import { caseIn, send, sendOk } from '../support/case-factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 11 item 8: the history chain is an unkeyed SHA-256, so whoever can write the database could
 * rewrite a row and recompute every hash after it. The chain head is now signed with HISTORY_ANCHOR_KEY
 * (not in the database) and checkpoints of every head go to an append-only file: verification catches
 * the rewrite and names the last checkpoint that still matches. On both databases.
 */
describe('history anchoring: signed heads and checkpoints', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t?.close());

  const verify = async (id: string) => (await t.http.get(`/api/v1/cases/${id}/history/verify`).set(await t.auth('admin'))).body;
  const verifyAll = async () => {
    const res = await t.http.get('/api/v1/admin/history/verify').set(await t.auth('admin'));
    expect(res.status).toBe(200);
    return res.body;
  };
  async function checkpoint() {
    const res = await t.http.post('/api/v1/admin/history/checkpoints').set(await t.auth('admin'));
    expect(res.status).toBe(200);
    return res.body as { seq: number; at: string; count: number; root: string; changed: number; skipped: number };
  }
  const progress = (id: string, note: string) => sendOk(t, id, 'nc-bureau', { type: 'REPORT_PROGRESS', note, percent: 50 });

  /**
   * What an attacker with database write access (and without the key) can do: change a row and
   * recompute every unkeyed hash from it on, and the case row's head, so the chain walks clean.
   */
  async function rewriteAndRehash(caseId: string, seq: number, payload: Record<string, unknown>) {
    const rows = (await t.db.all<Record<string, unknown>>('SELECT * FROM case_events WHERE case_id = ? ORDER BY seq', [caseId])).map(eventFromRow);
    let prev = rows[seq - 2]?.hash ?? '0'.repeat(64);
    const rewritten: CaseEventRecord[] = [];
    for (const row of rows.slice(seq - 1)) {
      const base = { ...row, prevHash: prev, payload: row.seq === seq ? payload : row.payload };
      const next = { ...base, hash: hashEvent(base) };
      rewritten.push(next);
      prev = next.hash;
    }
    await t.db.write(async (tx) => {
      if (tx.dialect === 'postgres') await tx.run('ALTER TABLE case_events DISABLE TRIGGER case_events_no_update');
      for (const r of rewritten) {
        await tx.run('UPDATE case_events SET payload = ?, prev_hash = ?, hash = ? WHERE case_id = ? AND seq = ?', [JSON.stringify(r.payload), r.prevHash, r.hash, caseId, r.seq]);
      }
      if (tx.dialect === 'postgres') await tx.run('ALTER TABLE case_events ENABLE TRIGGER case_events_no_update');
      await tx.run('UPDATE cases SET history_hash = ? WHERE id = ?', [prev, caseId]);
    });
  }

  it('keeps normal transitions valid: signed heads, and each checkpoint matches the chain as it grows', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const before = await verify(c.id);
    expect(before).toMatchObject({ valid: true, chainIntact: true, length: 3, anchor: { headSignature: 'valid', checkpoint: null, divergedSince: null } });
    const first = await checkpoint();
    expect(first.changed).toBeGreaterThanOrEqual(1);
    expect(first.skipped).toBe(0);
    expect(await verify(c.id)).toMatchObject({ valid: true, anchor: { headSignature: 'valid', checkpoint: { seq: first.seq, version: 3, matches: true } } });
    await progress(c.id, '推进中');
    // Moved on since the checkpoint: still matching (the row the checkpoint recorded is unchanged).
    expect(await verify(c.id)).toMatchObject({ valid: true, length: 4, anchor: { headSignature: 'valid', checkpoint: { seq: first.seq, version: 3, matches: true } } });
    const second = await checkpoint();
    expect(second.seq).toBe(first.seq + 1);
    expect(await verify(c.id)).toMatchObject({ valid: true, anchor: { checkpoint: { seq: second.seq, version: 4, matches: true }, checkpointFile: { intact: true } } });
    expect(await verifyAll()).toMatchObject({ valid: true, signatureProblems: 0, divergedCases: 0, missingCases: 0, checkpointFile: { intact: true, problems: [] } });
  });

  it('finds a row rewritten with every unkeyed hash recomputed, and names the last checkpoint that still matches', async () => {
    const c = await caseIn(t, 'rectifying.inProgress'); // 3 rows
    const atThree = await checkpoint();
    await progress(c.id, '第一次进展');
    await progress(c.id, '第二次进展'); // 5 rows
    const atFive = await checkpoint();
    expect(await verify(c.id)).toMatchObject({ valid: true, anchor: { checkpoint: { seq: atFive.seq, version: 5, matches: true } } });

    await rewriteAndRehash(c.id, 4, { note: '伪造的进展', percent: 100 });
    const after = await verify(c.id);
    // The unkeyed chain walks clean: that is exactly the attack.
    expect(after.chainIntact).toBe(true);
    expect(after.valid).toBe(false);
    expect(after.anchor.headSignature).toBe('invalid');
    expect(after.anchor.checkpoint).toMatchObject({ seq: atFive.seq, version: 5, matches: false });
    // Rows 1–3 still hold what checkpoint `atThree` recorded; every checkpoint from `atFive` on does not.
    expect(after.anchor.divergedSince).toEqual({
      lastMatching: { seq: atFive.seq - 1, at: expect.any(String) },
      firstMismatch: { seq: atFive.seq, at: atFive.at },
    });
    expect(after.anchor.divergedSince.lastMatching.seq).toBeGreaterThanOrEqual(atThree.seq);

    const all = await verifyAll();
    expect(all.valid).toBe(false);
    expect(all.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ caseId: c.id, problem: 'signature' }),
        expect.objectContaining({ caseId: c.id, problem: 'diverged', firstMismatch: { seq: atFive.seq, at: atFive.at } }),
      ]),
    );
    // The next checkpoint does not vouch for the forged head: the divergence stays visible.
    const later = await checkpoint();
    expect(later.skipped).toBeGreaterThanOrEqual(1);
    expect((await verify(c.id)).anchor).toMatchObject({ checkpoint: { seq: later.seq, version: 5, matches: false }, divergedSince: { firstMismatch: { seq: atFive.seq } } });
  });

  it('says no checkpoint matches when the rewrite reaches back before the first that includes the case', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const cp = await checkpoint();
    await rewriteAndRehash(c.id, 2, { leadUnitId: t.fixture.units.ncEeb, coUnitIds: [], rectificationWorkingDays: 99 });
    const after = await verify(c.id);
    expect(after).toMatchObject({ valid: false, chainIntact: true, anchor: { headSignature: 'invalid', checkpoint: { seq: expect.any(Number), version: 3, matches: false } } });
    expect(after.anchor.divergedSince).toEqual({ lastMatching: null, firstMismatch: { seq: cp.seq, at: cp.at } });
  });

  it('finds a truncated chain (last rows deleted, head set back) although the old head was validly signed', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const oldHead = await t.db.one<{ history_hash: string; history_mac: string }>('SELECT history_hash, history_mac FROM cases WHERE id = ?', [c.id]);
    await progress(c.id, '进展');
    await checkpoint();
    // Roll the case back to version 3 with the signature it had then (an attacker who kept a copy).
    await t.db.write(async (tx) => {
      if (tx.dialect === 'postgres') await tx.run('ALTER TABLE case_events DISABLE TRIGGER case_events_no_update');
      await tx.run('DELETE FROM case_events WHERE case_id = ? AND seq = 4', [c.id]);
      if (tx.dialect === 'postgres') await tx.run('ALTER TABLE case_events ENABLE TRIGGER case_events_no_update');
      await tx.run('UPDATE cases SET version = 3, history_length = 3, history_hash = ?, history_mac = ? WHERE id = ?', [oldHead!.history_hash, oldHead!.history_mac, c.id]);
    });
    const after = await verify(c.id);
    expect(after).toMatchObject({ valid: false, chainIntact: true, length: 3, anchor: { headSignature: 'valid', checkpoint: { version: 4, matches: false } } });
  });

  it('finds a checkpoint line changed in the file, and a line removed from it', async () => {
    const c = await caseIn(t, 'assigned');
    await checkpoint();
    await checkpoint();
    const original = readFileSync(t.checkpointFile, 'utf8');
    const lines = original.trimEnd().split('\n');
    const i = lines.length - 2;
    const line = JSON.parse(lines[i]!);
    line.count += 1;
    writeFileSync(t.checkpointFile, [...lines.slice(0, i), JSON.stringify(line), ...lines.slice(i + 1)].join('\n') + '\n');
    const all = await verifyAll();
    expect(all.valid).toBe(false);
    expect(all.checkpointFile.intact).toBe(false);
    expect(all.checkpointFile.problems).toEqual([expect.objectContaining({ line: i + 1, seq: line.seq, problem: 'signature' })]);
    expect((await verify(c.id)).anchor.checkpointFile).toMatchObject({ intact: false, problems: 1 });

    // A line taken out: the next one no longer links to the line before it, its number skips, and its root
    // covers a head (this case's) that no remaining line records.
    writeFileSync(t.checkpointFile, [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n') + '\n');
    const removed = await verifyAll();
    expect(removed.checkpointFile.problems.map((p: { problem: string }) => p.problem).sort()).toEqual(['link', 'root', 'sequence']);

    writeFileSync(t.checkpointFile, original);
    expect((await verifyAll()).checkpointFile).toMatchObject({ intact: true, problems: [] });
  });

  it('refuses a start with another key than the database and the checkpoint file were signed with', async () => {
    const config = (env: Record<string, string>) =>
      loadConfig(
        { SEED: 'none', SWEEP_INTERVAL_SECONDS: '0', HISTORY_CHECKPOINT_INTERVAL_SECONDS: '0', LOG_LEVEL: 'error', ATTACHMENTS_DIR: t.attachmentsDir, ...env },
        { databaseUrl: t.database.url, jwtSecret: 'test-secret', sqliteSynchronous: 'NORMAL' },
      );
    const other = 'another-history-anchor-key-of-at-least-32-bytes';
    const app = await createApp(config({ HISTORY_ANCHOR_KEY: other, HISTORY_CHECKPOINT_FILE: t.checkpointFile }), { swaggerUi: false });
    await expect(app.init()).rejects.toThrow(/HISTORY_ANCHOR_KEY is not the key this database's history was signed with/);
    await app.close().catch(() => undefined);

    // The same key as the database but the checkpoint file of another key: refused too, naming the file.
    const foreign = `${t.checkpointFile}.foreign`;
    writeFileSync(foreign, readFileSync(t.checkpointFile, 'utf8').replace(/"keyId":"[0-9a-f]+"/g, '"keyId":"0123456789abcdef"'));
    const second = await createApp(config({ HISTORY_CHECKPOINT_FILE: foreign }), { swaggerUi: false });
    await expect(second.init()).rejects.toThrow(/HISTORY_ANCHOR_KEY is not the key of the checkpoint file/);
    await second.close().catch(() => undefined);

    // The service that is running still verifies everything it wrote.
    expect((await verifyAll()).checkpointFile.intact).toBe(true);
  });

  it('writes checkpoints on its own every HISTORY_CHECKPOINT_INTERVAL_SECONDS', async () => {
    const file = `${t.checkpointFile}.scheduled`;
    const scheduled = await startTestApp({ database: t.database, fixture: false, env: { HISTORY_CHECKPOINT_FILE: file, HISTORY_CHECKPOINT_INTERVAL_SECONDS: '1' } });
    try {
      const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').filter(Boolean) : []);
      const deadline = Date.now() + 20_000;
      while (lines().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const written = lines().map((l) => JSON.parse(l) as { seq: number; count: number });
      expect(written.length).toBeGreaterThanOrEqual(2);
      expect(written.slice(0, 2).map((l) => l.seq)).toEqual([1, 2]);
      expect(written[0]!.count).toBeGreaterThan(0);
    } finally {
      await scheduled.app.close();
    }
  }, 60_000);

  it('writes consistent checkpoints while transitions run, from two instances at once', async () => {
    // A second instance on the same database and the same file (as two processes on shared storage).
    const second = await startTestApp({ database: t.database, fixture: false, env: { HISTORY_CHECKPOINT_FILE: t.checkpointFile } });
    try {
      const cases = await Promise.all(Array.from({ length: 4 }, () => caseIn(t, 'rectifying.inProgress')));
      const admin = await t.auth('admin');
      const secondAdmin = await second.auth('admin');
      const lineCount = () => readFileSync(t.checkpointFile, 'utf8').trimEnd().split('\n').length;
      const linesBefore = lineCount();
      const checkpoints: Array<Promise<{ status: number }>> = [];
      const transitions: Array<Promise<{ status: number }>> = [];
      for (let round = 0; round < 6; round++) {
        for (const c of cases) transitions.push(send(t, c.id, 'nc-bureau', { type: 'REPORT_PROGRESS', note: `第 ${round} 轮`, percent: 10 * round }));
        checkpoints.push(t.http.post('/api/v1/admin/history/checkpoints').set(admin).then((r) => r));
        checkpoints.push(second.http.post('/api/v1/admin/history/checkpoints').set(secondAdmin).then((r) => r));
      }
      const results = await Promise.all([...transitions, ...checkpoints]);
      // Transitions: applied or a clean version conflict; checkpoints: written, or 409 while the other instance held the lease.
      for (const r of results) expect([200, 409]).toContain(r.status);
      // Every 200 is exactly one line appended (none lost, none twice), and at least one got through.
      const written = (await Promise.all(checkpoints)).filter((r) => r.status === 200).length;
      expect(written).toBeGreaterThanOrEqual(1);
      expect(lineCount()).toBe(linesBefore + written);
      await checkpoint();
      const seqs = readFileSync(t.checkpointFile, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).seq as number);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const all = await verifyAll();
      expect(all.checkpointFile).toMatchObject({ intact: true, problems: [] });
      // (Earlier tests left forged cases behind; none of these is among the problems.)
      expect(all.problems.filter((p: { caseId: string }) => cases.some((c) => c.id === p.caseId))).toEqual([]);
      for (const c of cases) {
        const v = await verify(c.id);
        expect(v).toMatchObject({ valid: true, chainIntact: true, anchor: { headSignature: 'valid', checkpoint: { matches: true } } });
        expect(v.anchor.checkpoint.version).toBe(v.length);
      }
    } finally {
      await second.app.close();
    }
  }, 120_000);
});

