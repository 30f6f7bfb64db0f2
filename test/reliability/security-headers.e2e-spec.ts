import { startTestApp, type TestApp } from '../support/test-app.js';

/** Issue 11 item 9: security headers on every response, no-store on API data, CORS closed unless configured. */
describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const expectSecurityHeaders = (headers: Record<string, string>) => {
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBeDefined();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect(headers['content-security-policy']).toContain("img-src 'self' data: blob:");
    expect(headers['content-security-policy']).not.toContain("script-src 'self' 'unsafe-inline'");
    expect(headers['x-frame-options']).toBeDefined();
  };

  it('on API data, errors and unknown paths alike; API JSON is no-store', async () => {
    const data = await t.http.get('/api/v1/cases').set(await t.auth('jx-supervisor'));
    expect(data.status).toBe(200);
    expectSecurityHeaders(data.headers);
    expect(data.headers['cache-control']).toBe('no-store');
    const unauthenticated = await t.http.get('/api/v1/cases');
    expect(unauthenticated.status).toBe(401);
    expectSecurityHeaders(unauthenticated.headers);
    expect(unauthenticated.headers['cache-control']).toBe('no-store');
    const bad = await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send('{');
    expect(bad.status).toBe(400);
    expectSecurityHeaders(bad.headers);
    expectSecurityHeaders((await t.http.get('/no-such-page')).headers);
  });

  it('Swagger at /api/docs gets its own relaxed CSP', async () => {
    const res = await t.http.get('/api/docs-json');
    expect(res.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('CORS is closed by default: no Access-Control-Allow-Origin for another origin', async () => {
    const res = await t.http.get('/api/v1/health').set('Origin', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.http.options('/api/v1/cases').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS_ORIGINS opens CORS to the listed origins only', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: 'https://rectify.example.gov.cn' } });
  });
  afterAll(async () => t?.close());

  it('answers the listed origin and not another', async () => {
    const ok = await t.http.options('/api/v1/cases').set('Origin', 'https://rectify.example.gov.cn').set('Access-Control-Request-Method', 'POST');
    expect(ok.headers['access-control-allow-origin']).toBe('https://rectify.example.gov.cn');
    const other = await t.http.get('/api/v1/health').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
