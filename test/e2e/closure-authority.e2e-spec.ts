import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, send, sendOk } from '../support/case-factory.js';

/** docs/deadlines.md "Closure authority": who may CLOSE (销号) and VERIFY_PASS depends on the source, by policy. */
describe('closure authority by source and level', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  const view = async (id: string, as: string) => (await t.http.get(`/api/v1/cases/${id}`).set(await t.auth(as))).body as { allowedEvents: string[]; stateDetail: string };

  it('a central-inspection problem is closed by the province’s supervisors, not a city’s', async () => {
    const c = await caseIn(t, 'verified', { source: 'central_inspection' });
    expect((await view(c.id, 'nc-supervisor')).allowedEvents).not.toContain('CLOSE');
    const refused = await send(t, c.id, 'nc-supervisor', { type: 'CLOSE', note: '同意销号' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/province/);
    expect((await view(c.id, 'admin')).stateDetail).toBe('verified');
    expect((await view(c.id, 'jx-supervisor')).allowedEvents).toContain('CLOSE');
    expect((await sendOk(t, c.id, 'jx-supervisor', { type: 'CLOSE', note: '省整改办审核同意销号' })).stateDetail).toBe('closed');
  });

  it('a provincial-inspection problem is closed where it is handled (the city), by default', async () => {
    const c = await caseIn(t, 'verified');
    expect((await view(c.id, 'nc-supervisor')).allowedEvents).toContain('CLOSE');
    await sendOk(t, c.id, 'nc-supervisor', { type: 'CLOSE' });
  });

  it('the policy decides: verification and closure levels per source, validated', async () => {
    const current = (await t.http.get('/api/v1/policies').set(await t.auth('admin'))).body;
    expect(current.policy.closure.bySource.central_inspection).toEqual({ close: 'province', verify: 'city' });
    const save = async (closure: unknown) => t.http.put('/api/v1/policies').set(await t.auth('admin')).send({ ...current.policy, closure });
    expect((await save({ bySource: { nowhere: { close: 'province' } } })).status).toBe(400);
    expect((await save({ bySource: { audit: { close: 'planet' } } })).status).toBe(400);
    expect((await save({ bySource: { audit: { sign: 'province' } } })).status).toBe(400);
    const saved = await save({ bySource: { audit: { close: 'province', verify: 'province' } } });
    expect(saved.status).toBe(200);
    expect(saved.body.policy.closure).toEqual({ bySource: { audit: { close: 'province', verify: 'province' } } });

    const c = await caseIn(t, 'rectifying.awaitingVerification', { source: 'audit' });
    expect((await send(t, c.id, 'nc-inspector', { type: 'VERIFY_PASS' })).status).toBe(403);
    await sendOk(t, c.id, 'jx-inspector', { type: 'VERIFY_PASS' });
    expect((await send(t, c.id, 'nc-supervisor', { type: 'CLOSE' })).status).toBe(403);
    await sendOk(t, c.id, 'jx-supervisor', { type: 'CLOSE' });
    // Central inspection is no longer listed: any supervisor who sees the case may close it.
    const central = await caseIn(t, 'verified', { source: 'central_inspection' });
    await sendOk(t, central.id, 'nc-supervisor', { type: 'CLOSE' });

    // Leaving `closure` out of a PUT brings the defaults back.
    const { closure: _c, ...withoutClosure } = current.policy;
    const reset = await t.http.put('/api/v1/policies').set(await t.auth('admin')).send(withoutClosure);
    expect(reset.body.policy.closure.bySource.central_inspection).toEqual({ close: 'province', verify: 'city' });
  });
});
