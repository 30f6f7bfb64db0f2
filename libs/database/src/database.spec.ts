import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from './data-source.factory.js';
import type { Database } from './database.js';

/** Fails instead of hanging the suite when a promise never settles (the bug these tests guard against). */
const within = <T>(promise: Promise<T>, ms = 3000): Promise<T> =>
  Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`still waiting after ${ms} ms`)))]);

const count = async (db: Database) => Number((await db.one<{ n: number }>('SELECT COUNT(*) AS n FROM notes'))?.n);

describe('Database (sqlite::memory:): work done from inside a queued write', () => {
  async function open(url: string): Promise<Database> {
    const db = await openDatabase({ url });
    await db.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    return db;
  }

  it('a queued job runs in the async context of its caller, not of the job that drains the queue', async () => {
    const db = await open('sqlite::memory:');
    const store = new AsyncLocalStorage<string>();
    try {
      // queued together, committed as one group by whichever job started the drain
      const seen = await within(
        Promise.all(['a', 'b', 'c'].map((name) => store.run(name, () => db.write(async () => [name, store.getStore()])))),
      );
      expect(seen).toEqual([['a', 'a'], ['b', 'b'], ['c', 'c']]);
    } finally {
      await db.close();
    }
  });

  it('a read made through the Database by a job runs in its transaction', async () => {
    const db = await open('sqlite::memory:');
    try {
      const seen = await within(
        db.write(async (tx) => {
          await tx.run('INSERT INTO notes (body) VALUES (?)', ['uncommitted']);
          return db.all<{ body: string }>('SELECT body FROM notes');
        }),
      );
      expect(seen.map((r) => r.body)).toEqual(['uncommitted']);
    } finally {
      await db.close();
    }
  });

  it('a write started by a job joins its transaction and rolls back with it', async () => {
    const db = await open('sqlite::memory:');
    try {
      const outcome = await within(
        db
          .write(async () => {
            await db.run('INSERT INTO notes (body) VALUES (?)', ['inner']);
            throw new Error('outer fails');
          })
          .catch((error: Error) => error.message),
      );
      expect(outcome).toBe('outer fails');
      expect(await count(db)).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('work a job leaves behind (a timer) queues as its own transaction once the job is done', async () => {
    const db = await open('sqlite::memory:');
    try {
      let later: Promise<number> | undefined;
      const outcome = await db
        .write(async () => {
          await new Promise<void>((resolve) =>
            setTimeout(() => {
              resolve();
              setTimeout(() => (later = db.run('INSERT INTO notes (body) VALUES (?)', ['later'])), 20);
            }, 0),
          );
          throw new Error('job fails');
        })
        .catch((error: Error) => error.message);
      expect(outcome).toBe('job fails');
      await sleep(60);
      expect(await within(later!)).toBe(1);
      expect(await count(db)).toBe(1);
    } finally {
      await db.close();
    }
  });
});
