import { startTestApp, type TestApp } from '../support/test-app.js';

describe('auth, me, health, regions, units, users, workflow, admin clock', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it('login returns a bearer token and the user; me returns the caller', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ username: 'nc-bureau', password: t.fixture.password });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number), user: { username: 'nc-bureau', role: 'bureau', unitId: t.fixture.units.ncEeb } });
    expect(res.body.user.passwordHash).toBeUndefined();
    const me = await t.http.get('/api/v1/me').set({ Authorization: `Bearer ${res.body.accessToken}` });
    expect(me.body).toMatchObject({ username: 'nc-bureau', regionCode: '360100' });
    expect((await t.http.get('/api/v1/health')).body).toEqual({ status: 'ok', db: 'ok' });
  });

  it('regions: a tree anyone can read; only admins add, with levels below the parent', async () => {
    const children = await t.http.get('/api/v1/regions?parentCode=360000').set(await t.auth('nc-bureau'));
    expect(children.body).toMatchObject({ total: 2, page: 1, pageSize: 1000 });
    expect(children.body.items.map((r: { code: string }) => r.code)).toEqual(['360100', '360400']);
    const body = { code: '360200', name: '景德镇市', level: 'city', parentCode: '360000' };
    expect((await t.http.post('/api/v1/regions').set(await t.auth('jx-supervisor')).send(body)).status).toBe(403);
    expect((await t.http.post('/api/v1/regions').set(await t.auth('admin')).send({ ...body, level: 'province' })).status).toBe(400);
    expect((await t.http.post('/api/v1/regions').set(await t.auth('admin')).send({ ...body, parentCode: '999999' })).status).toBe(400);
    expect((await t.http.post('/api/v1/regions').set(await t.auth('admin')).send(body)).status).toBe(201);
    const dup = await t.http.post('/api/v1/regions').set(await t.auth('admin')).send(body);
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('DUPLICATE');
  });

  it('units: listed by region subtree; admins add them', async () => {
    const units = await t.http.get('/api/v1/units?regionCode=360100').set(await t.auth('nc-inspector'));
    expect(units.body.items.map((u: { name: string }) => u.name).sort()).toEqual(['东湖区人民政府', '南昌市生态环境局']);
    expect((await t.http.post('/api/v1/units').set(await t.auth('nc-supervisor')).send({ name: 'x', regionCode: '360100' })).status).toBe(403);
    const created = await t.http.post('/api/v1/units').set(await t.auth('admin')).send({ name: '南昌市水务局', regionCode: '360100' });
    expect(created.status).toBe(201);
    expect((await t.http.post('/api/v1/units').set(await t.auth('admin')).send({ name: '南昌市水务局', regionCode: '360100' })).body.code).toBe('DUPLICATE');
  });

  it('users: admin only; passwords ≥ 8; bureau users need a unit; usernames unique; new users can log in', async () => {
    expect((await t.http.get('/api/v1/users').set(await t.auth('jx-supervisor'))).status).toBe(403);
    const list = await t.http.get('/api/v1/users').set(await t.auth('admin'));
    expect(list.body).toMatchObject({ page: 1, pageSize: 50, total: list.body.items.length });
    expect(list.body.items.length).toBeGreaterThan(5);
    expect(list.body.items.every((u: Record<string, unknown>) => !('passwordHash' in u))).toBe(true);
    const base = { username: 'new-bureau', password: 'long-enough-1', displayName: '新用户', role: 'bureau', regionCode: '360100' };
    expect((await t.http.post('/api/v1/users').set(await t.auth('admin')).send(base)).status).toBe(400);
    expect((await t.http.post('/api/v1/users').set(await t.auth('admin')).send({ ...base, unitId: t.fixture.units.ncEeb, password: 'short' })).status).toBe(400);
    expect((await t.http.post('/api/v1/users').set(await t.auth('admin')).send({ ...base, unitId: t.fixture.units.ncEeb, role: 'boss' })).status).toBe(400);
    const ok = await t.http.post('/api/v1/users').set(await t.auth('admin')).send({ ...base, unitId: t.fixture.units.ncEeb });
    expect(ok.status).toBe(201);
    const dup = await t.http.post('/api/v1/users').set(await t.auth('admin')).send({ ...base, unitId: t.fixture.units.ncEeb });
    expect(dup.body.code).toBe('DUPLICATE');
    const login = await t.http.post('/api/v1/auth/login').send({ username: 'new-bureau', password: 'long-enough-1' });
    expect(login.status).toBe(200);
    const stored = await t.db.one<{ password_hash: string }>('SELECT password_hash FROM users WHERE username = ?', ['new-bureau']);
    expect(stored!.password_hash).toMatch(/^scrypt\$/);
    expect(stored!.password_hash).not.toContain('long-enough-1');
  });

  it('GET /workflows/case describes the machine as JSON and Mermaid', async () => {
    const json = await t.http.get('/api/v1/workflows/case').set(await t.auth('nc-bureau'));
    expect(json.body.transitions).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'assigned', event: 'ACCEPT', to: 'rectifying.inProgress', roles: ['bureau'], unit: 'lead' })]));
    expect(json.body.states).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'rectifying.inProgress', clock: 'rectification' })]));
    const mermaid = await t.http.get('/api/v1/workflows/case?format=mermaid').set(await t.auth('nc-bureau'));
    expect(mermaid.headers['content-type']).toMatch(/text\/plain/);
    expect(mermaid.text).toContain('stateDiagram-v2');
    expect(mermaid.text).toContain('verified --> closed: CLOSE');
    expect((await t.http.get('/api/v1/workflows/case?format=svg').set(await t.auth('nc-bureau'))).status).toBe(400);
  });

  it('GET /workflows lists the family; GET /workflows/:procedure gives each version as JSON and Mermaid', async () => {
    const auth = await t.auth('nc-bureau');
    const list = await t.http.get('/api/v1/workflows').set(auth);
    expect(list.status).toBe(200);
    expect(list.body.map((d: { procedure: string }) => d.procedure)).toEqual(['standard', 'inspection', 'warningFilm', 'petition']);
    expect(list.body.find((d: { procedure: string }) => d.procedure === 'petition')).toMatchObject({ reserved: true, latestVersion: 1 });
    const film = await t.http.get('/api/v1/workflows/warningFilm?version=1').set(auth);
    expect(film.body).toMatchObject({ procedure: 'warningFilm', version: 1, label: '警示片问题', reserved: false });
    // `case` is the alias of the latest `standard`.
    const alias = await t.http.get('/api/v1/workflows/case').set(auth);
    const standard = await t.http.get('/api/v1/workflows/standard').set(auth);
    expect(alias.body).toEqual(standard.body);
    expect(alias.body).toMatchObject({ procedure: 'standard', version: 1 });
    const mermaid = await t.http.get('/api/v1/workflows/inspection?format=mermaid').set(auth);
    expect(mermaid.text).toContain('verified --> closed: CLOSE');
    expect((await t.http.get('/api/v1/workflows/standard?version=9').set(auth)).status).toBe(404);
    for (const bad of ['/api/v1/workflows/nope', '/api/v1/workflows/standard?version=0', '/api/v1/workflows/standard?version=x', '/api/v1/workflows/standard?v=1']) {
      expect([bad, (await t.http.get(bad).set(auth)).status]).toEqual([bad, 400]);
    }
  });

  it('the manual clock moves only when an admin moves it', async () => {
    const before = await t.http.get('/api/v1/admin/clock').set(await t.auth('admin'));
    expect(before.body.now).toBe('2025-03-03T02:00:00.000Z');
    expect((await t.http.put('/api/v1/admin/clock').set(await t.auth('jx-supervisor')).send({ now: '2025-04-01T00:00:00Z' })).status).toBe(403);
    expect((await t.http.put('/api/v1/admin/clock').set(await t.auth('admin')).send({ now: 'soon' })).status).toBe(400);
    const moved = await t.http.put('/api/v1/admin/clock').set(await t.auth('admin')).send({ now: '2025-04-01T00:00:00+08:00' });
    expect(moved.body.now).toBe('2025-03-31T16:00:00.000Z');
    t.setNow('2025-03-03T02:00:00.000Z');
  });

  it('the OpenAPI document is served and has the bearer scheme', async () => {
    const doc = await t.http.get('/api/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{id}/events', '/api/v1/auth/login']));
  });
});
