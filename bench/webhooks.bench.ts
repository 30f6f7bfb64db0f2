import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CaseHooks, CaseWorkflowService } from '@rectify/cases';
import { timeOrderedId } from '@rectify/core';
import { Database } from '@rectify/database';
import { WebhookDeliveryWorker, WebhooksService } from '@rectify/webhooks';
import { intParam, param } from './support/bench-params.util.js';
import { runBenchmark, writeResult } from './support/bench-output.util.js';
import { round, runClosedLoop, shuffled } from './support/latency-stats.util.js';
import { benchConfig, benchUsers, openEngine, seedWorld } from './support/bench-world.js';

/**
 * Webhooks and notifications, in one process on a fresh SQLite file (or `--url=postgres://…`, an
 * empty database): the transition rate with and without a webhook endpoint (alternating rounds),
 * commit-to-delivery latency to a local receiver, the rate at which a backlog drains, and the
 * transition rate of notifying transitions with and without the notification hook.
 * `node dist/bench/webhooks.bench.js [--cases=3000] [--round=3000] [--rounds=3] [--backlog=5000] [--sync=FULL|NORMAL] [--deliver=off]`
 * `--deliver=off`: the delivery worker is stopped, so the ratio is what the transaction's own outbox rows cost
 * (nothing is delivered; only the rate rounds run).
 */
const RECEIVER = `
const { createServer } = require('node:http');
const { performance } = require('node:perf_hooks');
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    process.stdout.write(event.caseId + ':' + event.version + ' ' + (performance.timeOrigin + performance.now()) + '\\n');
    res.writeHead(204).end();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.address().port + '\\n'));
`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-webhooks-bench-'));
  const url = param('url', `sqlite:${join(dir, 'bench.sqlite')}`);
  const sync = param('sync', 'FULL') === 'NORMAL' ? 'NORMAL' : 'FULL';
  const caseCount = intParam('cases', 3000);
  const perRound = intParam('round', 3000);
  const rounds = intParam('rounds', 3);
  const backlog = intParam('backlog', 5000);
  const pairs = intParam('pairs', 250);
  const concurrency = 32;
  const deliver = param('deliver', 'on') !== 'off';

  // The receiver, in its own process (as a real one is): answers 204 at once and reports when each
  // event arrived, on the wall clock both processes share.
  const arrivals = new Map<string, number>();
  let received = 0;
  const receiver = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    createInterface({ input: receiver.stdout! }).on('line', (line) => {
      const [key, at] = line.split(' ');
      if (key === 'port') return resolve(Number(at));
      arrivals.set(key!, Number(at));
      received++;
    });
  });
  const now = () => performance.timeOrigin + performance.now();

  const app = await openEngine({ ...benchConfig(url, sync), webhookAllowedHosts: ['127.0.0.1:*'] });
  await seedWorld(app);
  const db = app.get(Database);
  const workflow = app.get(CaseWorkflowService);
  const webhooks = app.get(WebhooksService);
  const users = await benchUsers(db);
  const inspector = users.get('jx-inspector')!;
  const supervisor = users.get('jx-supervisor')!;
  const bureau = users.get('nc-bureau')!;
  const admin = users.get('admin')!;
  if (!deliver) await app.get(WebhookDeliveryWorker).beforeApplicationShutdown();

  // Cases in rectifying.inProgress, led by 南昌市生态环境局.
  const cases: Array<{ id: string; dueAt: string }> = [];
  await runClosedLoop(caseCount, concurrency, async (i) => {
    const c = await workflow.create(inspector, { title: `基准 ${i}`, description: 'd', source: 'audit', category: 'water', regionCode: '360100' } as never);
    await workflow.send(supervisor, c.id, { type: 'ASSIGN', leadUnitId: bureau.unitId, rectificationWorkingDays: 60 });
    const accepted = await workflow.send(bureau, c.id, { type: 'ACCEPT' });
    cases.push({ id: c.id, dueAt: accepted.rectificationDueAt! });
  });
  const order = shuffled(cases, 7);
  const commits = new Map<string, number>();
  let n = 0;
  const progress = async () => {
    const c = order[n++ % order.length]!;
    const after = await workflow.send(bureau, c.id, { type: 'REPORT_PROGRESS', note: `进展 ${n}` });
    commits.set(`${c.id}:${after.version}`, now());
  };
  const rate = async () => {
    const run = await runClosedLoop(perRound, concurrency, progress);
    if (run.errors) throw new Error(run.firstError);
    return perRound / (run.elapsedMs / 1000);
  };
  const waitForDeliveries = async (count: number, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    while (received < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    if (received < count) throw new Error(`only ${received} of ${count} deliveries arrived`);
  };

  // 1. Transition rate without and with an endpoint subscribed to everything, alternating rounds.
  await rate(); // warm-up
  const hook = await webhooks.create(admin, { url: `http://127.0.0.1:${port}/hook`, events: ['*'] });
  await webhooks.setPaused(admin, hook.id, true);
  const without: number[] = [];
  const withHooks: number[] = [];
  const latencies: number[] = [];
  for (let r = 0; r < rounds; r++) {
    without.push(await rate()); // paused: no delivery is queued
    await webhooks.setPaused(admin, hook.id, false);
    commits.clear();
    arrivals.clear();
    const base = received;
    withHooks.push(await rate());
    if (deliver) {
      await waitForDeliveries(base + perRound);
      for (const [key, committed] of commits) latencies.push(arrivals.get(key)! - committed);
    }
    await webhooks.setPaused(admin, hook.id, true);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  if (!deliver) {
    await app.close();
    receiver.kill();
    if (url.startsWith('sqlite:')) rmSync(dir, { recursive: true, force: true });
    writeResult({
      benchmark: 'webhooks (--deliver=off: outbox rows written, nothing delivered)',
      transitionsPerSecondWithout: without.map((x) => round(x, 0)),
      transitionsPerSecondWithWebhooks: withHooks.map((x) => round(x, 0)),
      ratioWithToWithout: round(median(withHooks) / median(without), 3),
    });
    return;
  }

  // 2. A backlog: rows put in the outbox while the endpoint is paused (a paused endpoint queues no new
  // events, so they are written here as the hook writes them), drained once it resumes.
  const at = new Date().toISOString();
  for (let i = 0; i < backlog; i += 500) {
    await db.write(async (tx) => {
      for (let k = i; k < Math.min(backlog, i + 500); k++) {
        const payload = JSON.stringify({ type: 'case.progress_reported', caseId: 'backlog', caseCode: 'BACKLOG', state: 'rectifying', at, version: k });
        await tx.run(
          `INSERT INTO webhook_deliveries (id, endpoint_id, event_key, event_type, case_id, payload, status, attempts, replay_base, next_attempt_at, created_at)
           VALUES (?, ?, ?, 'case.progress_reported', 'backlog', ?, 'pending', 0, 0, ?, ?)`,
          [`msg_${timeOrderedId()}`, hook.id, `backlog:${k}`, payload, at, at],
        );
      }
    });
  }
  const before = received;
  const drainStart = performance.now();
  await webhooks.setPaused(admin, hook.id, false);
  await waitForDeliveries(before + backlog);
  const drainSeconds = (performance.now() - drainStart) / 1000;
  await webhooks.remove(admin, hook.id);

  // 3. Notifying transitions (REQUEST_EXTENSION then REJECT_EXTENSION: one notification each) with and
  // without the notification hook — taken out of the engine's hook list for the "without" rounds.
  const hooks = app.get(CaseHooks) as unknown as { hooks: Array<{ constructor: { name: string } }> };
  const notificationHook = hooks.hooks.find((h) => h.constructor.name === 'NotificationTransitionHook')!;
  let next = 0;
  const pairRate = async () => {
    const run = await runClosedLoop(pairs, concurrency, async () => {
      const c = order[next++]!;
      const requestedDueAt = new Date(Date.parse(c.dueAt) + 5 * 86400_000).toISOString();
      await workflow.send(bureau, c.id, { type: 'REQUEST_EXTENSION', requestedDueAt, reason: '基准测试' });
      await workflow.send(supervisor, c.id, { type: 'REJECT_EXTENSION', reason: '基准测试' });
    });
    if (run.errors) throw new Error(run.firstError);
    return (2 * pairs) / (run.elapsedMs / 1000);
  };
  const notifyOff: number[] = [];
  const notifyOn: number[] = [];
  for (let r = 0; r < 2; r++) {
    hooks.hooks.splice(hooks.hooks.indexOf(notificationHook), 1);
    notifyOff.push(await pairRate());
    hooks.hooks.push(notificationHook);
    notifyOn.push(await pairRate());
  }
  const notifications = Number((await db.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM notifications'))!.n);

  await app.close();
  receiver.kill();
  if (url.startsWith('sqlite:')) rmSync(dir, { recursive: true, force: true });

  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  writeResult({
    benchmark: 'webhooks',
    database: url.startsWith('sqlite:') ? `sqlite (synchronous=${sync})` : 'postgres',
    cases: caseCount,
    concurrency,
    transitionsPerRound: perRound,
    transitionsPerSecondWithout: without.map((x) => round(x, 0)),
    transitionsPerSecondWithWebhooks: withHooks.map((x) => round(x, 0)),
    ratioWithToWithout: round(median(withHooks) / median(without), 3),
    commitToDeliveryMs: { deliveries: latencies.length, p50: round(pct(latencies, 50), 1), p99: round(pct(latencies, 99), 1), max: round(Math.max(...latencies), 1) },
    backlog: { deliveries: backlog, seconds: round(drainSeconds, 2), perSecond: round(backlog / drainSeconds, 0) },
    notifyingTransitionsPerSecondWithout: notifyOff.map((x) => round(x, 0)),
    notifyingTransitionsPerSecondWith: notifyOn.map((x) => round(x, 0)),
    notificationRatio: round(median(notifyOn) / median(notifyOff), 3),
    notificationsWritten: notifications,
  });
}

runBenchmark(main);
