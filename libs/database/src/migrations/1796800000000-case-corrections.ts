import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections (docs/corrections.md): a withdrawn case frees its external reference, so the uniqueness
 * of (source, external_ref) covers only cases not withdrawn; the two cases are linked both ways; an
 * acknowledged escalation keeps the note its supervisor wrote.
 */
export class CaseCorrections1796800000000 implements MigrationInterface {
  name = 'CaseCorrections1796800000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const id = pg ? 'VARCHAR(36)' : 'TEXT';
    for (const sql of [
      `ALTER TABLE cases ADD COLUMN supersedes_case_id ${id}`,
      `ALTER TABLE cases ADD COLUMN superseded_by_case_id ${id}`,
      'DROP INDEX IF EXISTS uq_cases_source_external_ref',
      `CREATE UNIQUE INDEX uq_cases_source_external_ref_live ON cases(source, external_ref) WHERE state <> 'withdrawn'`,
      'CREATE INDEX idx_cases_source_external_ref ON cases(source, external_ref)',
      'ALTER TABLE escalations ADD COLUMN acknowledge_note TEXT',
    ]) {
      await runner.query(sql);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of [
      'ALTER TABLE escalations DROP COLUMN acknowledge_note',
      'DROP INDEX IF EXISTS idx_cases_source_external_ref',
      'DROP INDEX IF EXISTS uq_cases_source_external_ref_live',
      'CREATE UNIQUE INDEX uq_cases_source_external_ref ON cases(source, external_ref)',
      'ALTER TABLE cases DROP COLUMN superseded_by_case_id',
      'ALTER TABLE cases DROP COLUMN supersedes_case_id',
    ]) {
      await runner.query(sql);
    }
  }
}
