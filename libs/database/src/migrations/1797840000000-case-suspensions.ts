import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 挂起 (docs/suspension.md): one row per suspension of a case's running clock. At most one is open
 * (resumed_at NULL) per case; while it is, the clock is parked (no next threshold: the escalation sweep
 * passes it by) and the case takes no event. Resuming counts the clock's remaining working days again
 * from the resumption and records the new due.
 */
export class CaseSuspensions1797840000000 implements MigrationInterface {
  name = 'CaseSuspensions1797840000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const id = pg ? 'VARCHAR(36)' : 'TEXT';
    const key = pg ? 'VARCHAR(200)' : 'TEXT';
    const ts = pg ? 'TIMESTAMPTZ' : 'TEXT';
    for (const sql of [
      `CREATE TABLE case_suspensions (
        id ${id} PRIMARY KEY,
        case_id ${id} NOT NULL,
        clock_id ${id} NOT NULL,
        clock_name ${key} NOT NULL,
        reason ${key} NOT NULL,
        reason_text TEXT,
        planned_resume_on ${key} NOT NULL,
        suspended_at ${ts} NOT NULL,
        suspended_by ${id} NOT NULL,
        suspended_by_username ${key} NOT NULL,
        due_at ${ts} NOT NULL,
        remaining_working_days INTEGER NOT NULL,
        resumed_at ${ts},
        resumed_by ${id},
        resumed_by_username ${key},
        resumed_due_at ${ts},
        suspended_working_days INTEGER
      )`,
      'CREATE INDEX idx_case_suspensions_case ON case_suspensions(case_id, suspended_at)',
      'CREATE UNIQUE INDEX uq_case_suspensions_open ON case_suspensions(case_id) WHERE resumed_at IS NULL',
    ]) {
      await runner.query(sql);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE case_suspensions');
  }
}
