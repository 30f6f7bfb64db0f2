import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (docs/notifications.md): endpoints registered by admins, the outbox of deliveries (one row
 * per event and endpoint, written in the causing transaction; unique on (endpoint, event) so a
 * retried sweep queues nothing twice), and one row per delivery attempt.
 */
export class Webhooks1796500100000 implements MigrationInterface {
  name = 'Webhooks1796500100000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const id = pg ? 'VARCHAR(40)' : 'TEXT';
    const key = pg ? 'VARCHAR(200)' : 'TEXT';
    const ts = pg ? 'TIMESTAMPTZ' : 'TEXT';
    for (const sql of [
      `CREATE TABLE webhook_endpoints (
        id ${id} PRIMARY KEY,
        url TEXT NOT NULL,
        events TEXT NOT NULL,
        format ${key} NOT NULL,
        secret TEXT,
        region_code ${key} NOT NULL,
        description TEXT,
        status ${key} NOT NULL,
        created_by ${id},
        created_at ${ts} NOT NULL,
        updated_at ${ts} NOT NULL
      )`,
      `CREATE TABLE webhook_deliveries (
        id ${id} PRIMARY KEY,
        endpoint_id ${id} NOT NULL,
        event_key ${key} NOT NULL,
        event_type ${key} NOT NULL,
        case_id ${id} NOT NULL,
        payload TEXT NOT NULL,
        status ${key} NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        replay_base INTEGER NOT NULL DEFAULT 0,
        next_attempt_at ${ts},
        created_at ${ts} NOT NULL,
        delivered_at ${ts},
        dead_at ${ts},
        last_status_code INTEGER,
        last_error TEXT
      )`,
      `CREATE UNIQUE INDEX uq_webhook_deliveries_event ON webhook_deliveries(endpoint_id, event_key)`,
      `CREATE INDEX idx_webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending'`,
      `CREATE INDEX idx_webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, id)`,
      `CREATE TABLE webhook_attempts (
        delivery_id ${id} NOT NULL,
        attempt INTEGER NOT NULL,
        started_at ${ts} NOT NULL,
        latency_ms INTEGER NOT NULL,
        status_code INTEGER,
        outcome ${key} NOT NULL,
        error TEXT,
        PRIMARY KEY (delivery_id, attempt)
      )`,
    ]) {
      await runner.query(sql);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhook_endpoints']) await runner.query(`DROP TABLE ${table}`);
  }
}
