import { createHmac } from 'node:crypto';
import { WebhookFormat } from './webhook-event-type.js';

/** Decoded `whsec_` keys by secret: decoding is per endpoint, not per attempt. */
const keys = new Map<string, Buffer>();
const MAX_KEYS = 1_000;

/**
 * The `webhook-signature` of the Standard Webhooks specification: `v1,` and the base64 HMAC-SHA256 of
 * `<id>.<timestamp seconds>.<body>` keyed with the secret's base64 bytes (without `whsec_`). Byte for
 * byte what the `standardwebhooks` package's `Webhook.sign` gives (a unit test holds it to that), with
 * `node:crypto`'s native HMAC instead of the package's JavaScript SHA-256 (about a third of the CPU).
 */
export function standardSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= MAX_KEYS) keys.clear();
    key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
    keys.set(secret, key);
  }
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** What a delivery sends: the event as stored in the outbox. */
export interface WebhookEvent {
  type: string;
  caseId: string;
  caseCode: string;
  state: string;
  at: string;
  [field: string]: unknown;
}

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const STATE_NAMES: Record<string, string> = {
  reported: '已登记',
  assigned: '已交办',
  rectifying: '整改中',
  verified: '已验收',
  closed: '已销号',
  reboundCheck: '回头看',
  withdrawn: '已撤销',
};

/** The robot message's text (markdown both robots understand). */
export function robotText(event: WebhookEvent): string {
  const lines = [`### 整改问题 ${event.caseCode}`, `- 事件：${event.type}`, `- 状态：${STATE_NAMES[event.state] ?? event.state}`];
  if (typeof event.title === 'string') lines.push(`- 问题：${event.title.slice(0, 100)}`);
  const escalation = event.escalation as { name?: string; dueAt?: string } | undefined;
  if (escalation?.name) lines.push(`- 督办：${escalation.name}（时限 ${String(escalation.dueAt ?? '').slice(0, 10)}）`);
  lines.push(`- 时间：${event.at}`);
  return lines.join('\n');
}

/**
 * The HTTP request of one attempt. `sentAt` is the wall clock: receivers compare `webhook-timestamp`
 * (and DingTalk its `timestamp`) with their own clock to refuse replays, so it cannot be the domain clock.
 * - standard: the Standard Webhooks headers, signed with the endpoint's `whsec_` secret;
 * - dingtalk: the robot's markdown message; with a secret (加签), `timestamp` (ms) and
 *   `sign` = base64(HMAC-SHA256(secret, timestamp + "\n" + secret)) in the query string;
 * - wecom: the robot's markdown message (the key in the URL is its only credential).
 */
export function buildRequest(
  endpoint: { url: string; format: WebhookFormat; secret: string | null },
  delivery: { id: string; attempt: number; payload: string },
  sentAt: Date,
): OutgoingRequest {
  const base = { 'content-type': 'application/json', 'user-agent': 'Rectify-Webhooks/1', 'webhook-attempt': String(delivery.attempt) };
  switch (endpoint.format) {
    case WebhookFormat.Standard: {
      const timestamp = Math.floor(sentAt.getTime() / 1000);
      const signature = standardSignature(endpoint.secret!, delivery.id, timestamp, delivery.payload);
      return {
        url: endpoint.url,
        headers: { ...base, 'webhook-id': delivery.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
        body: delivery.payload,
      };
    }
    case WebhookFormat.DingTalk: {
      const event = JSON.parse(delivery.payload) as WebhookEvent;
      const url = new URL(endpoint.url);
      if (endpoint.secret) {
        const timestamp = String(sentAt.getTime());
        url.searchParams.set('timestamp', timestamp);
        url.searchParams.set('sign', createHmac('sha256', endpoint.secret).update(`${timestamp}\n${endpoint.secret}`).digest('base64'));
      }
      const body = { msgtype: 'markdown', markdown: { title: `整改问题 ${event.caseCode}`, text: robotText(event) } };
      return { url: url.toString(), headers: base, body: JSON.stringify(body) };
    }
    case WebhookFormat.WeCom: {
      const event = JSON.parse(delivery.payload) as WebhookEvent;
      return { url: endpoint.url, headers: base, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: robotText(event) } }) };
    }
  }
}

/** Robots answer 200 with `{"errcode": 0}` on success and a non-zero errcode (still 200) otherwise. */
export function accepted(format: WebhookFormat, status: number, body: string): { ok: boolean; error: string | null } {
  if (status < 200 || status >= 300) return { ok: false, error: `HTTP ${status}` };
  if (format === WebhookFormat.Standard) return { ok: true, error: null };
  try {
    const parsed = JSON.parse(body) as { errcode?: unknown; errmsg?: unknown };
    if (parsed.errcode === 0) return { ok: true, error: null };
    return { ok: false, error: `errcode ${String(parsed.errcode)}: ${String(parsed.errmsg ?? '').slice(0, 200)}` };
  } catch {
    return { ok: false, error: 'the robot did not answer JSON' };
  }
}
