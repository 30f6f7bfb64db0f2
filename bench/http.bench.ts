import autocannon, { type AutocannonRequest } from 'autocannon';
import { openDatabase } from '@rectify/database';
import { intParam, param, requiredParam } from './support/bench-params.util.js';
import { procCpuMs, procStatusMb, runBenchmark, writeResult } from './support/bench-output.util.js';
import { round, shuffled } from './support/latency-stats.util.js';
import { CASE_REGIONS, IN_PROGRESS } from './support/bench-world.js';
import { login, sampleRss, startServer } from './support/server-process.js';
import { progressEvent } from './support/transition-workload.js';

type Endpoint = 'events' | 'get' | 'list';

/**
 * HTTP on loopback against the real service started as a child process (default durability): autocannon
 * with `connections` connections and real bearer tokens. `events`: POST /cases/:id/events
 * (REPORT_PROGRESS by the lead unit's bureau, spread over every case so version conflicts play no
 * part, no If-Match); `get`: GET /cases/:id by that bureau; `list`: GET /cases?state=rectifying&pageSize=20
 * by the province supervisor. Each endpoint: a warm-up, then `runs` measured runs. The server's RSS
 * is sampled throughout.
 */
async function main(): Promise<void> {
  const url = requiredParam('url');
  const label = param('label', url.startsWith('sqlite:') ? 'sqlite' : 'postgres');
  const duration = intParam('duration', 10);
  const warmupSeconds = intParam('warmup-seconds', 3);
  const connections = intParam('connections', 32);
  const runs = intParam('runs', 3);
  const endpoints = param('endpoints', 'events,get,list').split(',') as Endpoint[];
  const logFile = param('log', `bench/tmp/http-${label}.log`);

  // The targets, read before the server starts (on SQLite the server then owns the file's writes).
  const database = await openDatabase({ url, migrate: false });
  const cases = shuffled(
    await database.all<{ id: string; lead_unit_id: string }>('SELECT id, lead_unit_id FROM cases WHERE state_detail = ? ORDER BY id', [IN_PROGRESS]),
    7,
  );
  const unitUser = new Map(
    (await database.all<{ unit_id: string; username: string }>('SELECT unit_id, username FROM users WHERE unit_id IS NOT NULL')).map((u) => [u.unit_id, u.username]),
  );
  await database.close();
  if (cases.length === 0) throw new Error('no cases in rectifying.inProgress: seed the database first');

  // `--profile-dir=DIR`: the server writes a V8 CPU profile there when it stops (for RESULTS.md).
  const profileDir = param('profile-dir', '');
  const server = await startServer(url, logFile, { nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
  const rssAfterStartMb = await procStatusMb(server.pid, 'VmRSS');
  try {
    const tokens = new Map<string, string>();
    for (const name of new Set([...CASE_REGIONS.map((r) => r.bureau), 'jx-supervisor'])) tokens.set(name, `Bearer ${await login(server.base, name)}`);
    const bearerOfCase = (c: { lead_unit_id: string }) => tokens.get(unitUser.get(c.lead_unit_id)!)!;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleRssMb = await procStatusMb(server.pid, 'VmRSS');

    let next = 0;
    const request = (endpoint: Endpoint): AutocannonRequest => {
      switch (endpoint) {
        case 'events':
          return {
            method: 'POST',
            setupRequest: (req: AutocannonRequest) => {
              const i = next++;
              const c = cases[i % cases.length]!;
              return {
                ...req,
                method: 'POST',
                path: `/api/v1/cases/${c.id}/events`,
                headers: { authorization: bearerOfCase(c), 'content-type': 'application/json' },
                body: JSON.stringify(progressEvent(i)),
              };
            },
          };
        case 'get':
          return {
            method: 'GET',
            setupRequest: (req: AutocannonRequest) => {
              const c = cases[next++ % cases.length]!;
              return { ...req, method: 'GET', path: `/api/v1/cases/${c.id}`, headers: { authorization: bearerOfCase(c) } };
            },
          };
        case 'list':
          return {
            method: 'GET',
            path: '/api/v1/cases?state=rectifying&pageSize=20',
            headers: { authorization: tokens.get('jx-supervisor')! },
          };
      }
    };

    const results: Record<string, unknown> = {};
    const unloaded: Record<string, number> = {};
    let maxRssMb: number | null = null;
    for (const endpoint of endpoints) {
      // One request at a time first: the latency without queueing (what a lone user sees).
      const probe = await autocannon({ url: server.base, connections: 1, amount: 20, timeout: 60, requests: [request(endpoint)] });
      unloaded[endpoint] = probe.latency.p50;
      const load = (seconds: number) => autocannon({ url: server.base, connections, duration: seconds, timeout: 30, requests: [request(endpoint)] });
      await load(warmupSeconds);
      // Requests the warm-up left in flight must not eat into the first measured run.
      await waitForIdle(server.base, tokens.get('jx-supervisor')!);
      const measured = [];
      for (let run = 0; run < runs; run++) {
        const cpuBefore = await procCpuMs(server.pid);
        const clientBefore = process.cpuUsage();
        const { result, maxRssMb: rss } = await sampleRss(server.pid, () => load(duration));
        const clientCpu = process.cpuUsage(clientBefore);
        const cpuMs = (await procCpuMs(server.pid))! - cpuBefore!;
        maxRssMb = Math.max(maxRssMb ?? 0, rss ?? 0);
        measured.push({
          perSecond: round(result['2xx'] / result.duration, 0),
          ok: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count])),
          latency: { meanMs: round(result.latency.average, 2), p50Ms: result.latency.p50, p90Ms: result.latency.p90, p99Ms: result.latency.p99, maxMs: result.latency.max },
          maxRssMb: rss,
          // The server's CPU time per answered request: less sensitive than req/s to a busy machine.
          serverCpuMsPerRequest: round(cpuMs / Math.max(1, result['2xx'] + result.non2xx), 3),
          // The load generator's own CPU per request: it shares the machine's cores with the server.
          clientCpuMsPerRequest: round((clientCpu.user + clientCpu.system) / 1000 / Math.max(1, result['2xx'] + result.non2xx), 3),
        });
        await waitForIdle(server.base, tokens.get('jx-supervisor')!);
        console.error(`${label} ${endpoint} run ${run + 1}: ${measured.at(-1)!.perSecond} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, server CPU ${measured.at(-1)!.serverCpuMsPerRequest} ms/request, load generator ${measured.at(-1)!.clientCpuMsPerRequest} ms/request`);
      }
      results[endpoint] = measured;
    }
    const peakRssMb = await procStatusMb(server.pid, 'VmHWM');
    writeResult({
      benchmark: `http-${label}`,
      cases: cases.length,
      connections,
      durationSeconds: duration,
      startMs: round(server.startMs, 0),
      rssAfterStartMb,
      idleRssMb,
      maxRssUnderLoadMb: maxRssMb,
      peakRssMb,
      unloadedP50Ms: unloaded,
      endpoints: results,
    });
  } finally {
    await server.stop();
  }
}

/** Waits until the server answers a cheap authenticated request promptly (its backlog is drained). */
async function waitForIdle(base: string, bearer: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const t0 = performance.now();
    await fetch(`${base}/api/v1/me`, { headers: { authorization: bearer } });
    if (performance.now() - t0 < 50) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

runBenchmark(main);
