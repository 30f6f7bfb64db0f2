import type { SqlExecutor } from './sql-executor.js';

/**
 * The case search index (issue 18): `GET /cases?q=` finds a case when `q` is a substring of its
 * title, code, external reference, description, one of its progress notes (REPORT_PROGRESS) or the
 * name of its lead or a co-unit, ignoring case — what `LOWER(field) LIKE '%q%'` on each field
 * answered, without reading every case.
 *
 * One row per case in `case_search`: `body`, the fields lower-cased (JavaScript's `toLowerCase`, the
 * same on both databases) joined by {@link FIELD_SEPARATOR}, and the set of the fields' character
 * unigrams and bigrams as tokens. A query's candidates are the cases holding every bigram of the
 * query (its one unigram for a one-character query), found through an index — SQLite: a contentless
 * FTS5 table of the tokens; PostgreSQL: a GIN index on a `text[]` of them — and then checked for the
 * whole substring in `body`. Bigrams make two-character Chinese words (偷排, 黑臭) indexed, which a
 * trigram index cannot; the check makes the answer exactly the substring one. Tokens are code points
 * in hex (`u6c61`, `b5077x6392`), so no tokenizer or locale can split, fold or drop them.
 *
 * Written in the transition's transaction (libs/cases, case.repository.ts) and backfilled by
 * migration 1797820000000.
 */
export const FIELD_SEPARATOR = '\u001f';

/** At most this many bigrams of a query are looked up (spread over it); the substring check does the rest. */
const QUERY_BIGRAMS = 12;

const token = (points: number[]) => (points.length === 1 ? 'u' : 'b') + points.map((p) => p.toString(16)).join('x');
const codePoints = (text: string) => Array.from(text, (ch) => ch.codePointAt(0) as number);

/** The searchable fields of one case, in their stored (lower-cased) form. */
export function searchBody(fields: ReadonlyArray<string | null | undefined>): string {
  return fields
    .filter((f): f is string => typeof f === 'string' && f.length > 0)
    .map((f) => f.toLowerCase())
    .join(FIELD_SEPARATOR);
}

/** Every unigram and bigram token of the fields (none across two fields). */
export function searchTokens(body: string): string[] {
  const tokens = new Set<string>();
  for (const field of body.split(FIELD_SEPARATOR)) {
    const points = codePoints(field);
    for (let i = 0; i < points.length; i++) {
      tokens.add(token([points[i]]));
      if (i + 1 < points.length) tokens.add(token([points[i], points[i + 1]]));
    }
  }
  return [...tokens];
}

/**
 * A query as the index looks it up: `needle` (lower-cased) is checked in `body`, `tokens` must all be
 * in the case's tokens. Undefined for a query no case can match (it holds the field separator).
 */
export function searchQuery(q: string): { needle: string; tokens: string[] } | undefined {
  const needle = q.toLowerCase();
  if (needle.length === 0 || needle.includes(FIELD_SEPARATOR)) return undefined;
  const points = codePoints(needle);
  if (points.length === 1) return { needle, tokens: [token(points)] };
  const bigrams = [...new Set(points.slice(1).map((p, i) => token([points[i], p])))];
  if (bigrams.length <= QUERY_BIGRAMS) return { needle, tokens: bigrams };
  const step = (bigrams.length - 1) / (QUERY_BIGRAMS - 1);
  return { needle, tokens: [...new Set(Array.from({ length: QUERY_BIGRAMS }, (_, i) => bigrams[Math.round(i * step)]))] };
}

/** The WHERE condition on `cases c` for a query (one `IN`, its candidates from the index), with its parameters. */
export function caseSearchCondition(q: string, dialect: SqlExecutor['dialect']): { sql: string; params: unknown[] } {
  const query = searchQuery(q);
  if (!query) return { sql: '1 = 0', params: [] };
  if (dialect === 'postgres') {
    return { sql: 'c.id IN (SELECT s.case_id FROM case_search s WHERE s.tokens @> ?::text[] AND strpos(s.body, ?) > 0)', params: [query.tokens, query.needle] };
  }
  return {
    sql: 'c.id IN (SELECT s.case_id FROM case_search s WHERE s.doc IN (SELECT rowid FROM case_search_tokens WHERE case_search_tokens MATCH ?) AND instr(s.body, ?) > 0)',
    params: [query.tokens.map((t) => `"${t}"`).join(' '), query.needle],
  };
}

const CHUNK = 200;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * Writes the search rows of these cases from what the database holds now (their fields, progress
 * notes and units' names): through `db`, so inside a transaction it sees that transaction's writes.
 */
export async function indexCaseSearch(db: SqlExecutor, caseIds: readonly string[]): Promise<void> {
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const ids = caseIds.slice(i, i + CHUNK);
    const cases = await db.all<{ id: string; title: string; code: string; external_ref: string | null; description: string | null; lead_name: string | null }>(
      `SELECT c.id, c.title, c.code, c.external_ref, c.description, u.name AS lead_name FROM cases c LEFT JOIN units u ON u.id = c.lead_unit_id WHERE c.id IN (${marks(ids.length)})`,
      ids,
    );
    const notes = await db.all<{ case_id: string; payload: string }>(
      `SELECT case_id, payload FROM case_events WHERE type = 'REPORT_PROGRESS' AND case_id IN (${marks(ids.length)}) ORDER BY case_id, seq`,
      ids,
    );
    const coUnits = await db.all<{ case_id: string; name: string }>(
      `SELECT cu.case_id, u.name FROM case_co_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.case_id IN (${marks(ids.length)}) ORDER BY cu.case_id, u.name`,
      ids,
    );
    const extra = new Map<string, string[]>();
    const add = (caseId: string, text: string) => extra.set(caseId, [...(extra.get(caseId) ?? []), text]);
    for (const n of notes) {
      const note = (JSON.parse(String(n.payload)) as { note?: unknown }).note;
      if (typeof note === 'string') add(String(n.case_id), note);
    }
    for (const u of coUnits) add(String(u.case_id), String(u.name));
    for (const c of cases) {
      const id = String(c.id);
      const body = searchBody([c.title, c.code, c.external_ref, c.description, c.lead_name, ...(extra.get(id) ?? [])]);
      await writeSearchRow(db, id, body);
    }
  }
}

async function writeSearchRow(db: SqlExecutor, caseId: string, body: string): Promise<void> {
  const tokens = searchTokens(body);
  if (db.dialect === 'postgres') {
    await db.run('INSERT INTO case_search (case_id, body, tokens) VALUES (?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET body = EXCLUDED.body, tokens = EXCLUDED.tokens', [
      caseId,
      body,
      tokens,
    ]);
    return;
  }
  const existing = await db.one<{ doc: number; body: string }>('SELECT doc, body FROM case_search WHERE case_id = ?', [caseId]);
  if (existing?.body === body) return;
  let doc: number;
  if (existing) {
    doc = Number(existing.doc);
    await db.run('DELETE FROM case_search_tokens WHERE rowid = ?', [doc]);
    await db.run('UPDATE case_search SET body = ? WHERE doc = ?', [body, doc]);
  } else {
    const row = await db.one<{ doc: number }>('INSERT INTO case_search (case_id, body) VALUES (?, ?) RETURNING doc', [caseId, body]);
    doc = Number(row?.doc);
  }
  await db.run('INSERT INTO case_search_tokens (rowid, tokens) VALUES (?, ?)', [doc, tokens.join(' ')]);
}
