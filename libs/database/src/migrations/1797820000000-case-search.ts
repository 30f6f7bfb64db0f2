import type { MigrationInterface, QueryRunner } from 'typeorm';
import { indexCaseSearch } from '../case-search.js';
import { toPostgresPlaceholders, type SqlExecutor } from '../sql-executor.js';

/**
 * The case search index (issue 18; libs/database, case-search.ts): `case_search` holds each case's
 * searchable text, lower-cased, and its character unigram and bigram tokens, indexed — SQLite: the
 * contentless FTS5 table `case_search_tokens` (rowid = `case_search.doc`); PostgreSQL: a GIN index on
 * `case_search.tokens`. Backfilled here for every existing case, by the same code the engine writes
 * the rows with.
 */
export class CaseSearch1797820000000 implements MigrationInterface {
  name = 'CaseSearch1797820000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const statements = pg
      ? [
          'CREATE TABLE case_search (case_id VARCHAR(36) PRIMARY KEY REFERENCES cases(id), body TEXT NOT NULL, tokens TEXT[] NOT NULL)',
          'CREATE INDEX idx_case_search_tokens ON case_search USING GIN (tokens)',
        ]
      : [
          'CREATE TABLE case_search (doc INTEGER PRIMARY KEY, case_id TEXT NOT NULL UNIQUE REFERENCES cases(id), body TEXT NOT NULL)',
          "CREATE VIRTUAL TABLE case_search_tokens USING fts5(tokens, content='', contentless_delete=1, detail=none)",
        ];
    for (const sql of statements) await runner.query(sql);
    const db = executorOf(runner, pg);
    let after = '';
    for (;;) {
      const ids = (await db.all<{ id: string }>('SELECT id FROM cases WHERE id > ? ORDER BY id LIMIT 2000', [after])).map((r) => String(r.id));
      if (ids.length === 0) break;
      await indexCaseSearch(db, ids);
      after = ids[ids.length - 1];
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    if (!pg) await runner.query('DROP TABLE IF EXISTS case_search_tokens');
    await runner.query('DROP TABLE IF EXISTS case_search');
  }
}

/** The migration's runner as the engine's SQL interface (`?` placeholders on both databases). */
function executorOf(runner: QueryRunner, pg: boolean): SqlExecutor {
  const all = async <T>(sql: string, params: readonly unknown[] = []) => (await runner.query(pg ? toPostgresPlaceholders(sql) : sql, [...params])) as T[];
  return {
    dialect: pg ? 'postgres' : 'sqlite',
    all,
    one: async <T>(sql: string, params?: readonly unknown[]) => (await all<T>(sql, params))[0],
    run: async (sql: string, params?: readonly unknown[]) => {
      await all(sql, params);
      return 0;
    },
    afterCommit: () => {
      throw new Error('a migration tells nobody of its rows (its commit is the migrator\'s)');
    },
  };
}
