import type { Database } from '@rectify/database';
import { CasePageReader, decodeCursor, encodeCursor, LIST_TOTAL_LIMIT } from './case-page.reader.js';
import type { CaseListFilter } from './case.repository.js';

/** A database that answers the page query with no rows and each count with `counted`, after `release()`. */
function fakeDatabase(counted: number) {
  const counts: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const db = {
    dialect: 'sqlite',
    writeGeneration: 0,
    all: async () => [],
    one: async (sql: string) => {
      counts.push(sql);
      await gate;
      return { n: counted };
    },
  } as unknown as Database;
  return { db, counts, release: () => release() };
}

const filter = (over: Partial<CaseListFilter> = {}): CaseListFilter => ({ regionCodes: ['360000'], unitId: null, sort: '-createdAt', limit: 20, offset: 0, ...over });

describe('CasePageReader totals', () => {
  it('runs one count for requests of the same filter in flight together (single flight), one per filter', async () => {
    const { db, counts, release } = fakeDatabase(7);
    const reader = new CasePageReader(db);
    const same = Array.from({ length: 17 }, () => reader.list(filter()));
    const other = reader.list(filter({ source: 'audit' }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(counts).toHaveLength(2);
    release();
    const results = await Promise.all([...same, other]);
    expect(results.map((r) => r.total)).toEqual(Array(18).fill(7));
    expect(counts).toHaveLength(2);
  });

  it('counts at most LIST_TOTAL_LIMIT + 1 rows and says when the total is an estimate', async () => {
    const capped = fakeDatabase(LIST_TOTAL_LIMIT + 1);
    capped.release();
    const over = await new CasePageReader(capped.db).list(filter());
    expect(over).toMatchObject({ total: LIST_TOTAL_LIMIT, totalIsEstimate: true });
    expect(capped.counts[0]).toContain(`LIMIT ${LIST_TOTAL_LIMIT + 1}`);
    const exact = fakeDatabase(LIST_TOTAL_LIMIT);
    exact.release();
    expect(await new CasePageReader(exact.db).list(filter())).toMatchObject({ total: LIST_TOTAL_LIMIT, totalIsEstimate: false });
  });
});

describe('list cursors', () => {
  it('round-trip, and anything else is refused', () => {
    const cursor = { sort: 'dueAt' as const, direction: 'prev' as const, key: [1741000000000, '0b6f3c1e-0000-4000-8000-000000000000'] as [number, string] };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    const created = { sort: '-createdAt' as const, direction: 'next' as const, key: ['2025-03-03T02:00:00.000Z', '360000-2025-00001'] as [string, string] };
    expect(decodeCursor(encodeCursor(created))).toEqual(created);
    for (const bad of ['', 'x', Buffer.from('[1,2]').toString('base64url'), Buffer.from(JSON.stringify(['dueAt', 'n', '2025', 'a'])).toString('base64url'),
      Buffer.from(JSON.stringify(['-createdAt', 'n', 5, 'a'])).toString('base64url'), Buffer.from(JSON.stringify(['title', 'n', 5, 'a'])).toString('base64url')]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
  });
});
