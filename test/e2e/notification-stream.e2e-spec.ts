import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCase, sendOk } from '../support/case-factory.js';
import { openNotificationStream, type OpenStream } from '../support/notification-stream.js';

interface Bell {
  unreadCount: number;
  latest: { id: string; kind: string; caseId: string } | null;
}
const bellOf = (data: unknown) => data as Bell;

describe('GET /notifications/stream (server-sent events for the bell)', () => {
  let t: TestApp;
  const open: OpenStream[] = [];
  beforeAll(async () => {
    t = await startTestApp({ env: { NOTIFICATION_STREAM_POLL_SECONDS: '1', NOTIFICATION_STREAM_HEARTBEAT_SECONDS: '1', NOTIFICATION_STREAM_MAX_PER_USER: '2' } });
  });
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  afterAll(async () => t.close());

  async function stream(as: string | null): Promise<OpenStream> {
    const s = await openNotificationStream(t, as ? (await t.auth(as)).Authorization : null);
    open.push(s);
    return s;
  }

  it('sends the count at once, then a transition that notifies the caller pushes the new count and notification', async () => {
    const s = await stream('nc-bureau');
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toMatch(/^text\/event-stream/);
    const first = bellOf((await s.next((e) => e.event === 'notifications')).data);
    const c = await createCase(t);
    await sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb });
    const pushed = await s.next((e) => e.event === 'notifications' && bellOf(e.data).latest?.caseId === c.id, { timeoutMs: 3000 });
    expect(bellOf(pushed.data)).toMatchObject({ unreadCount: first.unreadCount + 1, latest: { kind: 'assigned', caseId: c.id } });
    expect(pushed.id).toBe(bellOf(pushed.data).latest!.id);
    // someone the transition does not concern is told nothing new
    const other = await stream('jj-bureau');
    const before = (await other.next((e) => e.event === 'notifications')).data;
    const d = await createCase(t);
    await sendOk(t, d.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb });
    await s.next((e) => e.event === 'notifications' && bellOf(e.data).latest?.caseId === d.id, { timeoutMs: 3000 });
    expect(other.events.filter((e) => e.event === 'notifications').map((e) => e.data)).toEqual([before]);
  });

  it('reading on this instance updates the count on the stream (another tab)', async () => {
    const s = await stream('nc-bureau');
    const first = bellOf((await s.next((e) => e.event === 'notifications')).data);
    expect(first.unreadCount).toBeGreaterThan(0);
    await t.http.post('/api/v1/notifications/read-all').set(await t.auth('nc-bureau')).expect(200);
    await s.next((e) => e.event === 'notifications' && bellOf(e.data).unreadCount === 0, { timeoutMs: 3000 });
  });

  it('a notification written outside this process (another instance) arrives by the poll, to the streams it names only', async () => {
    const s = await stream('nc-bureau');
    await s.next((e) => e.event === 'notifications');
    const other = await stream('jj-bureau');
    await other.next((e) => e.event === 'notifications');
    const c = await createCase(t);
    const id = '01990000-0000-7000-8000-0000000000aa'.replace('0199', 'ffff');
    await t.db.write((tx) =>
      tx.run('INSERT INTO notifications (id, recipient, cause, kind, case_id, case_code, message, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        id, `unit:${t.fixture.units.ncEeb}`, `elsewhere:${c.id}`, 'assigned', c.id, c.code, '另一实例写入', null, new Date().toISOString(),
      ]),
    );
    const pushed = await s.next((e) => e.event === 'notifications' && bellOf(e.data).latest?.id === id, { timeoutMs: 4000 });
    expect(bellOf(pushed.data).latest).toMatchObject({ caseId: c.id });
    // the poll found the new row's recipient and made only its readers look: jj-bureau's stream sent nothing more
    expect(other.events.filter((e) => e.event === 'notifications')).toHaveLength(1);
  });

  it('401 without a token, 429 past the per-user bound, and the stream ends at logout', async () => {
    expect((await stream(null)).status).toBe(401);
    const a = await stream('dh-bureau');
    const b = await stream('dh-bureau');
    const third = await stream('dh-bureau');
    expect([a.status, b.status, third.status]).toEqual([200, 200, 429]);
    expect(third.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    b.close();
    await b.ended;
    await new Promise((r) => setTimeout(r, 100));
    expect((await stream('dh-bureau')).status).toBe(200);
    await t.http.post('/api/v1/auth/logout').set(await t.auth('dh-bureau')).expect(204);
    const end = await a.next((e) => e.event === 'end', { timeoutMs: 4000 });
    expect(end.data).toEqual({ reason: 'unauthorized' });
    await a.ended;
  });
});
