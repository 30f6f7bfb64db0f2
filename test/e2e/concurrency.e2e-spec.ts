import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, send } from '../support/case-factory.js';

describe('concurrency: nothing lost, nothing applied twice', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it('of 50 concurrent commands against one version exactly one succeeds, the rest get 409 VERSION_CONFLICT', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const headers = { 'If-Match': `"${c.version}"` };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send(t, c.id, 'nc-bureau', { type: 'REPORT_PROGRESS', note: `racer ${i}` }, headers)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'VERSION_CONFLICT')).toBe(true);
    const after = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('nc-bureau'));
    expect(after.body.version).toBe(c.version + 1);
    const history = await t.http.get(`/api/v1/cases/${c.id}/history`).set(await t.auth('nc-bureau'));
    expect(history.body.items.filter((e: { type: string }) => e.type === 'REPORT_PROGRESS')).toHaveLength(1);
  });

  it('a burst of unversioned commands is serialised: none lost, each in the history once, version rises by the accepted count', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const notes = Array.from({ length: 40 }, (_, i) => `burst ${i}`);
    const results = await Promise.all(notes.map((note, i) => send(t, c.id, i % 2 ? 'nc-bureau' : 'dh-bureau', { type: 'REPORT_PROGRESS', note })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const after = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('nc-bureau'));
    expect(after.body.version).toBe(c.version + notes.length);
    const history = await t.http.get(`/api/v1/cases/${c.id}/history`).set(await t.auth('nc-bureau'));
    const recorded = history.body.items.filter((e: { type: string }) => e.type === 'REPORT_PROGRESS').map((e: { payload: { note: string } }) => e.payload.note);
    expect([...recorded].sort()).toEqual([...notes].sort());
    expect(history.body.items.map((e: { seq: number }) => e.seq)).toEqual(history.body.items.map((_: unknown, i: number) => i + 1));
    const verify = await t.http.get(`/api/v1/cases/${c.id}/history/verify`).set(await t.auth('nc-bureau'));
    expect(verify.body.valid).toBe(true);
  });

  it('racing different transitions: exactly one of ACCEPT and RETURN wins', async () => {
    const c = await caseIn(t, 'assigned');
    const [a, b] = await Promise.all([
      send(t, c.id, 'nc-bureau', { type: 'ACCEPT' }),
      send(t, c.id, 'nc-bureau', { type: 'RETURN', reason: '不属于本单位职责范围' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const after = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('nc-supervisor'));
    expect(after.body.version).toBe(c.version + 1);
  });

  it('concurrent commands on many cases all land (group commit keeps each one separate)', async () => {
    const cases = await Promise.all(Array.from({ length: 10 }, () => caseIn(t, 'assigned')));
    const results = await Promise.all(
      cases.flatMap((c, i) => [
        send(t, c.id, 'nc-bureau', { type: 'ACCEPT' }),
        // every third case gets a bad command in the same burst; it must not take the others down
        ...(i % 3 === 0 ? [send(t, c.id, 'nc-inspector', { type: 'VERIFY_PASS' })] : []),
      ]),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    expect(results.filter((r) => r.status === 409)).toHaveLength(4);
    for (const c of cases) {
      const v = await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('nc-bureau'));
      expect(v.body.stateDetail).toBe('rectifying.inProgress');
    }
  });
});
