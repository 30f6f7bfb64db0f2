import autocannon, { type AutocannonRequest } from 'autocannon';
import { openDatabase } from '@rectify/database';
import { intParam, param, requiredParam } from './support/bench-params.util.js';
import { runBenchmark, writeResult } from './support/bench-output.util.js';
import { round } from './support/latency-stats.util.js';
import { login, startServer } from './support/server-process.js';

/**
 * Read paths against the size of the database (issue 18): the service started on a database made by
 * `fixtures/scale-seed.ts` (SQLite, or that file loaded into PostgreSQL by `fixtures/load-postgres.ts`),
 * then per endpoint: the **first request** of a freshly started server (its caches — totals, rows,
 * units, prepared statements — cold; the OS page cache is whatever the machine has), the median of
 * 20 requests one at a time with the list total's one-second reuse defeated (a different `batch`
 * value each time is not possible without changing the rows, so each is 1.1 s apart for totals), and
 * the p99 at `--connections` (32) for `--duration` seconds.
 */
const ENDPOINTS: Record<string, { user: string; path: string }> = {
  'list': { user: 'jx-supervisor', path: '/api/v1/cases?pageSize=20' },
  'list-state': { user: 'jx-supervisor', path: '/api/v1/cases?state=rectifying&pageSize=20' },
  'list-dueAt': { user: 'jx-supervisor', path: '/api/v1/cases?sort=dueAt&pageSize=20' },
  'list-overdue': { user: 'jx-supervisor', path: '/api/v1/cases?overdue=true&pageSize=20' },
  'list-bureau': { user: 'jj-bureau', path: '/api/v1/cases?pageSize=20' },
  'list-deep-cursor': { user: 'jx-supervisor', path: 'CURSOR' },
  'list-q': { user: 'jx-supervisor', path: `/api/v1/cases?q=${encodeURIComponent('偷排')}&pageSize=20` },
  // A longer word (more bigrams to intersect) and a case's code (one match among every code's digits).
  'list-q-long': { user: 'jx-supervisor', path: `/api/v1/cases?q=${encodeURIComponent('黑臭水体')}&pageSize=20` },
  'list-q-code': { user: 'jx-supervisor', path: '/api/v1/cases?q=-0000123&pageSize=20' },
  'escalations': { user: 'jx-supervisor', path: '/api/v1/escalations?pageSize=20' },
  'revisits': { user: 'jx-supervisor', path: '/api/v1/revisits?pageSize=20' },
  'scorecards-year': { user: 'jx-supervisor', path: '/api/v1/scorecards?regionCode=360000&from=2025-12-01T00:00:00.000Z&to=2026-12-01T00:00:00.000Z' },
};

async function main(): Promise<void> {
  const url = requiredParam('url');
  const label = param('label', url.startsWith('sqlite:') ? 'sqlite' : 'postgres');
  const connections = intParam('connections', 32);
  const duration = intParam('duration', 5);
  const names = param('endpoints', Object.keys(ENDPOINTS).join(',')).split(',');
  const database = await openDatabase({ url, migrate: false });
  const cases = Number((await database.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM cases'))?.n ?? 0);
  await database.close();

  const server = await startServer(url, param('log', `bench/tmp/scale-${label}.log`));
  const results: Record<string, unknown> = {};
  try {
    const tokens = new Map<string, string>();
    for (const user of new Set(Object.values(ENDPOINTS).map((e) => e.user))) tokens.set(user, `Bearer ${await login(server.base, user)}`);
    const timed = async (path: string, user: string) => {
      const t0 = performance.now();
      const res = await fetch(`${server.base}${path}`, { headers: { authorization: tokens.get(user)! } });
      const body = (await res.json()) as Record<string, unknown>;
      return { ms: performance.now() - t0, status: res.status, body };
    };
    // The deep cursor: 50 pages of 100 in (5,000 rows), walked once, then the same request measured.
    let deep = '/api/v1/cases?pageSize=20';
    if (names.includes('list-deep-cursor')) {
      let cursor: string | null = null;
      for (let i = 0; i < 50; i++) {
        const page = await timed(`/api/v1/cases?pageSize=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 'jx-supervisor');
        cursor = (page.body.nextCursor as string | null) ?? cursor;
      }
      deep = `/api/v1/cases?pageSize=20&cursor=${encodeURIComponent(cursor!)}`;
    }
    const pathOf = (name: string) => (ENDPOINTS[name]!.path === 'CURSOR' ? deep : ENDPOINTS[name]!.path);
    // First requests: each endpoint's first on this process (the cursor walk above warmed only the list's statements).
    const first: Record<string, { ms: number; status: number; total?: unknown; estimate?: unknown }> = {};
    for (const name of names) {
      const r = await timed(pathOf(name), ENDPOINTS[name]!.user);
      first[name] = { ms: round(r.ms, 1), status: r.status, total: r.body.total, estimate: r.body.totalIsEstimate };
    }
    for (const name of names) {
      const alone: number[] = [];
      for (let i = 0; i < 10; i++) {
        alone.push((await timed(pathOf(name), ENDPOINTS[name]!.user)).ms);
        // Past the list total's one-second reuse, so that each request counts.
        await new Promise((resolve) => setTimeout(resolve, 1050));
      }
      alone.sort((a, b) => a - b);
      const request: AutocannonRequest = { method: 'GET', path: pathOf(name), headers: { authorization: tokens.get(ENDPOINTS[name]!.user)! } };
      await autocannon({ url: server.base, connections, duration: 1, timeout: 30, requests: [request] });
      const load = await autocannon({ url: server.base, connections, duration, timeout: 30, requests: [request] });
      results[name] = {
        firstMs: first[name]!.ms,
        status: first[name]!.status,
        total: first[name]!.total,
        totalIsEstimate: first[name]!.estimate,
        aloneMedianMs: round(alone[Math.floor(alone.length / 2)]!, 1),
        perSecond: round(load['2xx'] / load.duration, 0),
        p50Ms: load.latency.p50,
        p99Ms: load.latency.p99,
        non2xx: load.non2xx,
      };
      console.error(`${label} ${cases} ${name}: ${JSON.stringify(results[name])}`);
    }
  } finally {
    await server.stop();
  }
  writeResult({ benchmark: `scale-${label}`, cases, connections, durationSeconds: duration, endpoints: results });
}

runBenchmark(main);
