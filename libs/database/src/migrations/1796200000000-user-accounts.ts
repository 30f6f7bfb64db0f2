import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts (issue 10, issue 11 item 4): a token generation per user, bumped whenever a change must
 * end the user's sessions (role, region, unit, disable, password, logout); tokens carry the generation
 * they were issued at and are refused once it moved. A disabled user cannot log in.
 */
export class UserAccounts1796200000000 implements MigrationInterface {
  name = 'UserAccounts1796200000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const ts = pg ? 'TIMESTAMPTZ' : 'TEXT';
    await runner.query('ALTER TABLE users ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0');
    await runner.query(`ALTER TABLE users ADD COLUMN disabled_at ${ts}`);
    await runner.query(`ALTER TABLE users ADD COLUMN password_changed_at ${ts}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE users DROP COLUMN password_changed_at');
    await runner.query('ALTER TABLE users DROP COLUMN disabled_at');
    await runner.query('ALTER TABLE users DROP COLUMN token_generation');
  }
}
