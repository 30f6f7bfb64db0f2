import { Inject, Injectable } from '@nestjs/common';
import { timeOrderedId, toIso } from '@rectify/core';
import { Database, type SqlExecutor } from '@rectify/database';
import { NotificationChanges } from './notification-changes.js';
import type { NotificationKind } from './notification-kind.js';
import type { PlannedNotification } from './notification-plan.util.js';

/** One notification as a reader sees it. */
export interface NotificationRecord {
  id: string;
  kind: NotificationKind;
  caseId: string;
  caseCode: string;
  message: string;
  createdAt: string;
  readAt: string | null;
}

/** Whose notifications: the keys that name the reader, and the reader (whose own actions are not news to them). */
export interface Reader {
  userId: string;
  keys: readonly string[];
}

type Row = Record<string, unknown>;
const CHUNK_ROWS = 50;
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function fromRow(r: Row): NotificationRecord {
  return {
    id: String(r.id),
    kind: String(r.kind) as NotificationKind,
    caseId: String(r.case_id),
    caseCode: String(r.case_code),
    message: String(r.message),
    createdAt: toIso(r.created_at as string)!,
    readAt: toIso(r.read_at as string),
  };
}

/** Every query on notifications and their read marks. */
@Injectable()
export class NotificationRepository {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(NotificationChanges) private readonly changes: NotificationChanges,
  ) {}

  /**
   * Inside the causing transaction; a (recipient, cause) that exists is skipped (the unique index),
   * so a transition or sweep that runs again notifies nobody twice. Returns how many were new.
   */
  async insertMany(tx: SqlExecutor, rows: readonly PlannedNotification[], at: string): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
      const chunk = rows.slice(i, i + CHUNK_ROWS);
      inserted += await tx.run(
        `INSERT INTO notifications (id, recipient, cause, kind, case_id, case_code, message, actor_id, created_at)
         VALUES ${chunk.map(() => `(${placeholders(9)})`).join(', ')}
         ON CONFLICT (recipient, cause) DO NOTHING`,
        chunk.flatMap((n) => [timeOrderedId(), n.recipient, n.cause, n.kind, n.caseId, n.caseCode, n.message, n.actorId, at]),
      );
    }
    if (inserted > 0) this.changes.changed([...new Set(rows.map((n) => n.recipient))]);
    return inserted;
  }

  /** The newest notification's id (ids are time-ordered): the baseline of {@link recipientsAfter}. */
  async newestId(): Promise<string | null> {
    const row = await this.db.one<{ id: string | null }>('SELECT MAX(id) AS id FROM notifications');
    return row?.id ?? null;
  }

  /**
   * The recipients of notifications newer than `afterId` (any instance's), and the newest id among them:
   * a range of the primary key, usually empty. `afterId` null: the table was empty at the baseline.
   */
  async recipientsAfter(afterId: string | null): Promise<{ newestId: string | null; recipients: Set<string> }> {
    const rows = await this.db.all<{ recipient: string; id: string }>(
      `SELECT recipient, MAX(id) AS id FROM notifications${afterId === null ? '' : ' WHERE id > ?'} GROUP BY recipient`,
      afterId === null ? [] : [afterId],
    );
    const newestId = rows.reduce<string | null>((max, r) => (max === null || r.id > max ? r.id : max), afterId);
    return { newestId, recipients: new Set(rows.map((r) => r.recipient)) };
  }

  private where(reader: Reader, unreadOnly: boolean): { sql: string; params: unknown[] } {
    const sql = `n.recipient IN (${placeholders(reader.keys.length)}) AND (n.actor_id IS NULL OR n.actor_id <> ?)${unreadOnly ? ' AND r.user_id IS NULL' : ''}`;
    return { sql, params: [...reader.keys, reader.userId] };
  }

  async page(reader: Reader, opts: { unreadOnly: boolean; limit: number; offset: number }): Promise<{ items: NotificationRecord[]; total: number; unread: number }> {
    const from = 'FROM notifications n LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = ?';
    const filtered = this.where(reader, opts.unreadOnly);
    const unread = this.where(reader, true);
    const [rows, total, unreadCount] = await Promise.all([
      this.db.all<Row>(`SELECT n.id, n.kind, n.case_id, n.case_code, n.message, n.created_at, r.read_at ${from} WHERE ${filtered.sql} ORDER BY n.id DESC LIMIT ? OFFSET ?`, [
        reader.userId,
        ...filtered.params,
        opts.limit,
        opts.offset,
      ]),
      this.db.one<{ n: number | string }>(`SELECT COUNT(*) AS n ${from} WHERE ${filtered.sql}`, [reader.userId, ...filtered.params]),
      this.db.one<{ n: number | string }>(`SELECT COUNT(*) AS n ${from} WHERE ${unread.sql}`, [reader.userId, ...unread.params]),
    ]);
    return { items: rows.map(fromRow), total: Number(total?.n ?? 0), unread: Number(unreadCount?.n ?? 0) };
  }

  async findFor(reader: Reader, id: string, executor: SqlExecutor = this.db): Promise<NotificationRecord | undefined> {
    const w = this.where(reader, false);
    const row = await executor.one<Row>(
      `SELECT n.id, n.kind, n.case_id, n.case_code, n.message, n.created_at, r.read_at
         FROM notifications n LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = ?
        WHERE n.id = ? AND ${w.sql}`,
      [reader.userId, id, ...w.params],
    );
    return row ? fromRow(row) : undefined;
  }

  /** Marks one as read (again: no change, the first read time stays). */
  async markRead(tx: SqlExecutor, userId: string, id: string, at: string): Promise<void> {
    await tx.run('INSERT INTO notification_reads (user_id, notification_id, read_at) VALUES (?, ?, ?) ON CONFLICT (user_id, notification_id) DO NOTHING', [userId, id, at]);
  }

  /** Marks every unread notification of the reader as read; returns how many. */
  async markAllRead(tx: SqlExecutor, reader: Reader, at: string): Promise<number> {
    const w = this.where(reader, false);
    return tx.run(
      `INSERT INTO notification_reads (user_id, notification_id, read_at)
       SELECT ?, n.id, ? FROM notifications n
        WHERE ${w.sql} AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.user_id = ? AND r.notification_id = n.id)
       ON CONFLICT (user_id, notification_id) DO NOTHING`,
      [reader.userId, at, ...w.params, reader.userId],
    );
  }
}
