import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseIn, createCase, send, sendOk } from '../support/case-factory.js';
import { WebhookReceiver, type Received } from '../support/webhook-receiver.js';
import { sweep } from './escalation-test-helpers.js';

const json = (r: Received) => JSON.parse(r.body) as Record<string, any>;

describe('webhooks', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    t = await startTestApp({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1:*' } });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.reply = () => ({ status: 204 });
  });

  async function register(body: Record<string, unknown>, as = 'jx-admin') {
    const res = await t.http.post('/api/v1/webhooks').set(await t.auth(as)).send(body);
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; secret: string | null; [k: string]: unknown };
  }
  const remove = async (id: string) => expect((await t.http.delete(`/api/v1/webhooks/${id}`).set(await t.auth('jx-admin'))).status).toBe(204);
  const deliveries = async (id: string, query: Record<string, string> = {}) =>
    (await t.http.get(`/api/v1/webhooks/${id}/deliveries`).query({ pageSize: 100, ...query }).set(await t.auth('jx-admin'))).body as {
      items: Array<{ id: string; status: string; attempts: number; nextAttemptAt: string | null; type: string; caseId: string }>;
      total: number;
    };
  /** Waits until the endpoint has no delivery due now and none in flight (claimed, its attempt not yet recorded). */
  const settled = async (id: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const busy = await t.db.one<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM webhook_deliveries d
          WHERE d.endpoint_id = ? AND d.status = 'pending'
            AND (d.next_attempt_at <= ? OR d.attempts > (SELECT COUNT(*) FROM webhook_attempts a WHERE a.delivery_id = d.id))`,
        [id, t.clock.now().toISOString()],
      );
      if (Number(busy!.n) === 0) return;
      if (Date.now() > deadline) throw new Error(`endpoint ${id}: ${String(busy!.n)} deliveries still due or in flight`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('registration: a generated whsec_ secret shown once; hosts outside WEBHOOK_ALLOWED_HOSTS, bad secrets and bad events are 400', async () => {
    const hook = await register({ url: receiver.url('/a?token=abc'), events: ['*'] });
    expect(hook).toMatchObject({ format: 'standard', status: 'active', regionCode: '360000', hasSecret: true, url: `http://127.0.0.1:${receiver.port}/a?token=***` });
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = (await t.http.get('/api/v1/webhooks').set(await t.auth('jx-admin'))).body.items as Array<Record<string, unknown>>;
    expect(listed.find((w) => w.id === hook.id)).not.toHaveProperty('secret');
    for (const bad of [
      { url: 'http://10.0.0.1:80/x', events: ['*'] },
      { url: 'http://localhost:1234/x', events: ['*'] },
      { url: 'file:///etc/passwd', events: ['*'] },
      { url: receiver.url(), events: [] },
      { url: receiver.url(), events: ['case.nope'] },
      { url: receiver.url(), events: ['*'], secret: 'whsec_short' },
      { url: receiver.url(), events: ['*'], format: 'wecom', secret: 'SEC123456789' },
      { url: receiver.url(), events: ['*'], format: 'carrier-pigeon' },
    ]) {
      const res = await t.http.post('/api/v1/webhooks').set(await t.auth('jx-admin')).send(bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
    const outside = await t.http.post('/api/v1/webhooks').set(await t.auth('jx-admin')).send({ url: receiver.url(), events: ['*'], regionCode: '340000' });
    expect(outside.status).toBe(403);
    await remove(hook.id);
  });

  it('a transition reaches a subscribed endpoint signed per Standard Webhooks; other types and regions do not', async () => {
    const hook = await register({ url: receiver.url('/std'), events: ['case.assigned', 'escalation.fired'] });
    const other = await register({ url: receiver.url('/anhui'), events: ['*'] }, 'ah-admin');
    const c = await createCase(t);
    await sendOk(t, c.id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb });
    const [got] = await receiver.until((r) => r.some((x) => x.url === '/std'));
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.filter((x) => x.url === '/std')).toHaveLength(1); // not case.created
    expect(receiver.received.filter((x) => x.url === '/anhui')).toHaveLength(0); // a 南昌 case
    const verified = new Webhook(hook.secret!).verify(got!.body, got!.headers as Record<string, string>) as Record<string, unknown>;
    expect(verified).toMatchObject({ type: 'case.assigned', caseId: c.id, caseCode: c.code, state: 'assigned', at: '2025-03-03T02:00:00.000Z', event: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb });
    expect(got!.headers['webhook-id']).toMatch(/^msg_/);
    expect(Math.abs(Number(got!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    // a tampered body fails the receiver's check
    expect(() => new Webhook(hook.secret!).verify(got!.body.replace('assigned', 'withdrawn'), got!.headers as Record<string, string>)).toThrow();

    const [delivery] = (await deliveries(hook.id)).items;
    expect(delivery).toMatchObject({ id: got!.headers['webhook-id'], status: 'delivered', attempts: 1, type: 'case.assigned' });
    const detail = await t.http.get(`/api/v1/webhooks/deliveries/${delivery!.id}`).set(await t.auth('jx-admin'));
    expect(detail.body.attemptLog).toEqual([expect.objectContaining({ attempt: 1, outcome: 'delivered', statusCode: 204, latencyMs: expect.any(Number) })]);
    // Anhui's admin sees neither the endpoint nor its deliveries
    expect((await t.http.get(`/api/v1/webhooks/deliveries/${delivery!.id}`).set(await t.auth('ah-admin'))).status).toBe(404);
    expect((await t.http.get(`/api/v1/webhooks/${hook.id}`).set(await t.auth('ah-admin'))).status).toBe(404);
    await remove(hook.id);
    expect((await t.http.delete(`/api/v1/webhooks/${other.id}`).set(await t.auth('ah-admin'))).status).toBe(204);
  });

  it('escalations fired by a sweep are delivered once each, however often the sweep runs', async () => {
    const hook = await register({ url: receiver.url('/esc'), events: ['escalation.fired'] });
    const c = await createCase(t);
    const start = t.clock.now();
    t.setNow('2025-06-30T02:00:00.000Z');
    await Promise.all([sweep(t), sweep(t), sweep(t)]);
    await sweep(t);
    const mine = (r: Received[]) => r.filter((x) => json(x).caseId === c.id);
    await receiver.until((r) => mine(r).length >= 4);
    await new Promise((r) => setTimeout(r, 300));
    expect(mine(receiver.received).map((x) => json(x).escalation.level).sort()).toEqual([0, 1, 2, 3]);
    t.clock.set(start);
    await remove(hook.id);
  });

  it('a failing receiver: retries at 1 min, 5 min, 30 min, 2 h, 12 h (±20 %), then a dead letter; replay delivers it with the same webhook-id', async () => {
    receiver.reply = () => ({ status: 503, body: 'down for maintenance' });
    const hook = await register({ url: receiver.url('/flaky'), events: ['case.created'] });
    const c = await createCase(t);
    const base = t.clock.now().getTime();
    await receiver.until((r) => r.length === 1);
    await settled(hook.id);
    const expected = [60, 300, 1800, 7200, 43200];
    for (const [i, delay] of expected.entries()) {
      const [d] = (await deliveries(hook.id)).items;
      expect(d).toMatchObject({ status: 'pending', attempts: i + 1 });
      const wait = (Date.parse(d!.nextAttemptAt!) - t.clock.now().getTime()) / 1000;
      expect(wait).toBeGreaterThanOrEqual(delay * 0.8 - 1);
      expect(wait).toBeLessThanOrEqual(delay * 1.2 + 1);
      // just before it is due nothing happens; once due, the next attempt goes out
      t.clock.set(new Date(Date.parse(d!.nextAttemptAt!) - 1000));
      await new Promise((r) => setTimeout(r, 400));
      expect(receiver.received).toHaveLength(i + 1);
      t.clock.set(new Date(Date.parse(d!.nextAttemptAt!)));
      await receiver.until((r) => r.length === i + 2);
      await settled(hook.id);
    }
    const [dead] = (await deliveries(hook.id)).items;
    expect(dead).toMatchObject({ status: 'dead', attempts: 6, caseId: c.id });
    const letters = (await t.http.get('/api/v1/webhooks/dead-letters').set(await t.auth('jx-admin'))).body;
    expect(letters.items.map((d: { id: string }) => d.id)).toContain(dead!.id);
    const log = (await t.http.get(`/api/v1/webhooks/deliveries/${dead!.id}`).set(await t.auth('jx-admin'))).body.attemptLog;
    expect(log.map((a: { attempt: number; statusCode: number; outcome: string }) => [a.attempt, a.statusCode, a.outcome])).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => [n, 503, 'failed']),
    );
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([dead!.id]));
    expect(receiver.received.map((r) => r.headers['webhook-attempt'])).toEqual(['1', '2', '3', '4', '5', '6']);

    // only a dead delivery may be replayed; the receiver is back
    receiver.reply = () => ({ status: 200 });
    const replayed = await t.http.post(`/api/v1/webhooks/deliveries/${dead!.id}/replay`).set(await t.auth('jx-admin'));
    expect(replayed.status).toBe(200);
    await receiver.until((r) => r.length === 7);
    await settled(hook.id);
    expect((await deliveries(hook.id)).items[0]).toMatchObject({ status: 'delivered', attempts: 7 });
    expect(receiver.received[6]!.headers['webhook-id']).toBe(dead!.id);
    expect((await t.http.post(`/api/v1/webhooks/deliveries/${dead!.id}/replay`).set(await t.auth('jx-admin'))).status).toBe(409);
    expect(t.clock.now().getTime() - base).toBeGreaterThan(0.8 * 52_860_000);
    await remove(hook.id);
  });

  it('a receiver that is down or hangs delays no transition; a hung attempt times out after 10 s', async () => {
    receiver.reply = () => 'hang';
    const hung = await register({ url: receiver.url('/hang'), events: ['case.created'] });
    const down = await register({ url: 'http://127.0.0.1:9/refused', events: ['case.created'] });
    const started = Date.now();
    const cases = [];
    for (let i = 0; i < 5; i++) cases.push(await createCase(t));
    expect(Date.now() - started).toBeLessThan(2000);
    await receiver.until((r) => r.length >= 1);
    await settled(down.id);
    const refused = (await deliveries(down.id)).items;
    expect(refused).toHaveLength(5);
    for (const d of refused) expect(d).toMatchObject({ status: 'pending', attempts: 1 });
    await settled(hung.id, 15_000);
    const log = (await t.http.get(`/api/v1/webhooks/deliveries/${(await deliveries(hung.id)).items[0]!.id}`).set(await t.auth('jx-admin'))).body.attemptLog;
    expect(log[0]).toMatchObject({ outcome: 'timeout' });
    expect(log[0].latencyMs).toBeGreaterThanOrEqual(9_900);
    await remove(hung.id);
    await remove(down.id);
  }, 30_000);

  it('pause holds deliveries and queues nothing new; resume sends what waited', async () => {
    const hook = await register({ url: receiver.url('/pause'), events: ['case.created'] });
    expect((await t.http.post(`/api/v1/webhooks/${hook.id}/pause`).set(await t.auth('jx-admin'))).body.status).toBe('paused');
    await createCase(t);
    await new Promise((r) => setTimeout(r, 400));
    expect(receiver.received).toHaveLength(0);
    expect((await deliveries(hook.id)).total).toBe(0);
    expect((await t.http.post(`/api/v1/webhooks/${hook.id}/resume`).set(await t.auth('jx-admin'))).body.status).toBe('active');
    const c = await createCase(t);
    await receiver.until((r) => r.length === 1);
    expect(json(receiver.received[0]!).caseId).toBe(c.id);
    await remove(hook.id);
    expect((await t.http.get(`/api/v1/webhooks/${hook.id}`).set(await t.auth('jx-admin'))).status).toBe(404);
  });

  it('DingTalk: the robot message with timestamp and sign in the query string; an errcode is a failed attempt', async () => {
    const secret = 'SEC0123456789abcdef';
    const hook = await register({ url: receiver.url('/robot/send?access_token=tok'), events: ['case.created'], format: 'dingtalk', secret });
    expect(hook.secret).toBeNull();
    receiver.reply = () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' });
    const c = await createCase(t);
    const [got] = await receiver.until((r) => r.length === 1);
    const url = new URL(got!.url, 'http://x');
    const ts = url.searchParams.get('timestamp')!;
    expect(url.searchParams.get('access_token')).toBe('tok');
    expect(Math.abs(Number(ts) - Date.now())).toBeLessThan(60_000);
    expect(url.searchParams.get('sign')).toBe(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));
    expect(json(got!)).toMatchObject({ msgtype: 'markdown', markdown: { title: `整改问题 ${c.code}`, text: expect.stringContaining('已登记') } });
    await settled(hook.id);
    expect((await deliveries(hook.id)).items[0]).toMatchObject({ status: 'delivered' });

    receiver.reply = () => ({ status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' });
    await createCase(t);
    await receiver.until((r) => r.length === 2);
    await settled(hook.id);
    expect((await deliveries(hook.id)).items[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'errcode 310000: sign not match' });
    await remove(hook.id);
  });

  it('WeCom: the robot markdown message to the registered URL', async () => {
    const hook = await register({ url: receiver.url('/cgi-bin/webhook/send?key=k1'), events: ['case.assigned'], format: 'wecom' });
    receiver.reply = () => ({ status: 200, body: '{"errcode":0}' });
    const c = await caseIn(t, 'assigned');
    const [got] = await receiver.until((r) => r.length === 1);
    expect(got!.url).toBe('/cgi-bin/webhook/send?key=k1');
    expect(json(got!).markdown.content).toContain(String(c.code ?? ''));
    expect(json(got!)).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringContaining('已交办') } });
    await remove(hook.id);
  });

  it('only admins manage webhooks; a refused transition queues nothing', async () => {
    for (const who of ['jx-supervisor', 'nc-bureau', 'nc-inspector']) {
      expect((await t.http.get('/api/v1/webhooks').set(await t.auth(who))).status).toBe(403);
      expect((await t.http.post('/api/v1/webhooks').set(await t.auth(who)).send({ url: receiver.url(), events: ['*'] })).status).toBe(403);
    }
    const hook = await register({ url: receiver.url('/refused'), events: ['*'] });
    const c = await createCase(t);
    await receiver.until((r) => r.length === 1);
    const bad = await send(t, c.id, 'nc-bureau', { type: 'ACCEPT' });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(1);
    expect((await deliveries(hook.id)).total).toBe(1);
    await remove(hook.id);
  });

  it('fuzzed registrations: never a 5xx; a 4xx registers nothing; what registers is on the allow-list', async () => {
    const endpoints = async () => Number((await t.db.one<{ n: number | string }>('SELECT COUNT(*) AS n FROM webhook_endpoints'))!.n);
    const url = fc.oneof(
      fc.webUrl(),
      fc.constantFrom(receiver.url(), 'http://127.0.0.1:1/x', 'https://127.0.0.1/x', 'http://127.0.0.2/x', 'http://[::1]:80/', 'javascript:alert(1)', 'http://127.0.0.1@evil.com/', 'http://evil.com#@127.0.0.1/', ''),
      fc.string(),
    );
    const body = fc.record(
      {
        url: fc.oneof(url, fc.integer(), fc.constant(null)),
        events: fc.oneof(fc.array(fc.constantFrom('*', 'case.assigned', 'escalation.fired', 'nope', ''), { maxLength: 4 }), fc.string(), fc.constant(null)),
        secret: fc.oneof(fc.string({ maxLength: 80 }), fc.constant('whsec_' + Buffer.alloc(32, 7).toString('base64')), fc.integer()),
        format: fc.oneof(fc.constantFrom('standard', 'dingtalk', 'wecom', 'x'), fc.integer()),
        regionCode: fc.constantFrom('360000', '360100', '340000', '999999', 'abc'),
        extra: fc.string(),
      },
      { requiredKeys: [] },
    );
    const created: string[] = [];
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('jx-admin', 'admin', 'nc-supervisor'), async (b, as) => {
        const before = await endpoints();
        const res = await t.http.post('/api/v1/webhooks').set(await t.auth(as)).send(b);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.body).toMatchObject({ statusCode: res.status, error: expect.any(String), message: expect.anything() });
          expect(await endpoints()).toBe(before);
        } else {
          expect(res.status).toBe(201);
          expect(new URL(String(b.url)).hostname).toBe('127.0.0.1');
          created.push(res.body.id);
        }
      }),
      { numRuns: 300, seed: 20261202 },
    );
    for (const id of created) await t.http.delete(`/api/v1/webhooks/${id}`).set(await t.auth('admin'));
  });
});
