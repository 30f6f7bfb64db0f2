import { existsSync } from 'node:fs';
import { POSTGRES_URL } from './test-database.js';

/**
 * What a suite or test needs from the machine. A need that is not met makes Jest SKIP the suite or test
 * (counted as skipped in the summary line, never as passed), with the reason in its name; the skip
 * reporter (test/support/skip-reporter.mjs) lists every skipped test and its reason after the run.
 */
export interface Requirements {
  /** A PostgreSQL server: the suites run on one when DATABASE_URL=postgres://… */
  postgres?: boolean;
  /** A Chromium binary for browser tests: CHROMIUM_PATH, or /usr/bin/chromium. */
  chromium?: boolean;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why `needs` cannot be met on this run, or null when it can. */
export function unmetRequirement(needs: Requirements): string | null {
  if (needs.postgres && !POSTGRES_URL) return 'needs PostgreSQL (run with DATABASE_URL=postgres://…)';
  if (needs.chromium && !existsSync(CHROMIUM_PATH)) {
    // CI (.ci/run) sets REQUIRE_CHROMIUM=1: there a missing browser fails the run instead of skipping.
    if (process.env.REQUIRE_CHROMIUM === '1') throw new Error(`REQUIRE_CHROMIUM=1 but there is no Chromium at ${CHROMIUM_PATH}`);
    return `needs Chromium (none at ${CHROMIUM_PATH}; set CHROMIUM_PATH)`;
  }
  return null;
}

const skippedName = (name: string, reason: string) => `${name} [skipped: ${reason}]`;

/** `describe`, or `describe.skip` with the reason when a requirement is not met (no hook of the suite runs). */
export function describeWith(needs: Requirements, name: string, body: () => void): void {
  const reason = unmetRequirement(needs);
  if (reason) describe.skip(skippedName(name, reason), body);
  else describe(name, body);
}

type TestBody = Parameters<typeof it>[1];

/** `it` when `condition` holds; otherwise `it.skip` with `reason` in the test's name. */
export function itIf(condition: boolean, reason: string): (name: string, body: TestBody, timeout?: number) => void {
  if (condition) return (name, body, timeout) => it(name, body, timeout);
  return (name, body, timeout) => it.skip(skippedName(name, reason), body, timeout);
}

/** `it`, or `it.skip` with the reason when a requirement is not met. */
export function itWith(needs: Requirements): (name: string, body: TestBody, timeout?: number) => void {
  const reason = unmetRequirement(needs);
  return itIf(reason === null, reason ?? '');
}
