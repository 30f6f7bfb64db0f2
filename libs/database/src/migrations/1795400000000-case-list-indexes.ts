import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the case list: a page filtered by state comes in created order straight from the
 * index (no sort of every matching row), and the total counts from a covering (region, state) index.
 */
export class CaseListIndexes1795400000000 implements MigrationInterface {
  name = 'CaseListIndexes1795400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX idx_cases_state_created ON cases(state, created_at, code)');
    await runner.query('CREATE INDEX idx_cases_region_state ON cases(region_code, state)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX idx_cases_region_state');
    await runner.query('DROP INDEX idx_cases_state_created');
  }
}
