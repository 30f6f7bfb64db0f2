import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anchoring the history chain (docs/security.md, "History anchoring"): each case's chain head is signed
 * with HISTORY_ANCHOR_KEY (`cases.history_mac`, written with the head in the transition's transaction),
 * and one row of `history_anchor` holds the fingerprint of the key in use (a start with another key is
 * refused), whether the heads of a database from before this migration were signed once, and the lease
 * that lets one instance at a time write a checkpoint.
 */
export class HistoryAnchor1797200000000 implements MigrationInterface {
  name = 'HistoryAnchor1797200000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    for (const sql of [
      'ALTER TABLE cases ADD COLUMN history_mac TEXT',
      `CREATE TABLE history_anchor (id INTEGER PRIMARY KEY, key_id TEXT, heads_signed_at TEXT, lease_owner TEXT, lease_until ${pg ? 'BIGINT' : 'INTEGER'})`,
      'INSERT INTO history_anchor (id) VALUES (1)',
    ]) {
      await runner.query(sql);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE history_anchor');
    await runner.query('ALTER TABLE cases DROP COLUMN history_mac');
  }
}
