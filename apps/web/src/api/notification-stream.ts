import { EventSourceParserStream } from 'eventsource-parser/stream';
import { sessionEnded } from './client';
import type { Schemas } from './client';
import { session } from './session';

/** What `GET /api/v1/notifications/stream` sends at once and after every change. */
export interface BellState {
  unreadCount: number;
  latest: Schemas['NotificationView'] | null;
}

/**
 * Reads the bell's server-sent events with fetch, not EventSource: EventSource cannot send the
 * Authorization header, and the token must not go into a URL (logs, history). Calls `onState` per
 * `notifications` event, `onDown` when the stream fails or ends (the caller polls meanwhile), and
 * reconnects after a growing pause (3 s … 60 s; at once after the server's routine end). A stream
 * refused with 401 or ended as `unauthorized` ends the session like any other 401.
 */
export function followNotifications(handlers: { onState: (state: BellState) => void; onUp: () => void; onDown: () => void }): () => void {
  let stopped = false;
  let controller: AbortController | null = null;
  let pause = 3_000;
  let retry: ReturnType<typeof setTimeout> | null = null;

  async function connect(): Promise<void> {
    if (stopped || !session.token) return;
    controller = new AbortController();
    let reason: string | null = null;
    try {
      const res = await fetch('/api/v1/notifications/stream', { headers: { Authorization: `Bearer ${session.token}`, Accept: 'text/event-stream' }, signal: controller.signal });
      if (res.status === 401) return sessionEnded();
      if (!res.ok || !res.body) throw new Error(String(res.status));
      handlers.onUp();
      // eventsource-parser, not a hand-written splitter: it handles CR/LF variants, multi-line data and comments (the heartbeats).
      const reader = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
      for (;;) {
        const { value: message, done } = await reader.read();
        if (done) break;
        if (message.event === 'notifications') {
          pause = 3_000;
          handlers.onState(JSON.parse(message.data) as BellState);
        } else if (message.event === 'end') reason = (JSON.parse(message.data) as { reason: string }).reason;
      }
    } catch {
      // network failure, refusal (429: too many tabs) or abort: poll until the next attempt
    }
    if (stopped) return;
    if (reason === 'unauthorized') return sessionEnded();
    handlers.onDown();
    const wait = reason === 'lifetime' ? 0 : pause;
    pause = Math.min(pause * 2, 60_000);
    retry = setTimeout(() => void connect(), wait);
  }

  void connect();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    controller?.abort();
  };
}
