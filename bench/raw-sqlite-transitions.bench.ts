import BetterSqlite3 from 'better-sqlite3';
import { createHash, createHmac } from 'node:crypto';
import { DEVELOPMENT_HISTORY_ANCHOR_KEY } from '@rectify/config';
import { canonicalJson } from '@rectify/core';
import { intParam, param, requiredParam } from './support/bench-params.util.js';
import { runBenchmark, writeResult } from './support/bench-output.util.js';
import { LatencyRecorder, round, shuffled } from './support/latency-stats.util.js';
import { IN_PROGRESS } from './support/bench-world.js';
import { progressEvent } from './support/transition-workload.js';
import { HISTORY_COLUMNS, updatedColumns } from './support/case-columns.js';

interface UserRow {
  id: string;
  username: string;
  role: string;
  unit_id: string | null;
}

/**
 * The reference for engine-sqlite: raw better-sqlite3 doing the statements a transition needs —
 * read the case row, version-guarded UPDATE of the same columns, history INSERT with the SHA-256
 * chained hash (the engine's definition, so these rows verify too) — one transaction per
 * transition (BEGIN IMMEDIATE … COMMIT), same file, same pragmas, same durability mode, same cases
 * in the same order. Synchronous and single-threaded: the fastest one connection can do.
 */
async function main(): Promise<void> {
  const file = requiredParam('db');
  const synchronous = param('sync', 'FULL') === 'NORMAL' ? 'NORMAL' : 'FULL';
  const transitions = intParam('transitions', 20_000);
  const warmup = intParam('warmup', 2_000);
  const seed = intParam('order-seed', 1);
  const columns = updatedColumns(param('update-columns', 'changed'));

  const db = new BetterSqlite3(file, { timeout: 10_000 });
  db.pragma('busy_timeout = 10000');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('journal_mode = WAL');

  const users = db.prepare('SELECT id, username, role, unit_id FROM users WHERE unit_id IS NOT NULL').all() as UserRow[];
  const bureauOfUnit = new Map(users.map((u) => [u.unit_id!, u]));
  const cases = db.prepare('SELECT id, lead_unit_id FROM cases WHERE state_detail = ? ORDER BY id').all(IN_PROGRESS) as Array<{ id: string; lead_unit_id: string }>;
  const order = shuffled(cases.map((c) => ({ id: c.id, leadUnitId: c.lead_unit_id })), seed);

  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const select = db.prepare('SELECT * FROM cases WHERE id = ?');
  const update = db.prepare(`UPDATE cases SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND version = ?`);
  const insert = db.prepare(`INSERT INTO case_events (${HISTORY_COLUMNS.join(', ')}) VALUES (${HISTORY_COLUMNS.map(() => '?').join(', ')})`);
  const countHistory = db.prepare('SELECT COUNT(*) AS n FROM case_events').pluck();

  const transition = (i: number): void => {
    const target = order[i % order.length]!;
    const user = bureauOfUnit.get(target.leadUnitId)!;
    const event = progressEvent(i);
    begin.run();
    try {
      const row = select.get(target.id) as Record<string, unknown> | undefined;
      if (!row || row.state_detail !== IN_PROGRESS || row.lead_unit_id !== user.unit_id) throw new Error(`case ${target.id} cannot take ${event.type}`);
      const at = new Date().toISOString();
      const version = Number(row.version);
      const payload = { note: event.note, percent: event.percent, unitId: user.unit_id };
      const body = canonicalJson({
        caseId: target.id,
        seq: version + 1,
        type: event.type,
        actor: { id: user.id, username: user.username, role: user.role, unitId: user.unit_id },
        at,
        from: IN_PROGRESS,
        to: IN_PROGRESS,
        payload,
      });
      const hash = createHash('sha256').update(String(row.history_hash)).update('\n').update(body).digest('hex');
      // The signed head, as the engine writes it (libs/cases/src/history-anchor.util.ts, signHead).
      const mac = createHmac('sha256', DEVELOPMENT_HISTORY_ANCHOR_KEY).update(`rectify-history-head\u0000${target.id}\u0000${version + 1}\u0000${hash}`).digest('hex');
      const next: Record<string, unknown> = { ...row, version: version + 1, history_hash: hash, history_mac: mac, updated_at: at };
      const changed = update.run(...columns.map((c) => next[c]), target.id, version).changes;
      if (changed !== 1) throw new Error(`case ${target.id} changed concurrently`);
      insert.run(target.id, version + 1, event.type, user.id, user.username, user.role, user.unit_id, at, IN_PROGRESS, IN_PROGRESS, JSON.stringify(payload), row.history_hash, hash);
      commit.run();
    } catch (error) {
      if (db.inTransaction) rollback.run();
      throw error;
    }
  };

  for (let i = 0; i < warmup; i++) transition(i);
  const before = countHistory.get() as number;
  const latencies = new LatencyRecorder(transitions);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < transitions; i++) {
    const t0 = performance.now();
    transition(warmup + i);
    latencies.record(performance.now() - t0);
  }
  const elapsedMs = performance.now() - started;
  const cpuUs = process.cpuUsage(cpu);
  const persisted = (countHistory.get() as number) - before;
  db.close();
  writeResult({
    benchmark: 'raw-sqlite',
    synchronous,
    cases: order.length,
    concurrency: 1,
    updateColumns: columns,
    transitions,
    persisted,
    errors: transitions - persisted,
    seconds: round(elapsedMs / 1000),
    perSecond: round(persisted / (elapsedMs / 1000), 0),
    cpuUsPerTransition: round((cpuUs.user + cpuUs.system) / transitions, 1),
    latency: latencies.summary(),
  });
}

runBenchmark(main);
