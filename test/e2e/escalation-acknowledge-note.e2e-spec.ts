import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectError, inbox, rectifyingCase, sweep } from './escalation-test-helpers.js';

/** `POST /escalations/:id/acknowledge {note}`: the note is kept, shown in the inbox and the case history. */
describe('acknowledging an escalation with a note', () => {
  let t: TestApp;
  let caseId: string;
  beforeAll(async () => {
    t = await startTestApp({ start: '2025-03-03T02:00:00.000Z' });
    caseId = (await rectifyingCase(t, '2025-03-14T15:59:59.999Z')).id;
    t.setNow('2025-06-02T02:00:00.000Z');
    await sweep(t);
  });
  afterAll(async () => t.close());

  it('refuses unknown fields and bad notes, changing nothing', async () => {
    const [l1] = (await inbox(t, 'nc-supervisor', { caseId, level: 1 })).items;
    const ack = async (body: unknown) => t.http.post(`/api/v1/escalations/${l1!.id}/acknowledge`).set(await t.auth('nc-supervisor')).send(body as object);
    expectError(await ack({ note: '已电话催办', remark: 'x' }), 400, 'VALIDATION_FAILED');
    expectError(await ack({ note: 42 }), 400, 'VALIDATION_FAILED');
    expectError(await ack({ note: 'x'.repeat(1001) }), 400, 'VALIDATION_FAILED');
    expect((await inbox(t, 'nc-supervisor', { caseId, level: 1 })).items[0]).toMatchObject({ status: 'open', acknowledgeNote: null });
  });

  it('keeps the note: the inbox shows it and the case history records the acknowledgement', async () => {
    const [l1] = (await inbox(t, 'nc-supervisor', { caseId, level: 1 })).items;
    const before = (await t.http.get(`/api/v1/cases/${caseId}`).set(await t.auth('admin'))).body;
    const res = await t.http.post(`/api/v1/escalations/${l1!.id}/acknowledge`).set(await t.auth('nc-supervisor')).send({ note: '已电话催办' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'acknowledged', acknowledgeNote: '已电话催办' });
    expect((await inbox(t, 'jx-supervisor', { caseId, level: 1 })).items[0]).toMatchObject({ acknowledgeNote: '已电话催办' });
    const history = (await t.http.get(`/api/v1/cases/${caseId}/history`).set(await t.auth('nc-supervisor'))).body.items;
    expect(history.at(-1)).toMatchObject({
      type: 'ESCALATION_ACKNOWLEDGED',
      from: 'rectifying.inProgress',
      to: 'rectifying.inProgress',
      payload: { escalationId: l1!.id, clock: 'rectification', level: 1, note: '已电话催办' },
    });
    const after = (await t.http.get(`/api/v1/cases/${caseId}`).set(await t.auth('admin'))).body;
    expect(after.version).toBe(before.version + 1);
    expect(after.clock).toEqual(before.clock);
    expect((await t.http.get(`/api/v1/cases/${caseId}/history/verify`).set(await t.auth('admin'))).body).toMatchObject({ valid: true });
    // Acknowledging again changes nothing: no second history entry, the first note stands.
    const again = await t.http.post(`/api/v1/escalations/${l1!.id}/acknowledge`).set(await t.auth('jx-supervisor')).send({ note: '再次催办' });
    expect(again.body.acknowledgeNote).toBe('已电话催办');
    expect((await t.http.get(`/api/v1/cases/${caseId}/history`).set(await t.auth('admin'))).body.items).toHaveLength(history.length);
  });

  it('still takes no body at all', async () => {
    const [l2] = (await inbox(t, 'jx-supervisor', { caseId, level: 2 })).items;
    const res = await t.http.post(`/api/v1/escalations/${l2!.id}/acknowledge`).set(await t.auth('jx-supervisor'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'acknowledged', acknowledgeNote: null });
  });
});
