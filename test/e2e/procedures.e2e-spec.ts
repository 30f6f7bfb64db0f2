import { caseDefinition } from '@rectify/workflows';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, createCase, sendOk } from '../support/case-factory.js';
import { registerStandardV2WithNotice } from '../support/test-definitions.js';

/** Each case starts on the procedure its source maps to (policy) and keeps that definition's version (docs/procedures.md). */
describe('procedures: the definition a case starts on, and keeps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const stored = (id: string) => t.db.one<{ procedure: string; procedure_version: number }>('SELECT procedure, procedure_version FROM cases WHERE id = ?', [id]);

  it('picks the procedure by source: inspections, the warning film and the rest; the CREATED row records it', async () => {
    for (const [source, procedure, label] of [
      ['central_inspection', 'inspection', '督察问题'],
      ['provincial_inspection', 'inspection', '督察问题'],
      ['warning_film', 'warningFilm', '警示片问题'],
      ['routine', 'standard', '一般问题'],
      ['petition', 'standard', '一般问题'],
    ] as const) {
      const c = await createCase(t, { source });
      expect([source, c.procedure, c.procedureVersion, c.procedureLabel]).toEqual([source, procedure, 1, label]);
      expect(await stored(c.id)).toMatchObject({ procedure, procedure_version: 1 });
      const history = await t.http.get(`/api/v1/cases/${c.id}/history`).set(await t.auth('jx-inspector'));
      expect(history.body.items[0].payload).toMatchObject({ procedure, procedureVersion: 1 });
    }
  });

  it('an admin changes the mapping by policy; bad mappings are a 400 and change nothing', async () => {
    const admin = await t.auth('admin');
    const current = await t.http.get('/api/v1/policies').set(admin);
    const base = current.body.policy;
    expect(base.procedures.bySource).toMatchObject({ warning_film: 'warningFilm', routine: 'standard' });
    for (const bySource of [{ routine: 'petition' }, { routine: 'nope' }, { gossip: 'standard' }, []]) {
      const res = await t.http.put('/api/v1/policies').set(admin).send({ ...base, procedures: { bySource } });
      expect([JSON.stringify(bySource), res.status]).toEqual([JSON.stringify(bySource), 400]);
    }
    const saved = await t.http.put('/api/v1/policies').set(admin).send({ ...base, procedures: { bySource: { routine: 'inspection' } } });
    expect(saved.status).toBe(200);
    // A source left out keeps its default.
    expect(saved.body.policy.procedures.bySource).toMatchObject({ routine: 'inspection', warning_film: 'warningFilm' });
    expect((await createCase(t, { source: 'routine' })).procedure).toBe('inspection');
    expect((await createCase(t, { source: 'audit' })).procedure).toBe('standard');
    // Cases already started keep what they started on.
    const restore = await t.http.put('/api/v1/policies').set(admin).send({ ...base });
    expect(restore.status).toBe(200);
    expect((await createCase(t, { source: 'routine' })).procedure).toBe('standard');
  });

  it('a case started on version 1 finishes on version 1 after version 2 is registered', async () => {
    const old = await caseIn(t, 'verified', { source: 'routine' });
    expect(old).toMatchObject({ procedure: 'standard', procedureVersion: 1, stateDetail: 'verified' });

    // Version 2 of `standard` (a test definition): CLOSE from verified passes a notice state first.
    registerStandardV2WithNotice();
    expect(caseDefinition('standard')!.version).toBe(2);
    const listed = await t.http.get('/api/v1/workflows').set(await t.auth('nc-bureau'));
    expect(listed.body.find((d: { procedure: string }) => d.procedure === 'standard')).toMatchObject({ latestVersion: 2, versions: [{ version: 1 }, { version: 2 }] });
    expect((await t.http.get('/api/v1/workflows/standard?version=1&format=mermaid').set(await t.auth('nc-bureau'))).text).toContain('verified --> closed: CLOSE');
    expect((await t.http.get('/api/v1/workflows/standard?format=mermaid').set(await t.auth('nc-bureau'))).text).toContain('verified --> noticed: CLOSE');

    // A new case starts on version 2 ...
    const fresh = await createCase(t, { source: 'routine' });
    expect(fresh).toMatchObject({ procedure: 'standard', procedureVersion: 2 });
    // ... the running one stays on version 1 and closes directly, as it would have before.
    const closed = await sendOk(t, old.id, 'nc-supervisor', { type: 'CLOSE' });
    expect(closed).toMatchObject({ stateDetail: 'closed', procedureVersion: 1 });
    expect(await stored(old.id)).toMatchObject({ procedure: 'standard', procedure_version: 1 });
    const verify = await t.http.get(`/api/v1/cases/${old.id}/history/verify`).set(await t.auth('jx-inspector'));
    expect(verify.body.valid).toBe(true);
  });
});
