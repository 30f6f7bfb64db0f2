import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILDS = join(ROOT, '.test-build');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A build of the service for tests that run it as a child process (crash tests, several instances).
 * Built once per Jest run into `.test-build/<jest pid>` (inside the repo so node_modules resolve), so
 * it never races with `npm run build` or another engineer's test run; stale builds are removed.
 */
export function ensureBuiltTree(): string {
  const dir = join(BUILDS, String(process.pid));
  const main = join(dir, 'apps/api/src/main.js');
  if (existsSync(join(dir, '.complete'))) return main;
  mkdirSync(BUILDS, { recursive: true });
  for (const entry of readdirSync(BUILDS)) {
    if (/^\d+$/.test(entry) && !alive(Number(entry))) rmSync(join(BUILDS, entry), { recursive: true, force: true });
  }
  rmSync(dir, { recursive: true, force: true });
  const node = process.execPath;
  execFileSync(node, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dir], { cwd: ROOT, stdio: 'pipe' });
  execFileSync(node, [join(ROOT, 'node_modules/tsc-alias/dist/bin/index.js'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dir, '--resolve-full-paths'], { cwd: ROOT, stdio: 'pipe' });
  writeFileSync(join(dir, '.complete'), new Date().toISOString());
  return main;
}
