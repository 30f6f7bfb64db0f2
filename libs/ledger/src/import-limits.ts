/** Data rows one import may hold. */
export const IMPORT_MAX_ROWS = 20_000;
/** Largest file accepted (bytes). */
export const IMPORT_MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Rows committed between two progress updates; each row is its own transaction. */
export const IMPORT_COMMIT_BATCH_ROWS = 100;
/** Row transactions in flight at once while committing (SQLite groups them into one commit). */
export const IMPORT_COMMIT_CONCURRENCY = 8;
/** Errors listed in an import's progress view (all rows: GET /imports/:id/rows). */
export const IMPORT_PROGRESS_ERRORS = 200;
