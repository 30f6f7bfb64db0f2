import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuiltTree } from './built-tree.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * No scheduled history checkpoints, and on PostgreSQL a checkpoint file per database in the temp
 * directory (the default, `data/` of the working directory, would be shared by every suite).
 */
function checkpointDefaults(env: Record<string, string>): Record<string, string> {
  const url = env.DATABASE_URL ?? process.env.DATABASE_URL ?? '';
  const pg = /^postgres(ql)?:\/\//.test(url) ? /\/([^/?]+)(\?|$)/.exec(url.replace(/^postgres(ql)?:\/\/[^/]*/, ''))?.[1] : undefined;
  return {
    HISTORY_CHECKPOINT_INTERVAL_SECONDS: '0',
    ...(pg ? { HISTORY_CHECKPOINT_FILE: join(tmpdir(), `rectify-checkpoints-${pg}.jsonl`) } : {}),
  };
}

/** The real service as a child process, to be killed and restarted. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private output = '';
  readonly base: string;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.base = `http://127.0.0.1:${port}/api/v1`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** `extraEnv` applies to this start only (say, `RECTIFY_TEST_PAUSE_AT` for one crash). */
  async start(timeoutMs = 30_000, extraEnv: Record<string, string> = {}): Promise<void> {
    const main = ensureBuiltTree();
    this.output = '';
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', SWEEP_INTERVAL_SECONDS: '0', JWT_SECRET: 'reliability-secret', ...checkpointDefaults(this.env), ...this.env, ...extraEnv, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (this.output += String(d)));
    child.stderr!.on('data', (d) => (this.output += String(d)));
    this.child = child;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}:\n${this.output}`);
      try {
        const res = await fetch(`${this.base}/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`service did not become healthy:\n${this.output}`);
  }

  /**
   * Resolves true once the service has printed a line matching `pattern` (say, the
   * `rectify-test-pause …` line of libs/core's testPause), false after `timeoutMs` or if it exits.
   */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (pattern.test(this.output)) return true;
      if (!this.child || this.child.exitCode !== null) return false;
      await sleep(2);
    }
    return pattern.test(this.output);
  }

  /** SIGKILL: no shutdown hooks, no flush — what a power cut looks like to the process. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }

  get log(): string {
    return this.output;
  }
}

/** A small JSON client for the real service. */
export class ApiClient {
  constructor(private readonly base: string) {}

  async call(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  }

  async ok(method: string, path: string, token: string | null, body?: unknown): Promise<any> {
    const res = await this.call(method, path, token, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async login(username: string, password: string): Promise<string> {
    return (await this.ok('POST', '/auth/login', null, { username, password })).accessToken;
  }
}
