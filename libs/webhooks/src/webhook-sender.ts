import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import http from 'node:http';
import https from 'node:https';
import type { OutgoingRequest } from './webhook-request.util.js';
import { WEBHOOK_TIMEOUT_MS } from './webhook-timeout-ms.js';

/** At most this much of a response is read (robots answer a few bytes of JSON). */
const MAX_RESPONSE_BYTES = 16 * 1024;

export type SendOutcome =
  | { kind: 'response'; status: number; body: string }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

/**
 * POSTs one request: keep-alive connections, no redirects followed (a 3xx is a failed attempt: the
 * Location is an address nobody registered), the whole exchange bounded by {@link WEBHOOK_TIMEOUT_MS}.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 128 });

  send(request: OutgoingRequest, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<SendOutcome> {
    return new Promise((resolve) => {
      const url = new URL(request.url);
      const secure = url.protocol === 'https:';
      let settled = false;
      const finish = (outcome: SendOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const req = (secure ? https : http).request(
        url,
        {
          method: 'POST',
          agent: secure ? this.httpsAgent : this.httpAgent,
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', () => finish({ kind: 'response', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES) }));
          res.on('error', (error) => finish({ kind: 'error', message: error.message }));
        },
      );
      const timer = setTimeout(() => {
        finish({ kind: 'timeout' });
        req.destroy();
      }, timeoutMs);
      req.on('error', (error) => finish({ kind: 'error', message: error.message }));
      req.end(request.body);
    });
  }

  onApplicationShutdown(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
