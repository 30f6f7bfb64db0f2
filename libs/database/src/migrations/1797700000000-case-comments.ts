import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Comments on a case (docs/comments.md). `case_comments` holds each comment's latest text;
 * `case_comment_revisions` every text it ever had (an edit adds a revision, never overwrites one).
 * The thread is in the order of the comments' history rows (`history_seq`).
 * Each revision is also a row of the case's history chain (`history_seq`), which a comment extends
 * without bumping the case's version: `cases.history_length` counts the chain's rows (NULL on rows
 * from before: then it equals `version`).
 */
export class CaseComments1797700000000 implements MigrationInterface {
  name = 'CaseComments1797700000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const id = pg ? 'VARCHAR(36)' : 'TEXT';
    const key = pg ? 'VARCHAR(200)' : 'TEXT';
    const ts = pg ? 'TIMESTAMPTZ' : 'TEXT';
    for (const sql of [
      'ALTER TABLE cases ADD COLUMN history_length INTEGER',
      `CREATE TABLE case_comments (
        id ${id} PRIMARY KEY,
        case_id ${id} NOT NULL,
        author_id ${id} NOT NULL,
        author_username ${key} NOT NULL,
        author_role ${key} NOT NULL,
        author_unit_id ${id},
        internal INTEGER NOT NULL,
        body TEXT NOT NULL,
        revision INTEGER NOT NULL,
        mentions TEXT NOT NULL,
        history_seq INTEGER NOT NULL,
        created_at ${ts} NOT NULL,
        updated_at ${ts} NOT NULL
      )`,
      'CREATE INDEX idx_case_comments_case ON case_comments(case_id, history_seq)',
      `CREATE TABLE case_comment_revisions (
        comment_id ${id} NOT NULL,
        revision INTEGER NOT NULL,
        body TEXT NOT NULL,
        at ${ts} NOT NULL,
        history_seq INTEGER NOT NULL,
        PRIMARY KEY (comment_id, revision)
      )`,
    ]) {
      await runner.query(sql);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE case_comment_revisions');
    await runner.query('DROP TABLE case_comments');
    await runner.query('ALTER TABLE cases DROP COLUMN history_length');
  }
}
