import { createCase } from '../support/case-factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Issue 11 item 7: a duplicate-reference error names the existing case only to a caller who may see it. */
describe('duplicate externalRef', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const create = async (as: string, regionCode: string, externalRef: string) =>
    t.http
      .post('/api/v1/cases')
      .set(await t.auth(as))
      .send({ title: '重复编号', description: 'd', source: 'provincial_inspection', category: 'air', regionCode, externalRef });

  it('does not name a case in another province', async () => {
    const anhui = await createCase(t, { source: 'provincial_inspection', externalRef: 'DC-2025-001', regionCode: '340000' }, 'ah-inspector');
    const res = await create('nc-inspector', '360100', 'DC-2025-001');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DUPLICATE');
    expect(res.body).not.toHaveProperty('existingId');
    expect(JSON.stringify(res.body)).not.toContain(anhui.id);
  });

  it('names the existing case to a caller who can see it', async () => {
    const mine = await createCase(t, { source: 'provincial_inspection', externalRef: 'DC-2025-002' }, 'nc-inspector');
    const res = await create('nc-inspector', '360100', 'DC-2025-002');
    expect(res.status).toBe(409);
    expect(res.body.existingId).toBe(mine.id);
  });
});
