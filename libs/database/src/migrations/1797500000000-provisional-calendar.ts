import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The calendar beyond the published years (docs/deadlines.md): the official arrangements an admin
 * imports, one row per year, and the dues that were counted over a year without one (provisional),
 * with what they were counted from, so that an import can count them again.
 */
export class ProvisionalCalendar1797500000000 implements MigrationInterface {
  name = 'ProvisionalCalendar1797500000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const id = pg ? 'VARCHAR(36)' : 'TEXT';
    const code = pg ? 'VARCHAR(64)' : 'TEXT';
    const ts = pg ? 'TIMESTAMPTZ' : 'TEXT';
    for (const sql of [
      `CREATE TABLE calendar_arrangements (
        year INTEGER PRIMARY KEY,
        holidays TEXT NOT NULL,
        workdays TEXT NOT NULL,
        notice TEXT,
        content_hash ${code} NOT NULL,
        imported_by ${id},
        imported_at ${ts} NOT NULL
      )`,
      // kind 'clock': the running clock's due (clock_id); kind 'rectification': the case's rectificationDueAt.
      `CREATE TABLE provisional_dues (
        case_id ${id} NOT NULL REFERENCES cases(id),
        kind ${code} NOT NULL,
        clock_id ${id},
        counted_from ${ts} NOT NULL,
        working_days INTEGER NOT NULL,
        due_at ${ts} NOT NULL,
        PRIMARY KEY (case_id, kind)
      )`,
    ]) {
      await runner.query(sql);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE provisional_dues');
    await runner.query('DROP TABLE calendar_arrangements');
  }
}
