import { inbox, rectifyingCase, sweep } from '../e2e/escalation-test-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 11 item 6: escalation recipients of every level are people who can see the case. A 360000
 * (province) case led by a 360400 (九江) unit: its 预警 (level 0) goes to the lead unit and to the provincial
 * supervisor who owns the case, never to the 九江 supervisor, to whom the case is a 404.
 */
describe('escalation recipients can see the case', () => {
  let t: TestApp;
  let provincial: string;
  let local: string;

  beforeAll(async () => {
    t = await startTestApp({ start: '2025-03-03T02:00:00.000Z' });
    const due = '2025-03-14T15:59:59.999Z';
    provincial = (await rectifyingCase(t, due, { regionCode: '360000', leadUnitId: t.fixture.units.jjEeb, assigner: 'jx-supervisor', acceptor: 'jj-bureau' })).id;
    local = (await rectifyingCase(t, due, { regionCode: '360400', leadUnitId: t.fixture.units.jjEeb, assigner: 'jj-supervisor', acceptor: 'jj-bureau' })).id;
    t.setNow('2025-06-02T02:00:00.000Z');
    await sweep(t);
  });
  afterAll(async () => t?.close());

  const levelsOf = async (as: string, caseId: string) => (await inbox(t, as, { caseId })).items.map((i) => i.level).sort();

  it('the 九江 supervisor neither sees nor acknowledges escalations of a provincial case (a 404 case to them)', async () => {
    expect((await t.http.get(`/api/v1/cases/${provincial}`).set(await t.auth('jj-supervisor'))).status).toBe(404);
    expect(await levelsOf('jj-supervisor', provincial)).toEqual([]);
    const [warning] = (await inbox(t, 'admin', { caseId: provincial, level: 0 })).items;
    expect(warning).toBeDefined();
    expect((await t.http.post(`/api/v1/escalations/${warning!.id}/acknowledge`).set(await t.auth('jj-supervisor')).send({})).status).toBe(404);
  });

  it('the provincial supervisor who owns the case sees and acknowledges its 预警', async () => {
    expect(await levelsOf('jx-supervisor', provincial)).toContain(0);
    const [warning] = (await inbox(t, 'jx-supervisor', { caseId: provincial, level: 0 })).items;
    const ack = await t.http.post(`/api/v1/escalations/${warning!.id}/acknowledge`).set(await t.auth('jx-supervisor')).send({ note: '省厅督办' });
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
  });

  it('the lead unit still gets the 预警 of both cases; a city case stays with the city supervisor', async () => {
    expect(await levelsOf('jj-bureau', provincial)).toEqual([0]);
    expect(await levelsOf('jj-bureau', local)).toEqual([0]);
    expect(await levelsOf('jj-supervisor', local)).toContain(0);
  });

  it('for every level and jurisdiction shape, whoever sees an escalation can see its case', async () => {
    for (const as of ['jx-supervisor', 'nc-supervisor', 'jj-supervisor', 'ah-supervisor', 'jj-bureau', 'nc-bureau', 'jx-admin', 'ah-admin']) {
      for (const item of (await inbox(t, as)).items) {
        const res = await t.http.get(`/api/v1/cases/${item.caseId}`).set(await t.auth(as));
        expect({ as, level: item.level, status: res.status }).toEqual({ as, level: item.level, status: 200 });
      }
    }
  });
});
