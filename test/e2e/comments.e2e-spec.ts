import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, createCase, send, sendOk } from '../support/case-factory.js';

/** Comments on a case (docs/comments.md): the thread, internal notes, edits, @mentions, the history chain. */
describe('comments on a case', () => {
  let t: TestApp;
  const userId = async (username: string) => String((await t.db.one<{ id: string }>('SELECT id FROM users WHERE username = ?', [username]))!.id);
  const comments = async (as: string, caseId: string) => {
    const res = await t.http.get(`/api/v1/cases/${caseId}/comments`).set(await t.auth(as));
    expect(res.status).toBe(200);
    return res.body as { items: Array<{ id: string; body: string; internal: boolean; edited: boolean; revision: number; editable: boolean; author: { username: string }; mentions: { users: Array<{ username: string }>; units: Array<{ name: string }> } }>; total: number; page: number; pageSize: number };
  };
  const post = async (as: string, caseId: string, body: Record<string, unknown>) => t.http.post(`/api/v1/cases/${caseId}/comments`).set(await t.auth(as)).send(body);
  const patch = async (as: string, caseId: string, commentId: string, body: Record<string, unknown>) =>
    t.http.patch(`/api/v1/cases/${caseId}/comments/${commentId}`).set(await t.auth(as)).send(body);
  const bell = async (as: string, caseId: string) => {
    const res = await t.http.get('/api/v1/notifications').query({ pageSize: 100 }).set(await t.auth(as));
    return (res.body.items as Array<{ kind: string; caseId: string; message: string }>).filter((n) => n.caseId === caseId);
  };
  const history = async (as: string, caseId: string) => (await t.http.get(`/api/v1/cases/${caseId}/history`).set(await t.auth(as))).body.items as Array<{ seq: number; type: string; payload: Record<string, unknown> }>;
  const verify = async (caseId: string) => (await t.http.get(`/api/v1/cases/${caseId}/history/verify`).set(await t.auth('jx-supervisor'))).body;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('a supervisor and the lead unit talk on a case; @mentions notify once; the case’s version and state stay', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const first = await post('nc-supervisor', c.id, { body: '  请本周五前补充现场照片。  ', mentions: { unitIds: [t.fixture.units.ncEeb] } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ body: '请本周五前补充现场照片。', internal: false, revision: 1, edited: false, editable: true, mentions: { units: [{ name: '南昌市生态环境局' }] } });
    const reply = await post('nc-bureau', c.id, { body: '收到，正在整理。', mentions: { userIds: [await userId('nc-supervisor')] } });
    expect(reply.status).toBe(201);

    expect((await bell('nc-bureau', c.id)).filter((n) => n.kind === 'mentioned')).toEqual([expect.objectContaining({ message: expect.stringContaining('请本周五前补充现场照片') })]);
    expect((await bell('nc-supervisor', c.id)).filter((n) => n.kind === 'mentioned')).toHaveLength(1);
    expect((await bell('dh-bureau', c.id)).filter((n) => n.kind === 'mentioned')).toEqual([]);

    const thread = await comments('nc-bureau', c.id);
    expect(thread).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect(thread.items.map((i) => [i.author.username, i.body, i.editable])).toEqual([
      ['nc-supervisor', '请本周五前补充现场照片。', false],
      ['nc-bureau', '收到，正在整理。', true],
    ]);
    // the co-unit and the province see it; another province does not even see the case
    expect((await comments('dh-bureau', c.id)).total).toBe(2);
    expect((await comments('jx-inspector', c.id)).total).toBe(2);
    expect((await t.http.get(`/api/v1/cases/${c.id}/comments`).set(await t.auth('ah-supervisor'))).status).toBe(404);
    expect((await post('jj-bureau', c.id, { body: '看不到的案件' })).status).toBe(404);

    // the case did not move: same version, same state; a transition with the old If-Match still goes
    const now = (await t.http.get(`/api/v1/cases/${c.id}`).set(await t.auth('nc-supervisor'))).body;
    expect(now.version).toBe(c.version);
    expect(now.stateDetail).toBe('rectifying.inProgress');
    const progressed = await send(t, c.id, 'nc-bureau', { type: 'REPORT_PROGRESS', note: '已完成一半' }, { 'If-Match': `"${c.version}"` });
    expect(progressed.status).toBe(200);

    const rows = await history('nc-supervisor', c.id);
    expect(rows.map((r) => r.type).slice(-3)).toEqual(['COMMENT_ADDED', 'COMMENT_ADDED', 'REPORT_PROGRESS']);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(await verify(c.id)).toMatchObject({ valid: true, length: rows.length });
  });

  it('internal notes: supervisors and inspectors only — never in a bureau’s thread, history or bell', async () => {
    const c = await caseIn(t, 'assigned');
    expect((await post('nc-bureau', c.id, { body: '内部？', internal: true })).status).toBe(403);
    expect((await post('admin', c.id, { body: '内部？', internal: true })).status).toBe(403);
    const bureauMention = await post('nc-supervisor', c.id, { body: '内部备注', internal: true, mentions: { unitIds: [t.fixture.units.ncEeb] } });
    expect(bureauMention.status).toBe(400);
    expect(bureauMention.body.message).toContain('南昌市生态环境局');
    const note = await post('nc-supervisor', c.id, { body: '该单位上次整改弄虚作假，验收从严。', internal: true, mentions: { userIds: [await userId('nc-inspector')] } });
    expect(note.status).toBe(201);
    await post('nc-supervisor', c.id, { body: '公开的意见' });

    expect((await comments('nc-inspector', c.id)).items.map((i) => i.internal)).toEqual([true, false]);
    expect((await comments('nc-bureau', c.id)).items.map((i) => i.body)).toEqual(['公开的意见']);
    expect((await comments('nc-bureau', c.id)).total).toBe(1);
    expect(JSON.stringify(await history('nc-bureau', c.id))).not.toContain('弄虚作假');
    expect(JSON.stringify(await history('nc-supervisor', c.id))).toContain('弄虚作假');
    expect((await t.http.get(`/api/v1/cases/${c.id}/comments/${note.body.id}/revisions`).set(await t.auth('nc-bureau'))).status).toBe(404);
    expect((await bell('nc-inspector', c.id)).filter((n) => n.kind === 'mentioned')).toHaveLength(1);
    expect(await verify(c.id)).toMatchObject({ valid: true });
  });

  it('edits keep every revision; only the author edits; new mentions notify, old ones not again', async () => {
    const c = await caseIn(t, 'rectifying.inProgress');
    const created = (await post('nc-supervisor', c.id, { body: '第一稿', mentions: { unitIds: [t.fixture.units.ncEeb] } })).body;
    expect((await patch('nc-bureau', c.id, created.id, { body: '改别人的' })).status).toBe(403);
    expect((await patch('nc-supervisor', c.id, created.id, { body: '第一稿' })).status).toBe(400);
    const edited = await patch('nc-supervisor', c.id, created.id, { body: '第二稿', mentions: { unitIds: [t.fixture.units.ncEeb, t.fixture.units.dhGov] } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: '第二稿', revision: 2, edited: true });
    expect(edited.body.mentions.units.map((u: { name: string }) => u.name)).toEqual(['南昌市生态环境局', '东湖区人民政府']);
    const revisions = await t.http.get(`/api/v1/cases/${c.id}/comments/${created.id}/revisions`).set(await t.auth('nc-bureau'));
    expect(revisions.status).toBe(200);
    expect(revisions.body.items.map((r: { revision: number; body: string }) => [r.revision, r.body])).toEqual([[1, '第一稿'], [2, '第二稿']]);
    expect((await bell('nc-bureau', c.id)).filter((n) => n.kind === 'mentioned')).toHaveLength(1);
    expect((await bell('dh-bureau', c.id)).filter((n) => n.kind === 'mentioned')).toHaveLength(1);
    const rows = await history('nc-supervisor', c.id);
    expect(rows.at(-1)).toMatchObject({ type: 'COMMENT_EDITED', payload: { commentId: created.id, revision: 2, body: '第二稿' } });
    expect(await verify(c.id)).toMatchObject({ valid: true });
    // a tampered comment row in the chain shows
    const seq = rows.at(-1)!.seq;
    // as an attacker with database access would: on PostgreSQL the append-only trigger must be disabled first
    await t.db.write(async (tx) => {
      const pg = tx.dialect === 'postgres';
      if (pg) await tx.run('ALTER TABLE case_events DISABLE TRIGGER case_events_no_update');
      await tx.run("UPDATE case_events SET payload = REPLACE(payload, '第二稿', '篡改稿') WHERE case_id = ? AND seq = ?", [c.id, seq]);
      if (pg) await tx.run('ALTER TABLE case_events ENABLE TRIGGER case_events_no_update');
    });
    expect(await verify(c.id)).toMatchObject({ valid: false, brokenAt: seq });
  });

  it('bad input is a 4xx naming the problem', async () => {
    const c = await createCase(t);
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ body: '' }, 400, 'body'],
      [{ body: '   ' }, 400, 'body'],
      [{}, 400, 'body'],
      [{ body: 'x'.repeat(5001) }, 400, 'body'],
      [{ body: 'a\u0000b' }, 400, 'NUL'],
      [{ body: 'ok', internal: 'yes' }, 400, 'internal'],
      [{ body: 'ok', extra: 1 }, 400, 'extra'],
      [{ body: 'ok', mentions: { userIds: ['not-a-uuid'] } }, 400, 'UUID'],
      [{ body: 'ok', mentions: { userIds: ['00000000-0000-4000-8000-000000000000'] } }, 400, '00000000-0000-4000-8000-000000000000'],
      [{ body: 'ok', mentions: { unitIds: ['00000000-0000-4000-8000-000000000001'] } }, 400, 'no such unit'],
      [{ body: 'ok', mentions: { userIds: [await userId('ah-bureau')] } }, 400, 'ah-bureau'],
      [{ body: 'ok', mentions: { unitIds: [t.fixture.units.jjEeb] } }, 400, '九江市生态环境局'],
      [{ body: 'ok', mentions: 'everyone' }, 400, 'mentions'],
    ];
    for (const [body, status, text] of cases) {
      const res = await post('jx-inspector', c.id, body);
      expect([JSON.stringify(body).slice(0, 60), res.status]).toEqual([JSON.stringify(body).slice(0, 60), status]);
      expect(JSON.stringify(res.body)).toContain(text);
    }
    expect((await post('jx-inspector', c.id, { body: 'x'.repeat(5000) })).status).toBe(201);
    expect((await post('jx-inspector', '00000000-0000-4000-8000-000000000000', { body: 'ok' })).status).toBe(404);
    expect((await patch('jx-inspector', c.id, 'nope', { body: 'ok' })).status).toBe(404);
    expect((await t.http.get(`/api/v1/cases/${c.id}/comments`).query({ pageSize: 101 }).set(await t.auth('jx-inspector'))).status).toBe(400);
  });

  it('the mention picker offers who can see the case', async () => {
    const c = await caseIn(t, 'assigned');
    const res = await t.http.get(`/api/v1/cases/${c.id}/comments/mentionable`).set(await t.auth('nc-supervisor'));
    expect(res.status).toBe(200);
    const names = res.body.users.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['jx-supervisor', 'nc-inspector', 'nc-bureau', 'dh-bureau']));
    expect(names).not.toContain('nc-supervisor');
    expect(names).not.toContain('jj-bureau');
    expect(names).not.toContain('ah-supervisor');
    expect(res.body.units.map((u: { name: string }) => u.name).sort()).toEqual(['东湖区人民政府', '南昌市生态环境局'].sort());
    const internal = await t.http.get(`/api/v1/cases/${c.id}/comments/mentionable`).query({ internal: 'true' }).set(await t.auth('nc-supervisor'));
    expect(internal.body.units).toEqual([]);
    expect(internal.body.users.every((u: { username: string }) => !u.username.endsWith('bureau') && !u.username.endsWith('admin'))).toBe(true);
  });

  it('comments and transitions interleave without conflicts; the chain holds', async () => {
    const c = await caseIn(t, 'assigned');
    const jobs: Array<Promise<{ status: number }>> = [];
    for (let i = 0; i < 6; i++) {
      jobs.push(post('nc-supervisor', c.id, { body: `并发评论 ${i}` }));
      if (i === 2) jobs.push(send(t, c.id, 'nc-bureau', { type: 'ACCEPT' }));
    }
    const statuses = (await Promise.all(jobs)).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(6);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(await verify(c.id)).toMatchObject({ valid: true, length: (await history('nc-supervisor', c.id)).length });
    await sendOk(t, c.id, 'nc-bureau', { type: 'REPORT_PROGRESS', note: '继续' });
    expect(await verify(c.id)).toMatchObject({ valid: true });
  });
});
