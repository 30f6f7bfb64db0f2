import { createCase } from '../support/case-factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * An admin's power is their region's subtree (docs/administration.md): jx-admin (江西 360000) and
 * ah-admin (安徽 340000) run their own province only; `admin` (100000) is the one national admin.
 */
describe('admin scope follows the region tree', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  const as = async (who: string) => t.auth(who);

  it('regions: a provincial admin adds regions below their own province only; a nation-level region is national work', async () => {
    const inAnhui = await t.http.post('/api/v1/regions').set(await as('jx-admin')).send({ code: '341000', name: '黄山市', level: 'city', parentCode: '340000' });
    expect(inAnhui.status).toBe(403);
    expect(inAnhui.body).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('outside your jurisdiction') });
    const nation = await t.http.post('/api/v1/regions').set(await as('jx-admin')).send({ code: '200000', name: '别国', level: 'nation' });
    expect(nation.status).toBe(403);
    expect((await t.http.get('/api/v1/regions?parentCode=340000').set(await as('admin'))).body.items.map((r: { code: string }) => r.code)).not.toContain('341000');
    const own = await t.http.post('/api/v1/regions').set(await as('jx-admin')).send({ code: '360200', name: '景德镇市', level: 'city', parentCode: '360000' });
    expect(own.status).toBe(201);
    expect((await t.http.post('/api/v1/regions').set(await as('admin')).send({ code: '341000', name: '黄山市', level: 'city', parentCode: '340000' })).status).toBe(201);
  });

  it('units: a provincial admin adds units in their subtree only', async () => {
    const inAnhui = await t.http.post('/api/v1/units').set(await as('jx-admin')).send({ name: '合肥市生态环境局', regionCode: '340000' });
    expect(inAnhui.status).toBe(403);
    const units = await t.http.get('/api/v1/units?regionCode=340000').set(await as('admin'));
    expect(units.body.items.map((u: { name: string }) => u.name)).not.toContain('合肥市生态环境局');
    expect((await t.http.post('/api/v1/units').set(await as('jx-admin')).send({ name: '南昌市水利局', regionCode: '360100' })).status).toBe(201);
  });

  it('users: a provincial admin lists and creates users of their subtree only; the national admin sees everyone', async () => {
    const jx = await t.http.get('/api/v1/users?pageSize=200').set(await as('jx-admin'));
    expect(jx.status).toBe(200);
    const regions = new Set(jx.body.items.map((u: { regionCode: string }) => u.regionCode));
    expect([...regions].every((code) => String(code).startsWith('36'))).toBe(true);
    expect(jx.body.items.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['jx-admin', 'nc-bureau', 'dh-bureau']));
    expect(jx.body.total).toBe(jx.body.items.length);
    expect((await t.http.get('/api/v1/users?regionCode=340000').set(await as('jx-admin'))).status).toBe(403);
    expect((await t.http.get('/api/v1/users?regionCode=999999').set(await as('jx-admin'))).status).toBe(404);
    const national = await t.http.get('/api/v1/users?pageSize=200').set(await as('admin'));
    expect(national.body.items.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['ah-bureau', 'jx-admin', 'admin']));
    const paged = await t.http.get('/api/v1/users?pageSize=2&page=2&role=bureau').set(await as('admin'));
    expect(paged.body).toMatchObject({ page: 2, pageSize: 2, items: [expect.objectContaining({ role: 'bureau' }), expect.objectContaining({ role: 'bureau' })] });
    const body = { username: 'ah-new', password: 'long-enough-1', displayName: '安徽新用户', role: 'inspector', regionCode: '340000' };
    expect((await t.http.post('/api/v1/users').set(await as('jx-admin')).send(body)).status).toBe(403);
    expect((await t.http.post('/api/v1/auth/login').send({ username: 'ah-new', password: 'long-enough-1' })).status).toBe(401);
    expect((await t.http.post('/api/v1/users').set(await as('jx-admin')).send({ ...body, username: 'nc-new', regionCode: '360100' })).status).toBe(201);
  });

  it("cases: a provincial admin reads their province's cases, never another province's (404, as for anyone)", async () => {
    const anhui = await createCase(t, { regionCode: '340000' }, 'ah-inspector');
    const jiangxi = await createCase(t);
    expect((await t.http.get(`/api/v1/cases/${anhui.id}`).set(await as('jx-admin'))).status).toBe(404);
    expect((await t.http.get(`/api/v1/cases/${anhui.id}/history`).set(await as('jx-admin'))).status).toBe(404);
    expect((await t.http.get(`/api/v1/cases/${jiangxi.id}`).set(await as('jx-admin'))).status).toBe(200);
    expect((await t.http.get(`/api/v1/cases/${anhui.id}`).set(await as('admin'))).status).toBe(200);
    const list = await t.http.get('/api/v1/cases?pageSize=100').set(await as('jx-admin'));
    const ids = list.body.items.map((c: { id: string }) => c.id);
    expect(ids).toContain(jiangxi.id);
    expect(ids).not.toContain(anhui.id);
    expect((await t.http.post('/api/v1/cases').set(await as('jx-admin')).send({ title: 't', description: 'd', source: 'routine', category: 'air', regionCode: '340000' })).status).toBe(403);
    const event = await t.http.post(`/api/v1/cases/${anhui.id}/events`).set(await as('jx-admin')).send({ type: 'WITHDRAW', reason: '越权' });
    expect(event.status).toBe(404);
  });

  it('the sweep and the manual clock touch every region: national admins only', async () => {
    expect((await t.http.post('/api/v1/admin/sweep').set(await as('jx-admin'))).status).toBe(403);
    expect((await t.http.put('/api/v1/admin/clock').set(await as('jx-admin')).send({ now: '2025-04-01T00:00:00Z' })).status).toBe(403);
    expect((await t.http.get('/api/v1/admin/clock').set(await as('admin'))).body.now).toBe('2025-03-03T02:00:00.000Z');
  });
});
