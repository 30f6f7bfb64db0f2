import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_JWT_SECRET, BENCH_PASSWORD } from './bench-world.js';
import { procStatusMb } from './bench-output.util.js';

/** The built service next to this build of the benchmarks (dist/bench/support → dist/apps/api/src/main.js). */
export const MAIN_JS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'api', 'src', 'main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  child: ChildProcess;
  pid: number;
  base: string;
  /** From spawn to the first healthy GET /api/v1/health, in ms. */
  startMs: number;
  stop(): Promise<void>;
}

/**
 * Starts the real service (`node dist/apps/api/src/main.js`) the way an operator would, with the
 * default durability, no seeding and no periodic sweep; resolves once /api/v1/health says ok.
 */
export async function startServer(
  databaseUrl: string,
  logFile: string,
  opts: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<RunningServer> {
  const port = await freePort();
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    SEED: 'none',
    JWT_SECRET: BENCH_JWT_SECRET,
    LOG_LEVEL: 'warn',
    SWEEP_INTERVAL_SECONDS: '0',
    ...opts.env,
  };
  delete env.SQLITE_SYNCHRONOUS;
  delete env.APP_CLOCK;
  const started = performance.now();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), MAIN_JS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (exited) throw new Error(`the server ${exited} before it was healthy (see ${logFile})`);
    if (performance.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`the server was not healthy within 120 s (see ${logFile})`);
    }
    try {
      const res = await fetch(`${base}/api/v1/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  const startMs = performance.now() - started;
  return {
    child,
    pid: child.pid!,
    base,
    startMs,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
      log.end();
    },
  };
}

export async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Samples the process's resident set while `work` runs: the largest VmRSS seen, and VmHWM after. */
export async function sampleRss<T>(pid: number, work: () => Promise<T>, everyMs = 200): Promise<{ result: T; maxRssMb: number | null }> {
  let max: number | null = null;
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const rss = await procStatusMb(pid, 'VmRSS');
      if (rss !== null) max = Math.max(max ?? 0, rss);
      await sleep(everyMs);
    }
  })();
  try {
    const result = await work();
    return { result, maxRssMb: max };
  } finally {
    sampling = false;
    await loop;
  }
}
