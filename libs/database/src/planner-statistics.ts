import type BetterSqlite3 from 'better-sqlite3';

/** Tables whose row count ANALYZE is skipped below (a tiny table plans the same with or without statistics). */
const MIN_ROWS = 1_000;
/** A table this many times larger (or smaller) than when last analyzed is analyzed again. */
const GROWTH = 2;

/**
 * SQLite's query planner reads table and index statistics from `sqlite_stat1`, which only ANALYZE
 * writes: a file that never had it plans every list as if each index matched a tenth of its table
 * (issue 18: the default list at 100,000 cases was 194 ms without, 5.7 ms with). Called at start,
 * after bulk changes (seed, 台账 import) and when the writer has changed many rows since the last call.
 *
 * ANALYZE reads every index (about 1 s per 100,000 cases here), so it runs only when a table with at
 * least {@link MIN_ROWS} rows has no statistics (or an index without: added by a migration since) or has
 * grown or shrunk {@link GROWTH}× since; otherwise
 * `PRAGMA optimize` (SQLite's own check, milliseconds). Returns what it did.
 */
export function refreshSqliteStatistics(db: BetterSqlite3.Database): 'analyzed' | 'optimized' {
  const stale = staleTables(db);
  if (stale.length > 0) {
    db.exec('ANALYZE');
    return 'analyzed';
  }
  db.pragma('optimize = 0x10002');
  return 'optimized';
}

function staleTables(db: BetterSqlite3.Database): string[] {
  const hasStats = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'").get() !== undefined;
  const analyzed = new Map<string, number>();
  /** Indexes with statistics: one a migration added since the last ANALYZE has none. */
  const withStats = new Set<string>();
  if (hasStats) {
    for (const row of db.prepare('SELECT tbl, idx, stat FROM sqlite_stat1').all() as Array<{ tbl: string; idx: string | null; stat: string | null }>) {
      const rows = Number(String(row.stat ?? '').split(' ')[0]);
      if (Number.isFinite(rows)) analyzed.set(row.tbl, Math.max(analyzed.get(row.tbl) ?? 0, rows));
      if (row.idx) withStats.add(row.idx);
    }
  }
  const indexesOf = new Map<string, string[]>();
  for (const row of db.prepare("SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' AND tbl_name NOT LIKE 'sqlite_%'").all() as Array<{ name: string; tbl_name: string }>) {
    indexesOf.set(row.tbl_name, [...(indexesOf.get(row.tbl_name) ?? []), row.name]);
  }
  const tables = db
    .prepare("SELECT DISTINCT tbl_name AS name FROM sqlite_schema WHERE type = 'index' AND tbl_name NOT LIKE 'sqlite_%'")
    .all() as Array<{ name: string }>;
  const stale: string[] = [];
  for (const { name } of tables) {
    let rows = approximateRows(db, name);
    if (rows < MIN_ROWS) continue;
    const before = analyzed.get(name);
    const unanalyzedIndex = (indexesOf.get(name) ?? []).some((index) => !withStats.has(index));
    const differs = (n: number) => before === undefined || unanalyzedIndex || n > before * GROWTH || n * GROWTH < before;
    // The largest rowid overstates a table rows were deleted from: confirmed by a count before an ANALYZE.
    if (differs(rows)) rows = exactRows(db, name);
    if (rows >= MIN_ROWS && differs(rows)) stale.push(name);
  }
  return stale;
}

function exactRows(db: BetterSqlite3.Database, table: string): number {
  const row = db.prepare(`SELECT COUNT(*) AS n FROM "${table.replace(/"/g, '""')}"`).get() as { n: number };
  return Number(row.n);
}

/** The largest rowid: one seek, and the row count of a table nothing deletes from (COUNT(*) would read it all). */
function approximateRows(db: BetterSqlite3.Database, table: string): number {
  try {
    const row = db.prepare(`SELECT MAX(_rowid_) AS n FROM "${table.replace(/"/g, '""')}"`).get() as { n: number | null } | undefined;
    return Number(row?.n ?? 0);
  } catch {
    return 0; // WITHOUT ROWID: left to PRAGMA optimize
  }
}
