import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reads that stay flat as the data grows (issue 18).
 *
 * - `due_asc` / `due_desc`: the running clock's due as sortable integers (epoch ms; `due_desc` negated),
 *   9007199254740991 when no clock runs, so that `sort=dueAt` and `sort=-dueAt` (cases without a clock
 *   last in both) are plain index orders instead of a CASE expression sorted per request. The engine
 *   writes them with `clock_due_at` (libs/cases, case.repository.ts); backfilled here.
 * - indexes serving each list order with its tie-break, within a region and a lead unit (the bureau's
 *   view), and the escalation and revisit inboxes in their order.
 */
export class FlatReads1797600000000 implements MigrationInterface {
  name = 'FlatReads1797600000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const none = '9007199254740991';
    const ms = pg
      ? 'CAST(ROUND(EXTRACT(EPOCH FROM clock_due_at) * 1000) AS BIGINT)'
      : `(CAST(strftime('%s', clock_due_at) AS INTEGER) * 1000 + CAST(substr(clock_due_at, 21, 3) AS INTEGER))`;
    for (const sql of [
      `ALTER TABLE cases ADD COLUMN due_asc BIGINT NOT NULL DEFAULT ${none}`,
      `ALTER TABLE cases ADD COLUMN due_desc BIGINT NOT NULL DEFAULT ${none}`,
      `UPDATE cases SET due_asc = ${ms}, due_desc = -${ms} WHERE clock_due_at IS NOT NULL`,
      // The list's orders with their tie-breaks (created: code; due: id), whole and per region / lead unit.
      'CREATE INDEX idx_cases_created_code ON cases(created_at, code)',
      'CREATE INDEX idx_cases_region_created_code ON cases(region_code, created_at, code)',
      'CREATE INDEX idx_cases_lead_created_code ON cases(lead_unit_id, created_at, code)',
      'CREATE INDEX idx_cases_due_asc ON cases(due_asc, id)',
      'CREATE INDEX idx_cases_due_desc ON cases(due_desc, id DESC)',
      'CREATE INDEX idx_cases_region_due_asc ON cases(region_code, due_asc, id)',
      'CREATE INDEX idx_cases_region_due_desc ON cases(region_code, due_desc, id DESC)',
      // `overdue` counted from the index alone (at most LIST_TOTAL_LIMIT entries, libs/cases).
      'CREATE INDEX idx_cases_clock_due_region ON cases(clock_due_at, region_code)',
      // Superseded: by the (…, created_at, code) indexes above, (state, created_at, code) and (clock_due_at, region_code).
      'DROP INDEX IF EXISTS idx_cases_created',
      'DROP INDEX IF EXISTS idx_cases_region_created',
      'DROP INDEX IF EXISTS idx_cases_state',
      'DROP INDEX IF EXISTS idx_cases_clock_due',
      // The escalation inbox: ORDER BY fired_at DESC, level DESC, id, whole, per status and per lead unit (level 0).
      'CREATE INDEX idx_escalations_fired_order ON escalations(fired_at DESC, level DESC, id)',
      'CREATE INDEX idx_escalations_status_order ON escalations(status, fired_at DESC, level DESC, id)',
      'CREATE INDEX idx_escalations_unit_order ON escalations(target_unit_id, level, fired_at DESC, id)',
      // The revisit inbox: ORDER BY due_at, id, whole and per status.
      'CREATE INDEX idx_revisits_due_order ON revisits(due_at, id)',
      'CREATE INDEX idx_revisits_status_due_order ON revisits(status, due_at, id)',
    ]) {
      await runner.query(sql);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of [
      'DROP INDEX IF EXISTS idx_revisits_status_due_order',
      'DROP INDEX IF EXISTS idx_revisits_due_order',
      'DROP INDEX IF EXISTS idx_escalations_unit_order',
      'DROP INDEX IF EXISTS idx_escalations_status_order',
      'DROP INDEX IF EXISTS idx_escalations_fired_order',
      'CREATE INDEX idx_cases_clock_due ON cases(clock_due_at)',
      'CREATE INDEX idx_cases_state ON cases(state)',
      'CREATE INDEX idx_cases_region_created ON cases(region_code, created_at)',
      'CREATE INDEX idx_cases_created ON cases(created_at)',
      'DROP INDEX IF EXISTS idx_cases_clock_due_region',
      'DROP INDEX IF EXISTS idx_cases_region_due_desc',
      'DROP INDEX IF EXISTS idx_cases_region_due_asc',
      'DROP INDEX IF EXISTS idx_cases_due_desc',
      'DROP INDEX IF EXISTS idx_cases_due_asc',
      'DROP INDEX IF EXISTS idx_cases_lead_created_code',
      'DROP INDEX IF EXISTS idx_cases_region_created_code',
      'DROP INDEX IF EXISTS idx_cases_created_code',
      'ALTER TABLE cases DROP COLUMN due_desc',
      'ALTER TABLE cases DROP COLUMN due_asc',
    ]) {
      await runner.query(sql);
    }
  }
}
