import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from './test-app.js';

export interface StreamEvent {
  event: string;
  id?: string;
  data: unknown;
}

/** An open `GET /notifications/stream` as a client reads it (the events parsed as they come). */
export interface OpenStream {
  status: number;
  headers: IncomingMessage['headers'];
  /** The error body when the status is not 200. */
  body?: unknown;
  events: StreamEvent[];
  /** The first event (from now on or already received, from index `from`) that matches. */
  next(match: (e: StreamEvent) => boolean, opts?: { timeoutMs?: number; from?: number }): Promise<StreamEvent>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Listens on an ephemeral port (once) so that a streaming response can be read as it is written. */
async function baseUrl(t: TestApp): Promise<string> {
  const server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function openNotificationStream(t: TestApp, authorization: string | null): Promise<OpenStream> {
  const url = new URL('/api/v1/notifications/stream', await baseUrl(t));
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: authorization ? { authorization } : {} }, (res) => {
      res.setEncoding('utf8');
      const events: StreamEvent[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      let raw = '';
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const fields = Object.fromEntries(block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]));
          if (fields.data !== undefined) events.push({ event: fields.event ?? 'message', id: fields.id, data: JSON.parse(fields.data) });
        }
        waiters.forEach((w) => w());
      });
      const stream: OpenStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        ended,
        close: () => req.destroy(),
        next: (match, opts = {}) =>
          new Promise((found, fail) => {
            const look = () => {
              const hit = events.slice(opts.from ?? 0).find(match);
              if (!hit) return false;
              waiters.delete(look);
              clearTimeout(timer);
              found(hit);
              return true;
            };
            const timer = setTimeout(() => {
              waiters.delete(look);
              fail(new Error(`no matching stream event within ${opts.timeoutMs ?? 5000} ms; got ${JSON.stringify(events)}`));
            }, opts.timeoutMs ?? 5000);
            if (!look()) waiters.add(look);
          }),
      };
      if (stream.status !== 200) {
        res.on('end', () => {
          stream.body = raw ? JSON.parse(raw) : undefined;
          resolve(stream);
        });
      } else resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}
