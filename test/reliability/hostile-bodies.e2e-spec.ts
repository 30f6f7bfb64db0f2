import { MAX_JSON_ARRAY_LENGTH, MAX_JSON_DEPTH, MAX_JSON_KEYS_PER_OBJECT, MAX_REPORTED_PROBLEMS } from '@rectify/core';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Issue 11 item 2: work before validation is bounded; hostile bodies get a small 400 quickly. */
describe('hostile JSON bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const raw = (path: string, body: string, headers: Record<string, string> = {}) =>
    t.http.post(`/api/v1${path}`).set({ 'content-type': 'application/json', ...headers }).send(body);

  it('a 10,000-deep JSON is a 400 on the anonymous login, not a 500', async () => {
    for (const body of ['['.repeat(10_000) + ']'.repeat(10_000), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)]) {
      const res = await raw('/auth/login', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(`nested more than ${MAX_JSON_DEPTH}`) });
    }
  });

  it('95,000 unknown keys in one object: a quick 400 with a small body', async () => {
    const body = `{${Array.from({ length: 95_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    expect(body.length).toBeLessThan(1024 * 1024);
    const started = Date.now();
    const res = await raw('/auth/login', body);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(`more than ${MAX_JSON_KEYS_PER_OBJECT} members`);
    expect(JSON.stringify(res.body).length).toBeLessThan(2000);
  });

  it('a list past the array limit is a 400', async () => {
    const res = await raw('/cases', JSON.stringify({ title: 't', evidence: Array.from({ length: MAX_JSON_ARRAY_LENGTH + 5 }, () => 1) }), await t.auth('jx-inspector'));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(`more than ${MAX_JSON_ARRAY_LENGTH} items`);
  });

  it('an error lists at most a few problems, then how many more', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`unknown${i}`, i]));
    const res = await t.http.post('/api/v1/auth/login').send({ username: 'u', password: 'p', ...unknown });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(MAX_REPORTED_PROBLEMS + 1);
    expect(res.body.errors.at(-1)).toMatch(/and \d+ more problems/);
    expect(JSON.stringify(res.body).length).toBeLessThan(2000);
  });

  it('keeps the 413 above 1 MB and prototype-poisoning refusals', async () => {
    expect((await raw('/auth/login', JSON.stringify({ username: 'x'.repeat(1024 * 1024 + 10), password: 'p' }))).status).toBe(413);
    expect((await raw('/auth/login', '{"username":"u","password":"p","__proto__":{"admin":true}}')).status).toBe(400);
  });
});
