import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refreshSqliteStatistics } from './planner-statistics.js';

describe('refreshSqliteStatistics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-stats-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('analyzes a table new to the statistics or grown 2×, else only PRAGMA optimize; the planner then uses them', () => {
    const db = new BetterSqlite3(join(dir, 'stats.db'));
    db.exec('CREATE TABLE cases (id INTEGER PRIMARY KEY, state TEXT, created_at TEXT); CREATE INDEX idx_state ON cases(state); CREATE INDEX idx_created ON cases(created_at)');
    const insert = db.prepare('INSERT INTO cases (state, created_at) VALUES (?, ?)');
    const add = db.transaction((n: number, state: string) => {
      for (let i = 0; i < n; i++) insert.run(state, new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString());
    });
    add(500, 'rectifying');
    expect(refreshSqliteStatistics(db)).toBe('optimized'); // small: no ANALYZE
    add(2000, 'rectifying');
    const plan = () => (db.prepare("EXPLAIN QUERY PLAN SELECT id FROM cases WHERE state = 'rectifying' ORDER BY created_at DESC LIMIT 20").all() as Array<{ detail: string }>).map((r) => r.detail).join(' ');
    expect(refreshSqliteStatistics(db)).toBe('analyzed');
    // Every case has this state: scanning the order index beats reading all of them and sorting.
    expect(plan()).toContain('idx_created');
    expect(refreshSqliteStatistics(db)).toBe('optimized');
    add(1000, 'closed');
    expect(refreshSqliteStatistics(db)).toBe('optimized'); // 1.4×
    add(3000, 'closed');
    expect(refreshSqliteStatistics(db)).toBe('analyzed'); // 2.6× the analyzed size
    db.exec('CREATE INDEX idx_state_created ON cases(state, created_at)'); // a migration's new index
    expect(refreshSqliteStatistics(db)).toBe('analyzed');
    expect(refreshSqliteStatistics(db)).toBe('optimized');
    db.close();
  });
});
