import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assignment (issue 5): one routing rule per (region, category, source), a missing category or
 * source counting as "any". NULLs are distinct in a plain unique index on both databases, hence
 * the COALESCE: two concurrent "same key" rules cannot both be created.
 */
export class AssignmentRuleKey1795335813815 implements MigrationInterface {
  name = 'AssignmentRuleKey1795335813815';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE UNIQUE INDEX uq_assignment_rules_key ON assignment_rules (region_code, (COALESCE(category, '')), (COALESCE(source, '')))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS uq_assignment_rules_key');
  }
}
