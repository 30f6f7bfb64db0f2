import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence files (docs/attachments.md): one row per uploaded file; the bytes live in the blob store
 * under `sha256`, so two rows may share them. Rows are never updated or deleted by the service.
 */
export class Attachments1796400000000 implements MigrationInterface {
  name = 'Attachments1796400000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const id = pg ? 'VARCHAR(36)' : 'TEXT';
    await runner.query(`CREATE TABLE attachments (
      id ${id} PRIMARY KEY,
      case_id ${id} NOT NULL REFERENCES cases(id),
      name TEXT NOT NULL,
      content_type TEXT NOT NULL,
      size_bytes ${pg ? 'BIGINT' : 'INTEGER'} NOT NULL,
      sha256 ${pg ? 'CHAR(64)' : 'TEXT'} NOT NULL,
      uploaded_by ${id} NOT NULL REFERENCES users(id),
      uploaded_at ${pg ? 'TIMESTAMPTZ' : 'TEXT'} NOT NULL
    )`);
    await runner.query('CREATE INDEX idx_attachments_case ON attachments(case_id, uploaded_at)');
    await runner.query('CREATE INDEX idx_attachments_sha256 ON attachments(sha256)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE attachments');
  }
}
