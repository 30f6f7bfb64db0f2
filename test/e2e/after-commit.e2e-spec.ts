import { Database, openDatabase } from '@rectify/database';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * `SqlExecutor.afterCommit`: what the webhook worker's kick and the notification streams rely on. A callback
 * runs once the rows it speaks of are committed — never for work that rolled back, whether the whole
 * transaction, one job's savepoint in a SQLite group commit, or an attempt retried on a fresh connection.
 */
describe('afterCommit: told after the commit, never for what rolled back', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ url: database.url });
    await db.run('CREATE TABLE after_commit_notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  const count = async (body: string) => Number((await db.one<{ n: number }>('SELECT COUNT(*) AS n FROM after_commit_notes WHERE body = ?', [body]))?.n);

  it('runs the callback after the commit: the rows are there for a reader, and before the write resolves', async () => {
    const seen: number[] = [];
    let resolved = false;
    await db.write(async (tx) => {
      await tx.run('INSERT INTO after_commit_notes (id, body) VALUES (?, ?)', [1, 'committed']);
      tx.afterCommit(() => {
        expect(resolved).toBe(false);
        // the reader (SQLite's second connection, or any pooled PostgreSQL connection) sees the row already
        void count('committed').then((n) => seen.push(n));
      });
    });
    resolved = true;
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([1]);
  });

  it('never runs it for a transaction that fails after registering it', async () => {
    const told: string[] = [];
    await expect(
      db.write(async (tx) => {
        await tx.run('INSERT INTO after_commit_notes (id, body) VALUES (?, ?)', [2, 'rolled back']);
        tx.afterCommit(() => told.push('rolled back'));
        throw new Error('the work fails');
      }),
    ).rejects.toThrow('the work fails');
    await new Promise((r) => setTimeout(r, 20));
    expect(told).toEqual([]);
    expect(await count('rolled back')).toBe(0);
  });

  it('in writes that commit together, tells each committed one once and none of the failed one', async () => {
    const told: string[] = [];
    const writes = ['a', 'b', 'fails', 'c'].map((body, i) =>
      db
        .write(async (tx) => {
          await tx.run('INSERT INTO after_commit_notes (id, body) VALUES (?, ?)', [10 + i, `group ${body}`]);
          tx.afterCommit(() => told.push(body));
          if (body === 'fails') throw new Error('one job fails');
        })
        .catch(() => undefined),
    );
    await Promise.all(writes);
    await new Promise((r) => setTimeout(r, 20));
    expect([...told].sort()).toEqual(['a', 'b', 'c']);
    expect(await count('group fails')).toBe(0);
  });

  it('a callback that throws does not fail the write or keep the others from running', async () => {
    const told: string[] = [];
    await db.write(async (tx) => {
      tx.afterCommit(() => {
        throw new Error('a careless listener');
      });
      tx.afterCommit(() => told.push('second'));
      await tx.run('INSERT INTO after_commit_notes (id, body) VALUES (?, ?)', [30, 'careless']);
    });
    expect(told).toEqual(['second']);
    expect(await count('careless')).toBe(1);
  });
});
