import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each case keeps the workflow definition it started on (docs/procedures.md): `procedure` and
 * `procedure_version`, written at creation and never changed by a transition.
 *
 * Existing cases are put on version 1 of the procedure their source maps to by default
 * (`DEFAULT_PROCEDURE_BY_SOURCE`: inspections → `inspection`, the warning film → `warningFilm`, the
 * rest → `standard`). Version 1 of all three is the same core machine they ran before, so no running
 * case changes state, clock or allowed events.
 */
export class CaseProcedures1797850000000 implements MigrationInterface {
  name = 'CaseProcedures1797850000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of [
      "ALTER TABLE cases ADD COLUMN procedure VARCHAR(32) NOT NULL DEFAULT 'standard'",
      'ALTER TABLE cases ADD COLUMN procedure_version INTEGER NOT NULL DEFAULT 1',
      "UPDATE cases SET procedure = 'inspection' WHERE source IN ('central_inspection', 'central_inspection_revisit', 'provincial_inspection')",
      "UPDATE cases SET procedure = 'warningFilm' WHERE source = 'warning_film'",
    ]) {
      await runner.query(sql);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE cases DROP COLUMN procedure_version');
    await runner.query('ALTER TABLE cases DROP COLUMN procedure');
  }
}
