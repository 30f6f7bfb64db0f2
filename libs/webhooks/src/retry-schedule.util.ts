/** Waits after each failed attempt: 1 min, 5 min, 30 min, 2 h, 12 h; after the sixth failure, dead. */
export const RETRY_DELAYS_SECONDS = [60, 300, 1800, 7200, 43200] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** ±20 % so that endpoints that failed together do not retry together. */
export const RETRY_JITTER = 0.2;

/**
 * When to try again after failed attempt number `failed` of the series (1-based), or null when the
 * series is over and the delivery goes to the dead letters. `random` in [0, 1).
 */
export function nextAttemptAt(now: Date, failed: number, random: number = Math.random()): Date | null {
  const delay = RETRY_DELAYS_SECONDS[failed - 1];
  if (delay === undefined) return null;
  const factor = 1 - RETRY_JITTER + 2 * RETRY_JITTER * random;
  return new Date(now.getTime() + Math.round(delay * 1000 * factor));
}
