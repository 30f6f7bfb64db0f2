/** Failed logins of one username within the window before it is locked (docs/administration.md). */
export const LOGIN_MAX_FAILURES_PER_USERNAME = 5;
/** Failed logins from one client address within the window before it is refused. */
export const LOGIN_MAX_FAILURES_PER_ADDRESS = 20;
/** The window failures are counted in, and how long a lockout lasts once the limit is reached. */
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_LOCKOUT_MS = 15 * 60 * 1000;
/** Keys remembered at most (each a username or an address with recent failures). */
export const LOGIN_THROTTLE_MAX_KEYS = 100_000;
