// `npm run test:pg [-- jest args]`: the database suites against PostgreSQL (each suite creates and drops
// its own database), as CI's second pass does. Unit specs (*.spec.ts) need no database and ran already
// in `npm test`; *.e2e-spec.ts and the other suites run here.
import { spawnSync } from 'node:child_process';

const url = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : 'postgres://postgres@127.0.0.1:5432/test';
const jest = ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', '--runInBand'];
// The caller's arguments first: --testPathIgnorePatterns takes every argument after it, and a file path
// placed after it would become one more pattern to ignore (and the whole suite would run).
const result = spawnSync(process.execPath, [...jest, ...process.argv.slice(2), '--testPathIgnorePatterns', '/node_modules/', '\\.spec\\.ts$', '\\.browser-spec\\.ts$'], {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url },
});
process.exit(result.status ?? 1);
