import type { QueryRunner } from 'typeorm';
import { CaseSearch1797820000000 } from '../../libs/database/src/migrations/1797820000000-case-search.js';
import { caseIn, createCase, sendOk } from '../support/case-factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * `q` through the search index (libs/database, case-search.ts) answers exactly what the substring
 * search over each field answered — checked against a brute-force reading of the same rows and against
 * the former `LOWER(field) LIKE '%q%'` query, on random Chinese text with one- and two-character words,
 * ASCII in both cases and LIKE's own metacharacters; and it follows later writes (progress notes, a
 * reassignment to other units).
 */
describe('the case search index: equal to the substring search on random data', () => {
  let t: TestApp;
  const ALPHABET = ['偷', '排', '黑', '臭', '水', '体', '污', '染', '整', '改', '河', '道', 'A', 'b', 'C', '1', '%', '_', ' '];
  let seed = 20261202;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const text = (min: number, max: number) => Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => pick(ALPHABET)).join('');

  const found = async (q: string) => {
    const res = await t.http.get(`/api/v1/cases?q=${encodeURIComponent(q)}&pageSize=100`).set(await t.auth('jx-supervisor'));
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: string }>).map((c) => c.id).sort();
  };

  /** Every searched field of every case, as the database holds them now. */
  const fieldsByCase = async () => {
    const fields = new Map<string, string[]>();
    const add = (id: string, value: unknown) => {
      if (typeof value === 'string') fields.set(id, [...(fields.get(id) ?? []), value]);
    };
    for (const c of await t.db.all<Record<string, string>>('SELECT c.id, c.title, c.code, c.external_ref, c.description, u.name FROM cases c LEFT JOIN units u ON u.id = c.lead_unit_id')) {
      fields.set(String(c.id), []);
      for (const value of [c.title, c.code, c.external_ref, c.description, c.name]) add(String(c.id), value);
    }
    for (const e of await t.db.all<{ case_id: string; payload: string }>("SELECT case_id, payload FROM case_events WHERE type = 'REPORT_PROGRESS'")) {
      add(String(e.case_id), (JSON.parse(e.payload) as { note?: unknown }).note);
    }
    for (const u of await t.db.all<{ case_id: string; name: string }>('SELECT cu.case_id, u.name FROM case_co_units cu JOIN units u ON u.id = cu.unit_id')) add(String(u.case_id), u.name);
    return fields;
  };
  const bruteForce = (fields: Map<string, string[]>, q: string) =>
    [...fields].filter(([, values]) => values.some((v) => v.toLowerCase().includes(q.toLowerCase()))).map(([id]) => id).sort();
  /** The query `q` ran before the index (every case, every progress note). */
  const formerLike = async (q: string) => {
    const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const note = t.db.dialect === 'postgres' ? "(p.payload::json->>'note')" : "json_extract(p.payload, '$.note')";
    const rows = await t.db.all<{ id: string }>(
      `SELECT c.id FROM cases c WHERE (LOWER(c.title) LIKE ? ESCAPE '\\' OR LOWER(c.code) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(c.external_ref, '')) LIKE ? ESCAPE '\\'` +
        ` OR LOWER(c.description) LIKE ? ESCAPE '\\'` +
        ` OR EXISTS (SELECT 1 FROM case_events p WHERE p.case_id = c.id AND p.type = 'REPORT_PROGRESS' AND LOWER(COALESCE(${note}, '')) LIKE ? ESCAPE '\\')` +
        ` OR c.lead_unit_id IN (SELECT u.id FROM units u WHERE LOWER(u.name) LIKE ? ESCAPE '\\')` +
        ` OR c.id IN (SELECT cu.case_id FROM case_co_units cu JOIN units u ON u.id = cu.unit_id WHERE LOWER(u.name) LIKE ? ESCAPE '\\'))`,
      Array.from({ length: 7 }, () => pattern),
    );
    return rows.map((r) => String(r.id)).sort();
  };

  /** Random queries: substrings of stored fields (1–4 characters), random strings, the same in other letter cases. */
  const queries = (fields: Map<string, string[]>, n: number) => {
    const all = [...fields.values()].flat().filter((v) => v.trim().length > 0);
    const out = new Set<string>(['偷排', '黑臭', '人民', '东湖区人民政府', '九江', 'a', 'B', '%', '_']);
    while (out.size < n) {
      const value = pick(all);
      const length = 1 + Math.floor(random() * 4);
      const start = Math.floor(random() * Math.max(1, value.length - length + 1));
      const q = random() < 0.3 ? text(1, 3) : value.slice(start, start + length);
      const cased = random() < 0.3 ? q.toUpperCase() : q;
      if (cased.trim() === cased && cased.length > 0) out.add(cased);
    }
    return [...out];
  };

  const expectAllEqual = async (n: number) => {
    const fields = await fieldsByCase();
    let matched = 0;
    for (const q of queries(fields, n)) {
      const expected = bruteForce(fields, q);
      expect({ q, ids: await found(q) }).toEqual({ q, ids: expected });
      expect({ q, ids: await formerLike(q) }).toEqual({ q, ids: expected });
      if (expected.length > 0) matched += 1;
    }
    expect(matched).toBeGreaterThan(n / 3); // the queries were not all misses
  };

  const progressing: string[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    for (let i = 0; i < 30; i++) {
      const overrides = { title: text(2, 10), description: text(0, 16) || '无', ...(random() < 0.3 ? { externalRef: `${text(1, 4)}-${i}` } : {}) };
      if (random() < 0.4) {
        const c = await caseIn(t, 'rectifying.inProgress', overrides);
        progressing.push(c.id);
        for (let k = Math.floor(random() * 3); k > 0; k--) await sendOk(t, c.id, 'nc-bureau', { type: 'REPORT_PROGRESS', note: text(2, 12) });
      } else await createCase(t, overrides);
    }
  });
  afterAll(() => t.close());

  it('answers the same ids as the brute force and the former LIKE query', async () => {
    await expectAllEqual(80);
  });

  it('follows later progress notes, an edited title and units adjusted', async () => {
    for (const id of progressing.slice(0, 4)) await sendOk(t, id, 'nc-bureau', { type: 'REPORT_PROGRESS', note: `偷排${text(2, 8)}` });
    const moved = await caseIn(t, 'rectifying.inProgress', { title: '调整单位的案件' });
    expect(await found('东湖区人民')).toContain(moved.id);
    await sendOk(t, moved.id, 'jx-supervisor', { type: 'ADJUST_UNITS', leadUnitId: t.fixture.units.jxEeb, coUnitIds: [], reason: '改由省厅牵头' });
    expect(await found('东湖区人民')).not.toContain(moved.id);
    expect(await found('江西省生态')).toContain(moved.id);
    const edited = await createCase(t, { title: '原来的标题' });
    await sendOk(t, edited.id, 'jx-inspector', { type: 'EDIT', reason: '登记时标题有误', title: '更正后的黑臭' });
    expect(await found('原来的')).not.toContain(edited.id);
    expect(await found('黑臭')).toContain(edited.id);
    await expectAllEqual(40);
  });

  it('is backfilled by its migration for the cases that exist', async () => {
    const rows = () => t.db.all<{ case_id: string; body: string }>('SELECT case_id, body FROM case_search ORDER BY case_id');
    const written = await rows();
    expect(written.length).toBe(Number((await t.db.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM cases'))?.n)); // one row per case
    const migration = new CaseSearch1797820000000();
    await t.db.write(async (tx) => {
      const runner = { connection: { driver: { options: { type: tx.dialect } } }, query: (sql: string, params?: unknown[]) => tx.all(sql, params) } as unknown as QueryRunner;
      await migration.down(runner);
      await migration.up(runner);
    });
    expect(await rows()).toEqual(written);
    await expectAllEqual(30);
  });
});
