import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intParam } from './support/bench-params.util.js';
import { startServer } from './support/server-process.js';

/**
 * Issue 11 item 2: the p99 of GET /cases/:id (one client, requests one after another) while 8
 * connections flood the anonymous POST /auth/login with hostile 1 MB bodies (95,000 keys; 10,000-deep
 * nesting), against a quiet baseline. SQLite file with the demo seed. Target: p99 ≤ 50 ms.
 * `node dist/bench/hostile-bodies.bench.js [--duration=8]`
 */
async function main(): Promise<void> {
  const duration = intParam('duration', 8);
  const dir = mkdtempSync(join(tmpdir(), 'rectify-hostile-'));
  const server = await startServer(`sqlite:${join(dir, 'bench.sqlite')}`, join(dir, 'server.log'), { env: { SEED: 'demo' } });
  try {
    const login = await fetch(`${server.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'jx-supervisor', password: 'rectify-demo-2026' }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const auth = { Authorization: `Bearer ${token}` };
    const list = (await (await fetch(`${server.base}/api/v1/cases?pageSize=1`, { headers: auth })).json()) as { items: Array<{ id: string }> };
    const url = `${server.base}/api/v1/cases/${list.items[0]!.id}`;

    const sample = async (seconds: number) => {
      const times: number[] = [];
      const end = performance.now() + seconds * 1000;
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await fetch(url, { headers: auth });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET /cases/:id ${res.status}`);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
      return { requests: times.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
    };

    const baseline = await sample(Math.max(2, Math.floor(duration / 2)));
    const keys = `{${Array.from({ length: 95_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const flood = autocannon({
      url: `${server.base}/api/v1/auth/login`,
      connections: 8,
      duration,
      requests: [
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: keys },
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep },
      ],
    });
    const underFlood = await sample(duration - 1);
    const floodResult = await flood;
    const result = {
      baseline,
      underFlood,
      flood: { requests: floodResult.requests.total, perSecond: Math.round(floodResult.requests.average), statusCodes: floodResult.statusCodeStats, errors: floodResult.errors },
      targetP99Ms: 50,
      pass: underFlood.p99Ms <= 50,
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
