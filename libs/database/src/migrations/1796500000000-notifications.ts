import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * In-app notifications (docs/notifications.md). One row per (recipient, cause): the recipient is a
 * user, a unit (`unit:<id>`) or the users of one role in one region (`region:<code>:<role>`), matched
 * to users when they read; the cause names what happened (`case:<id>:<history seq>`,
 * `escalation:<clock id>:<level>`). The unique index makes a retried transition or sweep notify once.
 * Read state is per user, in its own table.
 */
export class Notifications1796500000000 implements MigrationInterface {
  name = 'Notifications1796500000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const id = pg ? 'VARCHAR(36)' : 'TEXT';
    const key = pg ? 'VARCHAR(200)' : 'TEXT';
    const ts = pg ? 'TIMESTAMPTZ' : 'TEXT';
    for (const sql of [
      `CREATE TABLE notifications (
        id ${id} PRIMARY KEY,
        recipient ${key} NOT NULL,
        cause ${key} NOT NULL,
        kind ${key} NOT NULL,
        case_id ${id} NOT NULL,
        case_code ${key} NOT NULL,
        message TEXT NOT NULL,
        actor_id ${id},
        created_at ${ts} NOT NULL
      )`,
      `CREATE UNIQUE INDEX uq_notifications_recipient_cause ON notifications(recipient, cause)`,
      `CREATE INDEX idx_notifications_recipient_id ON notifications(recipient, id)`,
      `CREATE TABLE notification_reads (
        user_id ${id} NOT NULL,
        notification_id ${id} NOT NULL,
        read_at ${ts} NOT NULL,
        PRIMARY KEY (user_id, notification_id)
      )`,
    ]) {
      await runner.query(sql);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE notification_reads');
    await runner.query('DROP TABLE notifications');
  }
}
