import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whose lateness (docs/deadlines.md): a pending extension request runs the supervisor's decision clock
 * (`extensionDecision`) beside the unit's state clock, so a case may have two open clocks — at most one
 * of each kind. `hold_level` caps how high a clock may climb for now (the unit's rectification clock
 * stops at 催办 while its extension request waits for the supervisor); null = no cap.
 */
export class ExtensionDecisionClock1797400000000 implements MigrationInterface {
  name = 'ExtensionDecisionClock1797400000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of [
      'DROP INDEX IF EXISTS uq_clocks_open_per_case',
      `CREATE UNIQUE INDEX uq_clocks_open_per_case ON clocks(case_id) WHERE ended_at IS NULL AND name <> 'extensionDecision'`,
      `CREATE UNIQUE INDEX uq_clocks_open_decision_per_case ON clocks(case_id) WHERE ended_at IS NULL AND name = 'extensionDecision'`,
      'ALTER TABLE clocks ADD COLUMN hold_level INTEGER',
    ]) {
      await runner.query(sql);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of [
      'ALTER TABLE clocks DROP COLUMN hold_level',
      'DROP INDEX IF EXISTS uq_clocks_open_decision_per_case',
      'DROP INDEX IF EXISTS uq_clocks_open_per_case',
      'CREATE UNIQUE INDEX uq_clocks_open_per_case ON clocks(case_id) WHERE ended_at IS NULL',
    ]) {
      await runner.query(sql);
    }
  }
}
