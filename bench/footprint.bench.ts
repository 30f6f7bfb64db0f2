import { setTimeout as sleep } from 'node:timers/promises';
import { intParam, param, requiredParam } from './support/bench-params.util.js';
import { procStatusMb, runBenchmark, writeResult } from './support/bench-output.util.js';
import { round } from './support/latency-stats.util.js';
import { startServer } from './support/server-process.js';

/**
 * Footprint of the built tree: cold start (spawn of `node dist/apps/api/src/main.js` to the first
 * healthy GET /api/v1/health) on an existing database, and the idle RSS `settle` seconds later.
 */
async function main(): Promise<void> {
  const url = requiredParam('url');
  const runs = intParam('runs', 3);
  const settleSeconds = intParam('settle', 5);
  const measured = [];
  for (let run = 0; run < runs; run++) {
    const server = await startServer(url, param('log', 'bench/tmp/footprint.log'));
    try {
      await sleep(settleSeconds * 1000);
      measured.push({ startMs: round(server.startMs, 0), idleRssMb: await procStatusMb(server.pid, 'VmRSS'), peakRssMb: await procStatusMb(server.pid, 'VmHWM') });
    } finally {
      await server.stop();
    }
  }
  writeResult({ benchmark: 'footprint', runs: measured });
}

runBenchmark(main);
