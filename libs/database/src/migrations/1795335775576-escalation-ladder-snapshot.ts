import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines and escalation (issue 3):
 * - `clocks.policy_version`: the policy whose ladder a clock climbs, so a policy change applies only to
 *   clocks that start after it (a running clock keeps its ladder);
 * - `escalations.level_name`: the level's name as the ladder said when it fired;
 * - indexes for the inbox (by target region or unit, newest first).
 */
export class EscalationLadderSnapshot1795335775576 implements MigrationInterface {
  name = 'EscalationLadderSnapshot1795335775576';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    await runner.query('ALTER TABLE clocks ADD COLUMN policy_version INTEGER');
    await runner.query(`ALTER TABLE escalations ADD COLUMN level_name ${pg ? 'VARCHAR(64)' : 'TEXT'}`);
    // Clocks already running keep the policy in force now.
    await runner.query('UPDATE clocks SET policy_version = (SELECT COALESCE(MAX(version), 0) FROM policies) WHERE ended_at IS NULL');
    await runner.query('CREATE INDEX idx_escalations_target_region ON escalations(target_region_code, fired_at)');
    await runner.query('CREATE INDEX idx_escalations_target_unit ON escalations(target_unit_id, fired_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS idx_escalations_target_unit');
    await runner.query('DROP INDEX IF EXISTS idx_escalations_target_region');
    await runner.query('ALTER TABLE escalations DROP COLUMN level_name');
    await runner.query('ALTER TABLE clocks DROP COLUMN policy_version');
  }
}
