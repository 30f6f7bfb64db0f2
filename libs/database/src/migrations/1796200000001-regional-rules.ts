import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Policies and calendar overrides per region (issue 10), inherited down the region tree. The key ''
 * is the national layer: every row written before this migration was national, and stays so.
 * - `policies.region_code`: whose version a row is; versions stay one global sequence, so a clock's
 *   `policy_version` still names exactly one row (running clocks keep their ladder).
 * - `calendar_overrides` keyed by (region_code, date) instead of date alone.
 */
export class RegionalRules1796200000001 implements MigrationInterface {
  name = 'RegionalRules1796200000001';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const code = pg ? 'VARCHAR(64)' : 'TEXT';
    await runner.query(`ALTER TABLE policies ADD COLUMN region_code ${code} NOT NULL DEFAULT ''`);
    await runner.query('CREATE INDEX idx_policies_region ON policies(region_code, version)');
    await runner.query(`CREATE TABLE calendar_overrides_by_region (
      region_code ${code} NOT NULL,
      date ${code} NOT NULL,
      workday INTEGER NOT NULL,
      name TEXT,
      updated_by ${pg ? 'VARCHAR(36)' : 'TEXT'},
      updated_at ${pg ? 'TIMESTAMPTZ' : 'TEXT'} NOT NULL,
      PRIMARY KEY (region_code, date)
    )`);
    await runner.query(
      `INSERT INTO calendar_overrides_by_region (region_code, date, workday, name, updated_by, updated_at)
       SELECT '', date, workday, name, updated_by, updated_at FROM calendar_overrides`,
    );
    await runner.query('DROP TABLE calendar_overrides');
    await runner.query('ALTER TABLE calendar_overrides_by_region RENAME TO calendar_overrides');
  }

  async down(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const code = pg ? 'VARCHAR(64)' : 'TEXT';
    await runner.query(`CREATE TABLE calendar_overrides_national (
      date ${code} PRIMARY KEY,
      workday INTEGER NOT NULL,
      name TEXT,
      updated_by ${pg ? 'VARCHAR(36)' : 'TEXT'},
      updated_at ${pg ? 'TIMESTAMPTZ' : 'TEXT'} NOT NULL
    )`);
    await runner.query(
      `INSERT INTO calendar_overrides_national (date, workday, name, updated_by, updated_at)
       SELECT date, workday, name, updated_by, updated_at FROM calendar_overrides WHERE region_code = ''`,
    );
    await runner.query('DROP TABLE calendar_overrides');
    await runner.query('ALTER TABLE calendar_overrides_national RENAME TO calendar_overrides');
    await runner.query('DROP INDEX IF EXISTS idx_policies_region');
    await runner.query('ALTER TABLE policies DROP COLUMN region_code');
  }
}
