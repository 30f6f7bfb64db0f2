import { caseIn, createCase, sendOk } from '../support/case-factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Search over descriptions, progress notes and unit names; filters by lead unit, severity, people, escalation, extension, several states. */
describe('the case list: search and filters', () => {
  let t: TestApp;
  const ids = async (query: string, as = 'jx-supervisor') => {
    const res = await t.http.get(`/api/v1/cases?${query}&pageSize=100`).set(await t.auth(as));
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: string }>).map((c) => c.id).sort();
  };
  const sorted = (...list: string[]) => [...list].sort();
  let reported: { id: string };
  let major: { id: string };
  let rectifying: { id: string };
  let jiujiang: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    reported = await createCase(t, { title: '甲', description: '河道旁发现非法采砂点' });
    major = await createCase(t, { title: '乙', description: '普通描述', severity: 'major' });
    rectifying = await caseIn(t, 'rectifying.inProgress', { title: '丙', description: '普通描述' });
    await sendOk(t, rectifying.id, 'nc-bureau', { type: 'REPORT_PROGRESS', note: '已拆除违建码头三处' });
    jiujiang = await createCase(t, { title: '丁', description: '普通描述', regionCode: '360400' });
    await sendOk(t, jiujiang.id, 'jx-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.jjEeb, responsiblePerson: '王建国', leader: '李副市长' });
  });
  afterAll(() => t.close());

  it('q finds text in descriptions, progress notes and unit names', async () => {
    expect(await ids('q=非法采砂')).toEqual([reported.id]);
    expect(await ids('q=违建码头')).toEqual([rectifying.id]);
    expect(await ids(`q=${encodeURIComponent('九江市生态环境')}`)).toEqual([jiujiang.id]);
    expect(await ids(`q=${encodeURIComponent('东湖区人民政府')}`)).toEqual([rectifying.id]); // a co-unit
    expect(await ids('q=percent')).toEqual([]); // the note's text, not the payload's keys
  });

  it('filters by several states, severity, lead unit, responsible person and leader', async () => {
    expect(await ids('state=reported,assigned')).toEqual(sorted(reported.id, major.id, jiujiang.id));
    expect(await ids('state=assigned&state=rectifying.inProgress')).toEqual(sorted(jiujiang.id, rectifying.id));
    expect(await ids('severity=major')).toEqual([major.id]);
    expect(await ids(`leadUnitId=${t.fixture.units.jjEeb}`)).toEqual([jiujiang.id]);
    expect(await ids(`responsiblePerson=${encodeURIComponent('建国')}`)).toEqual([jiujiang.id]);
    expect(await ids(`leader=${encodeURIComponent('李副市长')}`)).toEqual([jiujiang.id]);
    expect((await t.http.get('/api/v1/cases?state=reported,lost').set(await t.auth('jx-supervisor'))).status).toBe(400);
  });

  it('filters by pending extension and by escalation level reached', async () => {
    expect(await ids('pendingExtension=true')).toEqual([]);
    await sendOk(t, rectifying.id, 'nc-bureau', { type: 'REQUEST_EXTENSION', requestedDueAt: '2025-04-15T15:59:59.999Z', reason: '汛期施工受阻' });
    expect(await ids('pendingExtension=true')).toEqual([rectifying.id]);
    expect(await ids('pendingExtension=false')).not.toContain(rectifying.id);
    await sendOk(t, rectifying.id, 'nc-supervisor', { type: 'REJECT_EXTENSION', reason: '理由不充分' });
    expect(await ids('pendingExtension=true')).toEqual([]);
    expect(await ids('minEscalationLevel=1')).toEqual([]);
    t.setNow('2025-03-20T02:00:00.000Z'); // the assignment and acceptance clocks of 3 March are past their dues
    expect((await t.http.post('/api/v1/admin/sweep').set(await t.auth('admin'))).status).toBe(200);
    expect(await ids('minEscalationLevel=1')).toEqual(sorted(reported.id, major.id, jiujiang.id)); // and 九江's acceptance clock
    expect(await ids('minEscalationLevel=0&state=reported')).toEqual(sorted(reported.id, major.id));
  });
});
