/** Clocks claimed per sweep transaction: bounds memory and how long one batch holds the write lock. */
export const ESCALATION_SWEEP_BATCH_SIZE = 500;
/** Rows per multi-row INSERT/UPDATE statement (SQLite allows 32 766 bound parameters per statement). */
export const ESCALATION_SQL_CHUNK_ROWS = 200;
