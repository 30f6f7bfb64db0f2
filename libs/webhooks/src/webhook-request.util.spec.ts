import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { accepted, buildRequest, standardSignature } from './webhook-request.util.js';
import fc from 'fast-check';
import { WebhookFormat } from './webhook-event-type.js';

const payload = JSON.stringify({ type: 'case.assigned', caseId: 'c', caseCode: '360100-2025-00001', state: 'assigned', at: '2025-03-03T02:00:00.000Z' });
const delivery = { id: 'msg_1', attempt: 2, payload };

describe('buildRequest', () => {
  it('standard: Standard Webhooks headers that the reference verifier accepts', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const req = buildRequest({ url: 'http://127.0.0.1/h', format: WebhookFormat.Standard, secret }, delivery, new Date());
    expect(req.headers['webhook-id']).toBe('msg_1');
    expect(new Webhook(secret).verify(req.body, req.headers)).toEqual(JSON.parse(payload));
    expect(() => new Webhook('whsec_' + Buffer.from('another key of 24 bytes!').toString('base64')).verify(req.body, req.headers)).toThrow();
  });

  it('standard: the node:crypto signature is byte-identical to the standardwebhooks package’s, for any key, id, time and body', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 24, maxLength: 64 }), fc.string({ minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 4_102_444_800 }), fc.string({ unit: 'binary', maxLength: 2000 }), (key, id, seconds, body) => {
        const secret = `whsec_${Buffer.from(key).toString('base64')}`;
        expect(standardSignature(secret, id, seconds, body)).toBe(new Webhook(secret).sign(id, new Date(seconds * 1000), body));
      }),
      { numRuns: 300 },
    );
  });

  it('dingtalk: timestamp (ms) and sign in the query string, markdown body', () => {
    const sentAt = new Date('2026-12-02T01:00:00.000Z');
    const req = buildRequest({ url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', format: WebhookFormat.DingTalk, secret: 'SECxyz' }, delivery, sentAt);
    const url = new URL(req.url);
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe(String(sentAt.getTime()));
    expect(url.searchParams.get('sign')).toBe(createHmac('sha256', 'SECxyz').update(`${sentAt.getTime()}\nSECxyz`).digest('base64'));
    expect(JSON.parse(req.body)).toMatchObject({ msgtype: 'markdown', markdown: { title: expect.stringContaining('360100-2025-00001') } });
  });

  it('wecom: markdown content, URL untouched', () => {
    const req = buildRequest({ url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', format: WebhookFormat.WeCom, secret: null }, delivery, new Date());
    expect(req.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k');
    expect(JSON.parse(req.body).markdown.content).toContain('已交办');
  });
});

describe('accepted', () => {
  it('robots need errcode 0; standard needs a 2xx', () => {
    expect(accepted(WebhookFormat.Standard, 204, '').ok).toBe(true);
    expect(accepted(WebhookFormat.Standard, 500, '').ok).toBe(false);
    expect(accepted(WebhookFormat.DingTalk, 200, '{"errcode":0}').ok).toBe(true);
    expect(accepted(WebhookFormat.DingTalk, 200, '{"errcode":310000,"errmsg":"sign not match"}')).toEqual({ ok: false, error: 'errcode 310000: sign not match' });
    expect(accepted(WebhookFormat.WeCom, 200, 'oops').ok).toBe(false);
  });
});
