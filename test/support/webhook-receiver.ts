import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export type Reply = { status: number; body?: string; delayMs?: number } | 'hang';

/** A local HTTP receiver for webhook tests: records every request and answers as `reply` says. */
export class WebhookReceiver {
  readonly received: Received[] = [];
  reply: (req: Received) => Reply = () => ({ status: 204 });
  private server: Server | null = null;
  private readonly hanging = new Set<() => void>();
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const got: Received = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        this.received.push(got);
        const reply = this.reply(got);
        if (reply === 'hang') {
          const release = () => res.destroy();
          this.hanging.add(release);
          return;
        }
        if (reply.delayMs) await sleep(reply.delayMs);
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Waits until `predicate` holds over what was received (polling), or fails after `timeoutMs`. */
  async until(predicate: (received: Received[]) => boolean, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline) throw new Error(`receiver: condition not met within ${timeoutMs} ms (${this.received.length} received)`);
      await sleep(20);
    }
    return this.received;
  }

  async stop(): Promise<void> {
    for (const release of this.hanging) release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}
