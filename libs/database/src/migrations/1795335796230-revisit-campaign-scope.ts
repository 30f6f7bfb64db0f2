import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 回头看 (issue 4): a campaign's region, the ids it was drawn from and the draw method, so that a
 * campaign can be listed by jurisdiction and its draw re-run by anyone; and the uniqueness that makes
 * a case run at most one revisit at a time and appear at most once in a campaign.
 */
export class RevisitCampaignScope1795335796230 implements MigrationInterface {
  name = 'RevisitCampaignScope1795335796230';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.driver.options.type === 'postgres';
    const code = pg ? 'VARCHAR(64)' : 'TEXT';
    for (const sql of [
      `ALTER TABLE revisit_campaigns ADD COLUMN region_code ${code} REFERENCES regions(code)`,
      `ALTER TABLE revisit_campaigns ADD COLUMN matched_case_ids TEXT`,
      `ALTER TABLE revisit_campaigns ADD COLUMN draw_method ${code}`,
      `CREATE INDEX idx_revisit_campaigns_region_created ON revisit_campaigns(region_code, created_at)`,
      `CREATE UNIQUE INDEX uq_revisits_in_progress_per_case ON revisits(case_id) WHERE status = 'inProgress'`,
      `CREATE UNIQUE INDEX uq_revisits_campaign_case ON revisits(campaign_id, case_id) WHERE campaign_id IS NOT NULL`,
    ]) {
      await runner.query(sql);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const sql of [
      'DROP INDEX IF EXISTS uq_revisits_campaign_case',
      'DROP INDEX IF EXISTS uq_revisits_in_progress_per_case',
      'DROP INDEX IF EXISTS idx_revisit_campaigns_region_created',
      'ALTER TABLE revisit_campaigns DROP COLUMN draw_method',
      'ALTER TABLE revisit_campaigns DROP COLUMN matched_case_ids',
      'ALTER TABLE revisit_campaigns DROP COLUMN region_code',
    ]) {
      await runner.query(sql);
    }
  }
}
