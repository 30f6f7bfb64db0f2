import { startTestApp, type TestApp } from '../support/test-app.js';
import { send, sendOk } from '../support/case-factory.js';
import { expectError, getCase, inbox, MINUTE, rectifyingCase, shift, sweep } from './escalation-test-helpers.js';

const DAY = 24 * 3600 * 1000;
const DUE = '2025-03-31T15:59:59.999Z'; // end of Monday 2025-03-31
const WARNING_AT = '2025-03-27T15:59:59.999Z'; // level 0: two working days before (03-28 Fri, 03-27 Thu)
const EXTENDED = '2025-04-10T15:59:59.999Z'; // ten days later
const EXTENDED_WARNING_AT = '2025-04-08T15:59:59.999Z'; // 04-09 Wed, 04-08 Tue (Qingming 04-04..06 lies before)
const request = (requestedDueAt: string, extra: Record<string, unknown> = {}) => ({ type: 'REQUEST_EXTENSION', requestedDueAt, reason: '雨季施工受阻，申请延期', ...extra });

describe('extensions (延期)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ start: '2025-03-03T02:00:00.000Z' })));
  afterAll(async () => t.close());

  it('checks who asks and what they ask for before anything changes', async () => {
    const c = await rectifyingCase(t, DUE);
    expectError(await send(t, c.id, 'nc-supervisor', request(EXTENDED)), 403, 'FORBIDDEN');
    expectError(await send(t, c.id, 'jj-bureau', request(EXTENDED)), 404, 'NOT_FOUND');
    expectError(await send(t, c.id, 'nc-bureau', request(DUE)), 400, 'VALIDATION_FAILED'); // not later than the due
    expectError(await send(t, c.id, 'nc-bureau', request(shift(DUE, 30 * DAY + 1))), 400, 'VALIDATION_FAILED'); // beyond maxDays (30)
    expectError(await send(t, c.id, 'nc-bureau', request('2025-04-10')), 400, 'VALIDATION_FAILED'); // not an instant
    expectError(await send(t, c.id, 'nc-bureau', { type: 'REQUEST_EXTENSION', requestedDueAt: EXTENDED }), 400, 'VALIDATION_FAILED');
    expectError(await send(t, c.id, 'nc-bureau', request(EXTENDED, { newDueAt: EXTENDED })), 400, 'VALIDATION_FAILED');
    expectError(await send(t, c.id, 'nc-supervisor', { type: 'APPROVE_EXTENSION' }), 409, 'INVALID_TRANSITION'); // nothing pending
    const unchanged = await getCase(t, c.id);
    expect(unchanged).toMatchObject({ version: c.version, rectificationDueAt: DUE, extension: { pending: null, approvedCount: 0 } });
    // Exactly maxDays later is allowed.
    expect((await sendOk(t, c.id, 'nc-bureau', request(shift(DUE, 30 * DAY)))).extension).toMatchObject({ pending: { requestedDueAt: shift(DUE, 30 * DAY) } });
  });

  it('keeps one request pending at a time; a rejection leaves the due alone', async () => {
    const c = await rectifyingCase(t, DUE);
    const pending = await sendOk(t, c.id, 'nc-bureau', request(EXTENDED));
    expect(pending).toMatchObject({
      rectificationDueAt: DUE,
      extension: { pending: { requestedDueAt: EXTENDED, reason: '雨季施工受阻，申请延期', requestedAt: '2025-03-03T02:00:00.000Z' }, approvedCount: 0 },
    });
    expect((await getCase(t, c.id, 'nc-supervisor')).allowedEvents).toEqual(expect.arrayContaining(['APPROVE_EXTENSION', 'REJECT_EXTENSION']));
    expect((await getCase(t, c.id, 'nc-bureau')).allowedEvents).not.toContain('REQUEST_EXTENSION');
    expectError(await send(t, c.id, 'nc-bureau', request(shift(EXTENDED, DAY))), 409, 'INVALID_TRANSITION');
    expectError(await send(t, c.id, 'nc-bureau', { type: 'APPROVE_EXTENSION' }), 403, 'FORBIDDEN');
    const rejected = await sendOk(t, c.id, 'nc-supervisor', { type: 'REJECT_EXTENSION', reason: '理由不充分' });
    expect(rejected).toMatchObject({ rectificationDueAt: DUE, originalDueAt: DUE, extension: { pending: null, approvedCount: 0 } });
    expect((rejected.clock as { dueAt: string }).dueAt).toBe(DUE);
  });

  it('approval moves the due, keeps originalDueAt, starts a new clock and resolves the old clock’s escalations', async () => {
    t.setNow('2025-03-03T02:00:00.000Z');
    const c = await rectifyingCase(t, DUE);
    const firstClock = (await getCase(t, c.id)).clock!;

    t.setNow(shift(WARNING_AT, MINUTE));
    await sweep(t);
    expect((await getCase(t, c.id)).escalationLevel).toBe(0);
    const [warning] = (await inbox(t, 'admin', { caseId: c.id })).items;
    expect(warning).toMatchObject({ level: 0, dueAt: DUE, status: 'open' });

    await sendOk(t, c.id, 'nc-bureau', request(EXTENDED));
    const approvedAt = shift(WARNING_AT, 2 * MINUTE);
    t.setNow(approvedAt);
    const approved = await sendOk(t, c.id, 'nc-supervisor', { type: 'APPROVE_EXTENSION', note: '同意延期十天' });
    expect(approved).toMatchObject({
      stateDetail: 'rectifying.inProgress',
      rectificationDueAt: EXTENDED,
      originalDueAt: DUE,
      extension: { pending: null, approvedCount: 1 },
      clock: { name: 'rectification', startedAt: approvedAt, dueAt: EXTENDED, status: 'onTrack' },
      escalationLevel: null,
    });
    expect((approved.clock as { startedAt: string }).startedAt).not.toBe(firstClock.startedAt);
    expect((await inbox(t, 'admin', { caseId: c.id })).items).toEqual([
      expect.objectContaining({ id: warning!.id, status: 'resolved', resolvedAt: approvedAt }),
    ]);
    const history = await t.http.get(`/api/v1/cases/${c.id}/history`).set(await t.auth('admin'));
    expect(history.body.items.at(-1)).toMatchObject({ type: 'APPROVE_EXTENSION', payload: { previousDueAt: DUE, newDueAt: EXTENDED } });

    // The new clock climbs its own ladder from the new due; the old one never fires again.
    const countFor = async () => (await inbox(t, 'admin', { caseId: c.id })).total;
    await sweep(t);
    expect(await countFor()).toBe(1);
    t.setNow(shift(EXTENDED_WARNING_AT, -MINUTE));
    await sweep(t);
    expect(await countFor()).toBe(1);
    t.setNow(shift(EXTENDED_WARNING_AT, MINUTE));
    await sweep(t);
    const after = (await inbox(t, 'admin', { caseId: c.id })).items;
    expect(after.map((i) => [i.level, i.dueAt, i.status]).sort()).toEqual([
      [0, DUE, 'resolved'],
      [0, EXTENDED, 'open'],
    ]);
    expect((await getCase(t, c.id)).escalationLevel).toBe(0);
  });

  it('allows at most maxCount (2) approved extensions, then 409 EXTENSION_LIMIT', async () => {
    t.setNow('2025-03-03T02:00:00.000Z');
    const c = await rectifyingCase(t, DUE);
    let due = DUE;
    for (let i = 1; i <= 2; i++) {
      due = shift(due, 20 * DAY);
      await sendOk(t, c.id, 'nc-bureau', request(due));
      const approved = await sendOk(t, c.id, 'nc-supervisor', { type: 'APPROVE_EXTENSION' });
      expect(approved).toMatchObject({ rectificationDueAt: due, originalDueAt: DUE, extension: { approvedCount: i } });
    }
    expect((await getCase(t, c.id, 'nc-bureau')).allowedEvents).not.toContain('REQUEST_EXTENSION');
    expectError(await send(t, c.id, 'nc-bureau', request(shift(due, DAY))), 409, 'EXTENSION_LIMIT');
  });

  it('refuses a request filed after the due with 409 EXTENSION_TOO_LATE', async () => {
    t.setNow('2025-03-03T02:00:00.000Z');
    const c = await rectifyingCase(t, DUE);
    t.setNow(shift(DUE, MINUTE));
    expectError(await send(t, c.id, 'nc-bureau', request(EXTENDED)), 409, 'EXTENSION_TOO_LATE');
    expect((await getCase(t, c.id)).extension.pending).toBeNull();
  });

  it('follows the extension policy in force', async () => {
    t.setNow('2025-03-03T02:00:00.000Z');
    const policy = (await t.http.get('/api/v1/policies').set(await t.auth('admin'))).body.policy;
    const put = await t.http
      .put('/api/v1/policies')
      .set(await t.auth('admin'))
      .send({ ...policy, extension: { maxDays: 5, maxCount: 1 } });
    expect(put.status).toBe(200);
    const c = await rectifyingCase(t, DUE);
    expectError(await send(t, c.id, 'nc-bureau', request(shift(DUE, 6 * DAY))), 400, 'VALIDATION_FAILED');
    await sendOk(t, c.id, 'nc-bureau', request(shift(DUE, 5 * DAY)));
    await sendOk(t, c.id, 'nc-supervisor', { type: 'APPROVE_EXTENSION' });
    expectError(await send(t, c.id, 'nc-bureau', request(shift(DUE, 6 * DAY))), 409, 'EXTENSION_LIMIT');
  });
});
