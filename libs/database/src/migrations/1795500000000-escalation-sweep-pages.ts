import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer random pages written per escalation the sweep fires (docs/deadlines.md, "The sweep"):
 * `idx_escalations_case` put each new row at a random place of a UUID-keyed index. Its one user, the
 * inbox's `caseId` filter, now reaches a case's escalations through its clocks (`idx_clocks_case`,
 * then the unique (clock_id, level) index), which the sweep has to maintain anyway.
 * `cases.escalation_level` stays in the table but is no longer read or written: a case's level is
 * read from `escalations` (the highest level fired on its running clock).
 */
export class EscalationSweepPages1795500000000 implements MigrationInterface {
  name = 'EscalationSweepPages1795500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS idx_escalations_case');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX idx_escalations_case ON escalations(case_id)');
  }
}
