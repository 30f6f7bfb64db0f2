import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { param } from './bench-params.util.js';

/** Writes a benchmark's result where the orchestrator (scripts/bench.mjs) reads it, and echoes it. */
export function writeResult(result: Record<string, unknown>): void {
  const json = JSON.stringify(result, null, 2);
  const out = param('out', '');
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, json + '\n');
  }
  process.stdout.write(`${json}\n`);
}

/** Reads a value of `/proc/<pid>/status` in MB (VmRSS, VmHWM); null off Linux. */
export async function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number | null> {
  const { readFile } = await import('node:fs/promises');
  try {
    const text = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat; null off Linux. */
export async function procCpuMs(pid: number): Promise<number | null> {
  const { readFile } = await import('node:fs/promises');
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '').split(' ');
    // After "pid (comm) ", utime and stime are fields 12 and 13 (0-based), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Runs `main` and exits non-zero with the message when it fails (children of scripts/bench.mjs). */
export function runBenchmark(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
