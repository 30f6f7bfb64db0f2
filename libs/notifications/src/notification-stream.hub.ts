import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@rectify/config';
import { DomainError, ErrorCode, RepeatingTimer } from '@rectify/core';
import type { AuthUser } from '@rectify/identity';
import { toNotificationView, type NotificationView } from './dto/notification.dto.js';
import { NotificationChanges } from './notification-changes.js';
import { recipientKeysOf } from './notification-recipient.util.js';
import { NotificationRepository, type Reader } from './notification.repository.js';

/** What one open stream is told: the bell's count and the newest notification. */
export interface BellState {
  unreadCount: number;
  latest: NotificationView | null;
}

/** One open stream, as the controller hands it over: where to write, and how to tell it is still allowed. */
export interface StreamSink {
  user: AuthUser;
  /** Writes one chunk of the text/event-stream body. */
  write(chunk: string): void;
  /** Ends the response (idempotent). */
  end(): void;
  /** Resolves if the caller's token and session still hold; rejects once they do not (logout, disabled, expired). */
  stillAuthorized(): void | Promise<void>;
}

interface Subscriber {
  sink: StreamSink;
  reader: Reader;
  last: string | null;
  lifetime: NodeJS.Timeout;
  closed: boolean;
}

/**
 * Local writes are seen this long after the repository reports them: the report comes from inside the
 * writing transaction, so the state is read once shortly after (the usual commit) and once later (a slow one).
 */
const LOCAL_LOOKS_MS = [25, 250] as const;
/** The client's reconnection delay after the server ends a stream (the SSE `retry:` field). */
const RETRY_MS = 3_000;

const frame = (event: string, data: unknown, id?: string): string => `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * The bell's live stream (`GET /notifications/stream`). Notifications written on this instance are
 * pushed a few milliseconds after their transaction commits; those written by another instance are
 * found every `pollSeconds` by reading the recipients of rows newer than the last look (one range of
 * the primary key per instance, not per stream), and only the streams they name read their bell again;
 * no stream open, no timer and no poll. Each poll also re-checks every stream's session: a logout, a disabled account or an
 * expired token ends the stream. Streams are bounded per user and end after `maxSeconds`.
 */
@Injectable()
export class NotificationStreamHub implements BeforeApplicationShutdown {
  private readonly logger = new Logger('NotificationStream');
  private readonly subscribers = new Set<Subscriber>();
  private readonly perUser = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private looks: NodeJS.Timeout[] = [];
  private poller: RepeatingTimer | null = null;
  private heartbeat: RepeatingTimer | null = null;
  private newestId: string | null | undefined;
  private readonly unlisten: () => void;

  constructor(
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(NotificationChanges) changes: NotificationChanges,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.unlisten = changes.listen((keys) => this.onLocalChange(keys));
  }

  /** Streams open now (for tests and the health of the bound). */
  get openStreams(): number {
    return this.subscribers.size;
  }

  /** Registers a stream (429 past the per-user bound) and sends the current state at once. */
  async open(sink: StreamSink): Promise<() => void> {
    const { maxPerUser, maxSeconds } = this.config.notificationStream;
    const count = this.perUser.get(sink.user.id) ?? 0;
    if (count >= maxPerUser) throw new DomainError(ErrorCode.TooManyRequests, `At most ${maxPerUser} notification streams per user are open at once; close one (another tab) or poll GET /api/v1/notifications`);
    this.perUser.set(sink.user.id, count + 1);
    const subscriber: Subscriber = {
      sink,
      reader: { userId: sink.user.id, keys: recipientKeysOf(sink.user) },
      last: null,
      lifetime: setTimeout(() => this.close(subscriber, 'lifetime'), maxSeconds * 1000),
      closed: false,
    };
    this.subscribers.add(subscriber);
    this.startTimers();
    sink.write(`retry: ${RETRY_MS}\n\n`);
    // The baseline of the poll, read before the state this stream starts from: nothing falls in between.
    if (this.newestId === undefined) this.newestId = await this.notifications.newestId().catch(() => undefined);
    await this.push(subscriber);
    return () => this.close(subscriber, null);
  }

  beforeApplicationShutdown(): void {
    this.unlisten();
    for (const subscriber of [...this.subscribers]) this.close(subscriber, 'shutdown');
    this.stopTimers();
  }

  private close(subscriber: Subscriber, reason: 'lifetime' | 'unauthorized' | 'shutdown' | null): void {
    if (subscriber.closed) return;
    subscriber.closed = true;
    clearTimeout(subscriber.lifetime);
    this.subscribers.delete(subscriber);
    const left = (this.perUser.get(subscriber.sink.user.id) ?? 1) - 1;
    if (left > 0) this.perUser.set(subscriber.sink.user.id, left);
    else this.perUser.delete(subscriber.sink.user.id);
    if (reason) {
      try {
        subscriber.sink.write(frame('end', { reason }));
      } catch {
        // the connection is already gone
      }
    }
    subscriber.sink.end();
    if (this.subscribers.size === 0) this.stopTimers();
  }

  /** While any stream is open (none: no polling at all); each run timed from the end of the last, so polls never overlap. */
  private startTimers(): void {
    const { heartbeatSeconds, pollSeconds } = this.config.notificationStream;
    if (!this.heartbeat) {
      this.heartbeat = new RepeatingTimer(heartbeatSeconds * 1000, async () => this.beat());
      this.heartbeat.start();
    }
    if (!this.poller) {
      this.poller = new RepeatingTimer(pollSeconds * 1000, () => this.poll());
      this.poller.start();
    }
  }

  private stopTimers(): void {
    // A RepeatingTimer stops for good: the next first stream starts new ones.
    void this.heartbeat?.stop();
    void this.poller?.stop();
    this.heartbeat = this.poller = null;
    this.looks.forEach(clearTimeout);
    this.looks = [];
    this.newestId = undefined;
  }

  private beat(): void {
    for (const subscriber of this.subscribers) subscriber.sink.write(': heartbeat\n\n');
  }

  private onLocalChange(keys: readonly string[]): void {
    if (this.subscribers.size === 0) return;
    keys.forEach((k) => this.dirty.add(k));
    if (this.looks.length > 0) return;
    this.looks = LOCAL_LOOKS_MS.map((ms, i) =>
      setTimeout(() => {
        const keysNow = new Set(this.dirty);
        if (i === LOCAL_LOOKS_MS.length - 1) {
          this.dirty.clear();
          this.looks = [];
        }
        void this.pushWhere((s) => s.reader.keys.some((k) => keysNow.has(k)));
      }, ms),
    );
  }

  /**
   * Every poll: sessions still valid, and notifications newer than the last look (another instance
   * wrote them): only the streams whose reader they name look again.
   */
  private async poll(): Promise<void> {
    try {
      await Promise.all([...this.subscribers].map((s) => this.recheck(s)));
      if (this.newestId === undefined) {
        // The baseline could not be read when the stream opened: read it now, look from the next poll.
        this.newestId = await this.notifications.newestId();
        return;
      }
      const { newestId, recipients } = await this.notifications.recipientsAfter(this.newestId);
      // A stop (the last stream closed) meanwhile reset the baseline: the next stream reads its own.
      if (this.newestId === undefined || recipients.size === 0) return;
      this.newestId = newestId;
      await this.pushWhere((s) => s.reader.keys.some((k) => recipients.has(k)));
    } catch (error) {
      this.logger.warn(`notification stream poll failed: ${(error as Error).message}`);
    }
  }

  private async recheck(subscriber: Subscriber): Promise<void> {
    try {
      await subscriber.sink.stillAuthorized();
    } catch {
      this.close(subscriber, 'unauthorized');
    }
  }

  private async pushWhere(match: (s: Subscriber) => boolean): Promise<void> {
    await Promise.all([...this.subscribers].filter(match).map((s) => this.push(s)));
  }

  /** Sends the subscriber's state when it differs from what it was last sent. */
  private async push(subscriber: Subscriber): Promise<void> {
    try {
      const page = await this.notifications.page(subscriber.reader, { unreadOnly: false, limit: 1, offset: 0 });
      const state: BellState = { unreadCount: page.unread, latest: page.items[0] ? toNotificationView(page.items[0]) : null };
      const json = JSON.stringify(state);
      if (subscriber.closed || json === subscriber.last) return;
      subscriber.last = json;
      subscriber.sink.write(frame('notifications', state, state.latest?.id));
    } catch (error) {
      this.logger.warn(`notification stream push failed: ${(error as Error).message}`);
    }
  }
}
