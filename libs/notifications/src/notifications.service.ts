import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError, isUuid } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import type { AuthUser } from '@rectify/identity';
import { toNotificationView, type NotificationPage, type NotificationQuery, type NotificationView, type ReadAllResult } from './dto/notification.dto.js';
import { NotificationChanges } from './notification-changes.js';
import { recipientKeysOf, userRecipient } from './notification-recipient.util.js';
import type { PlannedNotification } from './notification-plan.util.js';
import { NotificationRepository, type Reader } from './notification.repository.js';

/** The caller's notifications: every group key that names them, minus what they did themselves. */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(NotificationChanges) private readonly changes: NotificationChanges,
  ) {}

  private readerOf(user: AuthUser): Reader {
    return { userId: user.id, keys: recipientKeysOf(user) };
  }

  /**
   * Writes notifications inside the caller's transaction (a comment's @mentions); a (recipient, cause)
   * that exists is skipped, so each is written once. Returns how many were new.
   */
  async insertInTransaction(tx: SqlExecutor, rows: readonly PlannedNotification[], at: string): Promise<number> {
    return rows.length === 0 ? 0 : this.notifications.insertMany(tx, rows, at);
  }

  /** `GET /notifications`: newest first, with the unread count for the bell. */
  async list(user: AuthUser, query: NotificationQuery): Promise<NotificationPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const result = await this.notifications.page(this.readerOf(user), { unreadOnly: query.unread === 'true', limit: pageSize, offset: (page - 1) * pageSize });
    return { items: result.items.map(toNotificationView), total: result.total, unreadCount: result.unread, page, pageSize };
  }

  /** `POST /notifications/:id/read`: 404 for one that is not the caller's. */
  async markRead(user: AuthUser, id: string): Promise<NotificationView> {
    const reader = this.readerOf(user);
    if (!isUuid(id)) throw DomainError.notFound('Notification');
    const at = this.clock.now().toISOString();
    const found = await this.db.write(async (tx) => {
      const current = await this.notifications.findFor(reader, id, tx);
      if (!current) return undefined;
      await this.notifications.markRead(tx, user.id, id, at);
      return this.notifications.findFor(reader, id, tx);
    });
    if (!found) throw DomainError.notFound('Notification');
    // Told after the commit (the caller's other tabs' streams look now), not from inside the transaction.
    this.changes.changed([userRecipient(user.id)]);
    return toNotificationView(found);
  }

  /** `POST /notifications/read-all`. */
  async markAllRead(user: AuthUser): Promise<ReadAllResult> {
    const reader = this.readerOf(user);
    const at = this.clock.now().toISOString();
    const marked = await this.db.write((tx) => this.notifications.markAllRead(tx, reader, at));
    if (marked > 0) this.changes.changed([userRecipient(user.id)]);
    const { unread } = await this.notifications.page(reader, { unreadOnly: true, limit: 1, offset: 0 });
    return { marked, unreadCount: unread };
  }
}
