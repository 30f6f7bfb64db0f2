import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 台账 imports: one row an upload (who, when, the file's hash, the plan's hash, counts, progress) and
 * one row a spreadsheet row with its planned outcome and, after commit, what happened to it.
 */
export class LedgerImports1796600000000 implements MigrationInterface {
  name = 'LedgerImports1796600000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const id = pg ? 'VARCHAR(36)' : 'TEXT';
    const code = pg ? 'VARCHAR(64)' : 'TEXT';
    const ts = pg ? 'TIMESTAMPTZ' : 'TEXT';
    await runner.query(`CREATE TABLE imports (
      id ${id} PRIMARY KEY,
      created_by ${id} NOT NULL,
      created_by_username ${code} NOT NULL,
      file_name TEXT NOT NULL,
      file_format ${code} NOT NULL,
      file_hash ${code} NOT NULL,
      plan_hash ${code} NOT NULL,
      options TEXT NOT NULL,
      status ${code} NOT NULL,
      total INTEGER NOT NULL,
      planned TEXT NOT NULL,
      done INTEGER NOT NULL DEFAULT 0,
      created INTEGER NOT NULL DEFAULT 0,
      assigned INTEGER NOT NULL DEFAULT 0,
      unchanged INTEGER NOT NULL DEFAULT 0,
      failed INTEGER NOT NULL DEFAULT 0,
      created_at ${ts} NOT NULL,
      committed_at ${ts},
      finished_at ${ts}
    )`);
    await runner.query('CREATE INDEX idx_imports_created_by ON imports(created_by, created_at)');
    await runner.query(`CREATE TABLE import_rows (
      import_id ${id} NOT NULL REFERENCES imports(id),
      row_number INTEGER NOT NULL,
      outcome ${code} NOT NULL,
      source ${code},
      external_ref TEXT,
      plan TEXT NOT NULL,
      errors TEXT NOT NULL,
      result ${code},
      case_id ${id},
      message TEXT,
      PRIMARY KEY (import_id, row_number)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS import_rows');
    await runner.query('DROP TABLE IF EXISTS imports');
  }
}
