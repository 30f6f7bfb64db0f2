/**
 * How long this instance trusts what it last read of a user's token generation and disabled flag.
 * A change made on this instance takes effect at once (the entry is dropped); one made on another
 * instance within this time.
 */
export const USER_SESSION_CACHE_TTL_MS = 1_000;
/** Users remembered at most. */
export const USER_SESSION_CACHE_SIZE = 10_000;
