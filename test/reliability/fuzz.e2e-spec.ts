import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { caseIn } from '../support/case-factory.js';
import { docx, exe, pdf, png, zip } from '../support/evidence-files.js';

/**
 * Property-based fuzzing of every endpoint in the OpenAPI document: wrong types, missing and
 * unknown fields, huge and unicode strings, bad dates, bad ids, bad JSON, oversized bodies. The
 * answer is always below 500, a 4xx has the error shape, and a 4xx changes nothing in the database.
 */
const SCALE = Math.max(1, Number(process.env.RELIABILITY_SCALE ?? 1));
const RUNS = 400 * SCALE;

const TABLES = ['regions', 'units', 'users', 'cases', 'case_events', 'case_co_units', 'clocks', 'escalations', 'revisits', 'revisit_campaigns', 'assignment_rules', 'policies', 'calendar_overrides', 'calendar_arrangements', 'provisional_dues', 'notifications', 'notification_reads', 'webhook_endpoints', 'webhook_deliveries', 'imports', 'import_rows', 'attachments'];

/**
 * The fuzz registry: every operation of the OpenAPI document, by name (`METHOD /path`). The suite
 * computes the operations from the live document and fails, naming it, on an operation that is missing
 * here (a new endpoint: add its line, and make sure the generated requests can reach its input) or
 * listed here but gone from the document.
 */
const FUZZED_OPERATIONS: readonly string[] = [
  // identity and directory
  'POST /api/v1/auth/login',
  'GET /api/v1/me',
  'GET /api/v1/health',
  'GET /api/v1/regions',
  'POST /api/v1/regions',
  'GET /api/v1/units',
  'POST /api/v1/units',
  'GET /api/v1/users',
  'POST /api/v1/users',
  // cases and the workflow
  'POST /api/v1/cases',
  'GET /api/v1/cases',
  'GET /api/v1/cases/export.xlsx',
  'GET /api/v1/cases/export.csv',
  'GET /api/v1/cases/{id}',
  'POST /api/v1/cases/{id}/events',
  'POST /api/v1/cases/{id}/attachments',
  'GET /api/v1/cases/{id}/attachments',
  'GET /api/v1/attachments/{id}',
  'GET /api/v1/cases/{id}/history',
  'GET /api/v1/cases/{id}/history/verify',
  'GET /api/v1/cases/{id}/comments',
  'POST /api/v1/cases/{id}/comments',
  'GET /api/v1/cases/{id}/comments/mentionable',
  'PATCH /api/v1/cases/{id}/comments/{commentId}',
  'GET /api/v1/cases/{id}/comments/{commentId}/revisions',
  'GET /api/v1/cases/{id}/suspensions',
  'POST /api/v1/cases/{id}/suspension',
  'POST /api/v1/cases/{id}/suspension/resume',
  'GET /api/v1/workflows',
  'GET /api/v1/workflows/case',
  'GET /api/v1/workflows/{procedure}',
  'GET /api/v1/labels',
  // clock, calendar, policies
  'GET /api/v1/admin/clock',
  'PUT /api/v1/admin/clock',
  'GET /api/v1/calendar',
  'GET /api/v1/calendar/add-working-days',
  'GET /api/v1/calendar/overrides',
  'PUT /api/v1/calendar/overrides/{date}',
  'DELETE /api/v1/calendar/overrides/{date}',
  'POST /api/v1/calendar/arrangements',
  'GET /api/v1/calendar/arrangements',
  'GET /api/v1/policies',
  'GET /api/v1/policies/versions',
  'PUT /api/v1/policies',
  'DELETE /api/v1/policies',
  // deadlines and sweeps
  'GET /api/v1/escalations',
  'POST /api/v1/escalations/{id}/acknowledge',
  'POST /api/v1/admin/sweep',
  // history anchoring (docs/security.md)
  'POST /api/v1/admin/history/checkpoints',
  'GET /api/v1/admin/history/verify',
  // 回头看
  'GET /api/v1/revisits',
  'POST /api/v1/revisit-campaigns',
  'GET /api/v1/revisit-campaigns',
  'GET /api/v1/revisit-campaigns/{id}',
  // assignment
  'POST /api/v1/assignment-rules',
  'GET /api/v1/assignment-rules',
  'DELETE /api/v1/assignment-rules/{id}',
  'GET /api/v1/cases/{id}/assignment-suggestion',
  'POST /api/v1/assignments/bulk',
  'GET /api/v1/cases/{id}/returns',
  'GET /api/v1/returns',
  'GET /api/v1/units/{id}/scorecard',
  'GET /api/v1/scorecards',
  // accounts
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password',
  'GET /api/v1/users/{id}',
  'PATCH /api/v1/users/{id}',
  'POST /api/v1/users/{id}/password',
  'POST /api/v1/users/{id}/disable',
  'POST /api/v1/users/{id}/enable',
  // notifications and webhooks
  'GET /api/v1/notifications',
  'GET /api/v1/notifications/stream',
  'POST /api/v1/notifications/read-all',
  'POST /api/v1/notifications/{id}/read',
  'POST /api/v1/webhooks',
  'GET /api/v1/webhooks',
  'GET /api/v1/webhooks/dead-letters',
  'GET /api/v1/webhooks/deliveries/{deliveryId}',
  'POST /api/v1/webhooks/deliveries/{deliveryId}/replay',
  'GET /api/v1/webhooks/{id}',
  'DELETE /api/v1/webhooks/{id}',
  'GET /api/v1/webhooks/{id}/deliveries',
  'POST /api/v1/webhooks/{id}/pause',
  'POST /api/v1/webhooks/{id}/resume',
  // ledger imports
  'POST /api/v1/imports',
  'GET /api/v1/imports/template.xlsx',
  'GET /api/v1/imports/{id}',
  'GET /api/v1/imports/{id}/rows',
  'POST /api/v1/imports/{id}/commit',
  // ledger reports
  'GET /api/v1/reports/progress',
  'GET /api/v1/reports/progress.xlsx',
  'GET /api/v1/reports/assessment',
  'GET /api/v1/reports/assessment.xlsx',
];

interface Operation {
  name: string;
  method: string;
  path: string;
  params: string[];
  query: string[];
  bodyFields: string[];
}

const weird = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', ' ', '\u0000', '💥', '南昌市', 'null', 'true', '-1', '1e309', '2025-02-30T00:00:00Z', '9999-99-99', '00000000-0000-0000-0000-000000000000', '../../etc/passwd', "'; DROP TABLE cases; --", '%', '_', 'x'.repeat(10_000)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const asText = (v: unknown): string => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));

describe('fuzzing every endpoint of the OpenAPI document', () => {
  let t: TestApp;
  let operations: Operation[];
  let ids: string[];
  let tokens: Record<string, string>;

  beforeAll(async () => {
    // a notification stream ends after a second here (it is open-ended otherwise)
    t = await startTestApp({ env: { NOTIFICATION_STREAM_MAX_SECONDS: '1' } });
    const doc = (await t.http.get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: { content?: Record<string, { schema?: { $ref?: string; properties?: Record<string, unknown> } }> } }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        const resolved = schema?.$ref ? doc.components.schemas[schema.$ref.split('/').at(-1)!] : schema;
        return {
          name: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          bodyFields: Object.keys(resolved?.properties ?? {}),
        };
      }),
    );
    const c = await caseIn(t, 'rectifying.inProgress');
    ids = [c.id, t.fixture.units.ncEeb, 'not-an-id', '00000000-0000-4000-8000-000000000000', '360100', '2025-10-01', '%2e%2e', 'ä'];
    tokens = {};
    for (const u of ['admin', 'nc-supervisor', 'nc-bureau', 'ah-inspector']) tokens[u] = (await t.auth(u)).Authorization;
  });
  afterAll(async () => t.close());

  async function fingerprint(): Promise<string> {
    const counts = await t.db.one<Record<string, number | string>>(
      `SELECT ${TABLES.map((name) => `(SELECT COUNT(*) FROM ${name}) AS ${name}`).join(', ')}, (SELECT COALESCE(SUM(version), 0) FROM cases) AS versions`,
    );
    return JSON.stringify(Object.values(counts ?? {}).map(Number));
  }

  it('the fuzz registry names every operation of the OpenAPI document', () => {
    const live = operations.map((o) => o.name);
    const missing = live.filter((name) => !FUZZED_OPERATIONS.includes(name));
    const gone = FUZZED_OPERATIONS.filter((name) => !live.includes(name));
    expect({
      'in the OpenAPI document but not in FUZZED_OPERATIONS (test/reliability/fuzz.e2e-spec.ts): add them': missing,
      'in FUZZED_OPERATIONS but not in the OpenAPI document: remove them': gone,
    }).toEqual({
      'in the OpenAPI document but not in FUZZED_OPERATIONS (test/reliability/fuzz.e2e-spec.ts): add them': [],
      'in FUZZED_OPERATIONS but not in the OpenAPI document: remove them': [],
    });
  });

  it(`${RUNS} generated requests: never a 5xx; a 4xx has the error shape and changes nothing`, async () => {
    const request = fc.record({
      params: fc.array(fc.oneof(fc.constantFrom(...[0, 1, 2, 3, 4, 5, 6, 7]), fc.string({ maxLength: 40 })), { minLength: 3, maxLength: 3 }),
      auth: fc.constantFrom('admin', 'nc-supervisor', 'nc-bureau', 'ah-inspector', 'none', 'garbage'),
      query: fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
      knownQuery: fc.array(weird, { maxLength: 3 }),
      body: fc.oneof(
        fc.constant(undefined),
        fc.jsonValue(),
        fc.array(weird, { maxLength: 6 }),
        fc.record({ type: fc.constantFrom('ASSIGN', 'ACCEPT', 'RETURN', 'SUBMIT_EVIDENCE', 'REQUEST_EXTENSION', 'NOPE'), extra: weird }, { requiredKeys: ['type'] }),
      ),
      fieldValues: fc.array(weird, { maxLength: 8 }),
      raw: fc.constantFrom(null, '{"a":', 'not json', '[1,2', '{"type":"ASSIGN"}}', '\u0000'),
    });
    let run = 0;
    const answered = new Map<string, Set<number>>(operations.map((o) => [o.name, new Set()]));
    await fc.assert(
      fc.asyncProperty(request, async (generated) => {
        let r = generated;
        // round-robin: every operation gets RUNS / operations.length requests, whatever the seed
        const op = operations[run % operations.length]!;
        // The first round goes with a real token, so that every operation is seen past 401 whatever
        // the seed and the number of operations (with ~5 requests each, all could draw no token).
        const firstRound = run++ < operations.length;
        if (firstRound && (r.auth === 'none' || r.auth === 'garbage')) r = { ...r, auth: 'admin' };
        let i = 0;
        const path = op.path.replace(/\{[^}]+\}/g, () => {
          const p = r.params[i++]!;
          return encodeURIComponent(typeof p === 'number' ? ids[p]! : p);
        });
        const query = new URLSearchParams(r.query);
        op.query.forEach((name, k) => r.knownQuery[k] !== undefined && query.set(name, asText(r.knownQuery[k])));
        const url = `${path}${query.size ? `?${query}` : ''}`;
        let body: unknown = r.body;
        if (op.bodyFields.length && r.fieldValues.length) {
          body = Object.fromEntries(op.bodyFields.map((f, k) => [f, r.fieldValues[k % r.fieldValues.length]]));
        }
        const before = await fingerprint();
        let req = t.http[op.method.toLowerCase() as 'get'](url);
        if (r.auth === 'garbage') req = req.set('Authorization', 'Bearer x.y.z');
        else if (r.auth !== 'none') req = req.set('Authorization', tokens[r.auth]!);
        const res = r.raw !== null && op.method !== 'GET' ? await req.set('content-type', 'application/json').send(r.raw) : body !== undefined && op.method !== 'GET' ? await req.set('content-type', 'application/json').send(JSON.stringify(body)) : await req;
        answered.get(op.name)!.add(res.status);
        // A logout ends the caller's sessions: log in again, so the rest of the run still reaches past the guard.
        if (op.path.endsWith('/auth/logout') && res.status === 204 && r.auth in tokens) {
          const again = await t.http.post('/api/v1/auth/login').send({ username: r.auth, password: t.fixture.password });
          tokens[r.auth] = `Bearer ${again.body.accessToken as string}`;
        }
        if (res.status >= 500) throw new Error(`${op.method} ${url} → ${res.status} ${JSON.stringify(res.body)} body=${JSON.stringify(body)?.slice(0, 300)}`);
        if (res.status >= 400) {
          expect(res.body).toMatchObject({ statusCode: res.status, error: expect.any(String) });
          expect(res.body.message).toBeDefined();
          expect(await fingerprint()).toBe(before);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261122), endOnFailure: true },
    );
    // every operation of the document was exercised by name, and past authentication at least once
    const notExercised = [...answered].filter(([, statuses]) => [...statuses].every((s) => s === 401)).map(([name, statuses]) => `${name} (${[...statuses].join(', ') || 'never called'})`);
    expect({ 'operations never exercised past 401': notExercised }).toEqual({ 'operations never exercised past 401': [] });
  });

  it(`${RUNS / 4} generated multipart uploads: never a 5xx; a refusal changes nothing and leaves no staging file`, async () => {
    const rows = async () => Number((await t.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM attachments'))!.n);
    const content = fc.oneof(
      fc.constantFrom(png(), pdf(), docx(), exe(), zip([['a.txt', 'x']]), Buffer.alloc(0), Buffer.from('纯文本说明\n'), Buffer.from([0xff, 0xfe, 0])),
      fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
    );
    const upload = fc.record({
      caseId: fc.constantFrom(0, 2, 3, 7),
      auth: fc.constantFrom('nc-bureau', 'nc-supervisor', 'ah-inspector', 'none'),
      field: fc.constantFrom('file', 'file', 'other', ''),
      filename: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('整改报告.pdf', '../../x.exe', 'a"b.txt', '\u0000', 'x'.repeat(400), '')),
      partType: fc.constantFrom('application/pdf', 'image/jpeg', '', 'text/plain; charset=gbk', '💥'),
      content,
      cut: fc.option(fc.nat(), { nil: undefined }),
      extraField: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
      boundary: fc.constantFrom('b0undary', 'x', '"quoted"', ''),
    });
    await fc.assert(
      fc.asyncProperty(upload, async (u) => {
        const before = await fingerprint();
        const rowsBefore = await rows();
        const boundary = u.boundary || 'fallback';
        const parts: Buffer[] = [];
        if (u.extraField !== undefined) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\n${u.extraField}\r\n`));
        parts.push(
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${u.field}"; filename="${u.filename}"\r\n${u.partType ? `Content-Type: ${u.partType}\r\n` : ''}\r\n`),
          u.content,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        );
        let body = Buffer.concat(parts);
        if (u.cut !== undefined) body = body.subarray(0, u.cut % (body.length + 1));
        let req = t.http.post(`/api/v1/cases/${encodeURIComponent(ids[u.caseId]!)}/attachments`).set('Content-Type', `multipart/form-data; boundary=${u.boundary}`);
        if (u.auth !== 'none') req = req.set('Authorization', tokens[u.auth]!);
        const res = await req.send(body);
        if (res.status >= 500) throw new Error(`upload → ${res.status} ${JSON.stringify(res.body)} ${JSON.stringify({ ...u, content: u.content.length })}`);
        expect(readdirSync(join(t.attachmentsDir, 'staging'))).toEqual([]);
        if (res.status >= 400) {
          expect(res.body).toMatchObject({ statusCode: res.status, error: expect.any(String) });
          expect(await fingerprint()).toBe(before);
        } else {
          expect(res.status).toBe(201);
          expect(await rows()).toBe(rowsBefore + 1);
        }
      }),
      { numRuns: RUNS / 4, seed: Number(process.env.FUZZ_SEED ?? 20261122), endOnFailure: true },
    );
  });

  it('oversized bodies are 413 on every write endpoint and change nothing', async () => {
    const before = await fingerprint();
    const huge = { title: 'x'.repeat(1_100_000) };
    for (const op of operations.filter((o) => o.method !== 'GET' && o.method !== 'DELETE')) {
      const url = op.path.replace(/\{[^}]+\}/g, ids[0]!);
      const res = await t.http[op.method.toLowerCase() as 'post'](url).set('Authorization', tokens.admin!).send(huge);
      expect({ url, status: res.status }).toEqual({ url, status: 413 });
    }
    expect(await fingerprint()).toBe(before);
  });
});
