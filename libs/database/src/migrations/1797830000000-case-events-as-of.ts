import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The as-of reports (libs/reports, ProgressReportRepository): each case's history rows up to an
 * instant, grouped by case. This index holds every column that scan reads (`at` to cut at the
 * instant, `type` for the counts, `to_state` of the last row), so it walks the index alone instead of
 * one table row — payload and hashes included — per history row.
 */
export class CaseEventsAsOf1797830000000 implements MigrationInterface {
  name = 'CaseEventsAsOf1797830000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX IF NOT EXISTS idx_case_events_as_of ON case_events(case_id, seq, at, type, to_state)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX idx_case_events_as_of');
  }
}
