import { CaseWorkflowService } from '@rectify/cases';
import { Database } from '@rectify/database';
import { intParam, param, requiredParam } from './support/bench-params.util.js';
import { runBenchmark, writeResult } from './support/bench-output.util.js';
import { LatencyRecorder, round, runClosedLoop, shuffled } from './support/latency-stats.util.js';
import { benchConfig, benchUsers, casesInProgress, openEngine } from './support/bench-world.js';
import { countHistory, progressEvent } from './support/transition-workload.js';

/**
 * Persisted REPORT_PROGRESS transitions per second through CaseWorkflowService.send (no HTTP), as
 * the bureau of each case's lead unit, `concurrency` commands in flight: on a copy of the seeded
 * SQLite file opened with `synchronous` FULL or NORMAL, or on the benchmark's PostgreSQL database.
 */
async function main(): Promise<void> {
  const url = requiredParam('url');
  const dialect = url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const synchronous = param('sync', 'FULL') === 'NORMAL' ? 'NORMAL' : 'FULL';
  const transitions = intParam('transitions', 20_000);
  const warmup = intParam('warmup', 2_000);
  const concurrency = intParam('concurrency', 32);
  const seed = intParam('order-seed', 1);

  const app = await openEngine(benchConfig(url, synchronous));
  const db = app.get(Database);
  const workflow = app.get(CaseWorkflowService);
  const users = await benchUsers(db);
  const bureauOfUnit = new Map([...users.values()].filter((u) => u.unitId).map((u) => [u.unitId!, u]));
  const order = shuffled(await casesInProgress(db), seed);
  if (order.length < warmup + transitions) console.error(`note: ${warmup + transitions} transitions over ${order.length} cases: some cases get several`);
  const send = (i: number) => {
    const c = order[i % order.length]!;
    return workflow.send(bureauOfUnit.get(c.leadUnitId)!, c.id, progressEvent(i)).then(() => undefined);
  };

  await runClosedLoop(warmup, concurrency, send);
  const before = await countHistory(db);
  const latencies = new LatencyRecorder(transitions);
  const cpu = process.cpuUsage();
  const run = await runClosedLoop(transitions, concurrency, (i) => send(warmup + i), latencies);
  const cpuUs = process.cpuUsage(cpu);
  const persisted = (await countHistory(db)) - before;
  await app.close();
  writeResult({
    benchmark: `engine-${dialect}`,
    synchronous: dialect === 'sqlite' ? synchronous : undefined,
    cases: order.length,
    concurrency,
    transitions,
    persisted,
    errors: run.errors,
    firstError: run.firstError,
    seconds: round(run.elapsedMs / 1000),
    perSecond: round(persisted / (run.elapsedMs / 1000), 0),
    // CPU time of this process per transition: less sensitive than wall time to a busy machine.
    cpuUsPerTransition: round((cpuUs.user + cpuUs.system) / transitions, 1),
    latency: latencies.summary(),
  });
}

runBenchmark(main);
