import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Sqlite from 'better-sqlite3';
import { openDatabase } from './data-source.factory.js';
import { CHECKPOINT_INTERVAL_MS, WalCheckpointer } from './wal-checkpointer.js';

describe('WAL checkpoints off the commit path (SQLite file)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rectify-wal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const blob = 'x'.repeat(4000); // about one 4 KiB page per row

  it('keeps the WAL bounded although the writer never checkpoints, and leaves no WAL after close', async () => {
    const file = join(dir, 'db.sqlite');
    const db = await openDatabase({ url: `sqlite:${file}` });
    const rounds = 6;
    const rowsPerRound = 800;
    try {
      await db.run('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
      for (let round = 0; round < rounds; round++) {
        await db.write(async (tx) => {
          for (let i = 0; i < rowsPerRound; i++) await tx.run('INSERT INTO filler (body) VALUES (?)', [blob]);
        });
        await sleep(CHECKPOINT_INTERVAL_MS * 3);
      }
      // Without checkpoints the WAL would hold every page written (> 4,800 pages, ~20 MB); checkpointed
      // between rounds, SQLite restarts it from the beginning and it stays near one round's size.
      const walBytes = statSync(`${file}-wal`).size;
      expect(walBytes).toBeLessThan(rounds * rowsPerRound * 4096 * 0.5);
      expect((await db.one<{ n: number }>('SELECT COUNT(*) AS n FROM filler'))?.n).toBe(rounds * rowsPerRound);
    } finally {
      await db.close();
    }
    expect(existsSync(`${file}-wal`)).toBe(false);
    const check = new Sqlite(file, { readonly: true });
    expect((check.prepare('SELECT COUNT(*) AS n FROM filler').get() as { n: number }).n).toBe(rounds * rowsPerRound);
    check.close();
  });

  it('truncates a WAL that outgrew its limit under writes that never pause', async () => {
    const file = join(dir, 'busy.sqlite');
    const limit = 2 * 1024 * 1024;
    const db = await openDatabase({ url: `sqlite:${file}`, walLimitBytes: limit });
    const groups = 40;
    const rowsPerGroup = 200;
    try {
      await db.run('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
      // All queued at once: the queue commits them back to back, with no pause for the worker.
      await Promise.all(
        Array.from({ length: groups }, () =>
          db.write(async (tx) => {
            for (let i = 0; i < rowsPerGroup; i++) await tx.run('INSERT INTO filler (body) VALUES (?)', [blob]);
          }),
        ),
      );
      await sleep(50);
      // ~32 MB written in one go; the writer truncated the WAL once it passed the limit.
      expect(statSync(`${file}-wal`).size).toBeLessThan(limit);
      expect((await db.one<{ n: number }>('SELECT COUNT(*) AS n FROM filler'))?.n).toBe(groups * rowsPerGroup);
    } finally {
      await db.close();
    }
  });

  it('starts the worker at the first commit and stops it once writes have stopped', async () => {
    const db = await openDatabase({ url: `sqlite:${join(dir, 'idle.sqlite')}`, checkpointerIdleMs: 300 });
    try {
      expect(db.checkpointerRunning).toBe(false);
      await db.run('CREATE TABLE notes (body TEXT UNIQUE)');
      await db.run('INSERT INTO notes (body) VALUES (?) ON CONFLICT DO NOTHING', ['first']);
      await sleep(20);
      expect(db.checkpointerRunning).toBe(true);
      await sleep(800);
      expect(db.checkpointerRunning).toBe(false);
      // On its way out it truncated the WAL: an idle database leaves no large -wal file behind.
      expect(statSync(join(dir, 'idle.sqlite-wal')).size).toBe(0);
      // A commit that changes nothing (as at every start-up) does not start it again.
      await db.run('INSERT INTO notes (body) VALUES (?) ON CONFLICT DO NOTHING', ['first']);
      await sleep(20);
      expect(db.checkpointerRunning).toBe(false);
      await db.run('INSERT INTO notes (body) VALUES (?)', ['again']);
      await sleep(20);
      expect(db.checkpointerRunning).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('gives the writer its automatic checkpoints back when the worker cannot run', async () => {
    let fellBack = false;
    const checkpointer = new WalCheckpointer(join(dir, 'missing', 'nested', 'db.sqlite'), 'FULL', () => (fellBack = true));
    expect(await checkpointer.start()).toBe(false);
    expect(fellBack).toBe(true);
    await checkpointer.close();
  });
});
