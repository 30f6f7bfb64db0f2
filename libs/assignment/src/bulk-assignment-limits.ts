/** The most cases one bulk 交办 request may name (an inspection feedback list is dozens to hundreds). */
export const MAX_BULK_ASSIGNMENT_CASES = 500;

/** Cases of one bulk request in flight at once, each in its own transaction (SQLite commits them in groups). */
export const BULK_ASSIGNMENT_CONCURRENCY = 8;
