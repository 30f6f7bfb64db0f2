import { createHash, createHmac } from 'node:crypto';
import { DEVELOPMENT_HISTORY_ANCHOR_KEY } from '@rectify/config';
import pg from 'pg';
import { canonicalJson } from '@rectify/core';
import { intParam, param, requiredParam } from './support/bench-params.util.js';
import { runBenchmark, writeResult } from './support/bench-output.util.js';
import { LatencyRecorder, round, runClosedLoop, shuffled } from './support/latency-stats.util.js';
import { IN_PROGRESS } from './support/bench-world.js';
import { progressEvent } from './support/transition-workload.js';
import { HISTORY_COLUMNS, updatedColumns } from './support/case-columns.js';

/** The engine's pool size on PostgreSQL (openDatabase's default): the reference gets the same. */
const POOL_SIZE = 10;

const SELECT = { name: 'bench-select-case', text: 'SELECT * FROM cases WHERE id = $1 FOR UPDATE' };
const updateStatement = (columns: readonly string[]) => ({
  name: `bench-update-case-${columns.length}`,
  text: `UPDATE cases SET ${columns.map((c, i) => `${c} = $${i + 1}`).join(', ')} WHERE id = $${columns.length + 1} AND version = $${columns.length + 2}`,
});
const INSERT = {
  name: 'bench-insert-event',
  text: `INSERT INTO case_events (${HISTORY_COLUMNS.join(', ')}) VALUES (${HISTORY_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
};

/**
 * The reference for engine-postgres: raw `pg` with named (prepared) statements, a pool of the
 * engine's size, the same concurrency, one transaction per transition: lock and read the case row,
 * version-guarded UPDATE of the same columns, history INSERT with the chained SHA-256 hash.
 */
async function main(): Promise<void> {
  const url = requiredParam('url');
  const transitions = intParam('transitions', 20_000);
  const warmup = intParam('warmup', 2_000);
  const concurrency = intParam('concurrency', 32);
  const seed = intParam('order-seed', 1);
  const columns = updatedColumns(param('update-columns', 'changed'));
  const UPDATE = updateStatement(columns);
  // `--prepared=0`: unnamed statements (parsed and planned on every call, as TypeORM sends them), to size that cost.
  const prepared = param('prepared', '1') !== '0';
  const q = (statement: { name: string; text: string }, values: unknown[]) => (prepared ? { ...statement, values } : { text: statement.text, values });

  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  const users = (await pool.query<{ id: string; username: string; role: string; unit_id: string }>('SELECT id, username, role, unit_id FROM users WHERE unit_id IS NOT NULL')).rows;
  const bureauOfUnit = new Map(users.map((u) => [u.unit_id, u]));
  const cases = (await pool.query<{ id: string; lead_unit_id: string }>('SELECT id, lead_unit_id FROM cases WHERE state_detail = $1 ORDER BY id', [IN_PROGRESS])).rows;
  const order = shuffled(cases.map((c) => ({ id: c.id, leadUnitId: c.lead_unit_id })), seed);

  const transition = async (i: number): Promise<void> => {
    const target = order[i % order.length]!;
    const user = bureauOfUnit.get(target.leadUnitId)!;
    const event = progressEvent(i);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const row = (await client.query<Record<string, unknown>>(q(SELECT, [target.id]))).rows[0];
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
      const changed = (await client.query(q(UPDATE, [...columns.map((c) => next[c]), target.id, version]))).rowCount;
      if (changed !== 1) throw new Error(`case ${target.id} changed concurrently`);
      await client.query(
        q(INSERT, [target.id, version + 1, event.type, user.id, user.username, user.role, user.unit_id, at, IN_PROGRESS, IN_PROGRESS, JSON.stringify(payload), row.history_hash, hash]),
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  const countHistory = async () => Number((await pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM case_events')).rows[0]!.n);
  await runClosedLoop(warmup, concurrency, transition);
  const before = await countHistory();
  const latencies = new LatencyRecorder(transitions);
  const cpu = process.cpuUsage();
  const run = await runClosedLoop(transitions, concurrency, (i) => transition(warmup + i), latencies);
  const cpuUs = process.cpuUsage(cpu);
  const persisted = (await countHistory()) - before;
  await pool.end();
  writeResult({
    benchmark: 'raw-postgres',
    cases: order.length,
    concurrency,
    poolSize: POOL_SIZE,
    prepared,
    updateColumns: columns,
    transitions,
    persisted,
    errors: run.errors,
    firstError: run.firstError,
    seconds: round(run.elapsedMs / 1000),
    perSecond: round(persisted / (run.elapsedMs / 1000), 0),
    cpuUsPerTransition: round((cpuUs.user + cpuUs.system) / transitions, 1),
    latency: latencies.summary(),
  });
}

runBenchmark(main);
