import BetterSqlite3 from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { intParam, param, requiredParam } from './support/bench-params.util.js';
import { procStatusMb, runBenchmark, writeResult } from './support/bench-output.util.js';
import { round } from './support/latency-stats.util.js';
import { login, startServer } from './support/server-process.js';

/** The sweep's batch (libs/deadlines ESCALATION_SWEEP_BATCH_SIZE): the reference commits as often. */
const BATCH = 500;

const removeDb = (file: string) => ['', '-wal', '-shm'].forEach((s) => rmSync(file + s, { force: true }));

/**
 * One escalation sweep over the sweep fixture (fixtures/sweep-clocks.js) through the real service:
 * `POST /api/v1/admin/sweep` as admin on a fresh copy (default durability), then a second sweep
 * that finds nothing; the server's peak RSS (VmHWM). Reference: raw better-sqlite3 inserting the
 * same number of escalation rows (same columns, one transaction per 500 rows, synchronous=FULL)
 * into another copy. Each run alternates the two.
 */
async function main(): Promise<void> {
  const fixture = requiredParam('fixture');
  const runs = intParam('runs', 3);
  const work = param('work', 'bench/tmp/sweep-run.sqlite');
  // `--profile-dir=DIR`: the server writes a V8 CPU profile there when it stops.
  const profileDir = param('profile-dir', '');
  const measured = [];
  for (let run = 1; run <= runs; run++) {
    removeDb(work);
    copyFileSync(fixture, work);
    const server = await startServer(`sqlite:${work}`, 'bench/tmp/sweep.log', { nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
    let sweep: { ms: number; report: Record<string, unknown> };
    let again: { ms: number; report: Record<string, unknown> };
    let peakRssMb: number | null;
    try {
      const bearer = `Bearer ${await login(server.base, 'admin')}`;
      const post = async () => {
        const t0 = performance.now();
        const res = await fetch(`${server.base}/api/v1/admin/sweep`, { method: 'POST', headers: { authorization: bearer } });
        const report = (await res.json()) as Record<string, unknown>;
        if (res.status !== 200) throw new Error(`sweep: ${res.status} ${JSON.stringify(report)}`);
        return { ms: performance.now() - t0, report };
      };
      sweep = await post();
      again = await post();
      peakRssMb = await procStatusMb(server.pid, 'VmHWM');
    } finally {
      await server.stop();
    }
    const fired = Number((sweep.report.escalations as { fired?: number } | undefined)?.fired ?? NaN);
    const firedAgain = Number((again.report.escalations as { fired?: number } | undefined)?.fired ?? NaN);

    // The reference: the same number of rows, straight in.
    removeDb(work);
    copyFileSync(fixture, work);
    const db = new BetterSqlite3(work);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const due = db
      .prepare(`SELECT cl.id, cl.case_id, cl.name, cl.due_at, c.region_code, c.lead_unit_id FROM clocks cl JOIN cases c ON c.id = cl.case_id
                 WHERE cl.ended_at IS NULL AND cl.next_threshold_at < ? ORDER BY cl.next_threshold_at`)
      .all(new Date().toISOString()) as Array<Record<string, string>>;
    const insert = db.prepare(
      `INSERT INTO escalations (id, clock_id, case_id, clock_name, level, level_name, target_region_code, target_unit_id, due_at, threshold_at, fired_at, status)
       VALUES (?, ?, ?, ?, 0, 'warning', ?, ?, ?, ?, ?, 'open')`,
    );
    const at = new Date().toISOString();
    const batch = db.transaction((rows: Array<Record<string, string>>) => {
      for (const c of rows) insert.run(randomUUID(), c.id, c.case_id, c.name, c.region_code, c.lead_unit_id, c.due_at, at, at);
    });
    const t0 = performance.now();
    for (let i = 0; i < due.length; i += BATCH) batch(due.slice(i, i + BATCH));
    const rawMs = performance.now() - t0;
    db.close();
    removeDb(work);

    const result = { sweepMs: round(sweep.ms, 0), fired, reportedMs: sweep.report.durationMs, emptySweepMs: round(again.ms, 1), firedAgain, peakRssMb, rawMs: round(rawMs, 0), rawRows: due.length };
    console.error(`sweep run ${run}: ${JSON.stringify(result)}`);
    measured.push(result);
  }
  writeResult({ benchmark: 'sweep', runs: measured });
}

runBenchmark(main);
