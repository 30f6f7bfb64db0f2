/**
 * Test-only crash points. The crash tests start the service with `RECTIFY_TEST_PAUSE_AT=<point>:<n>`:
 * the n-th time the code reaches `<point>` (inside a write transaction, after its statements, before
 * its commit) the process prints `rectify-test-pause <point> <n>` on stdout and holds the transaction
 * open for 30 s, so that the test's SIGKILL lands inside the work rather than around it.
 *
 * Without the variable (production) this is one comparison: no output, no wait.
 */
const ARMED = /^([a-z-]+):(\d+)$/.exec(process.env.RECTIFY_TEST_PAUSE_AT ?? '');
const HOLD_MS = 30_000;
let reached = 0;

/** The crash points the service offers the tests. */
export type TestPausePoint = 'sweep-transaction' | 'transition-transaction';

export async function testPause(point: TestPausePoint): Promise<void> {
  if (!ARMED || ARMED[1] !== point) return;
  if (++reached !== Number(ARMED[2])) return;
  process.stdout.write(`rectify-test-pause ${point} ${reached}\n`);
  await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
}
