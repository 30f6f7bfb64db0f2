import { Inject, Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@rectify/database';
import { ruleFromRow, type AssignmentRule, type AssignmentRuleRow } from './assignment-rule.js';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Every query on routing rules. */
@Injectable()
export class AssignmentRuleRepository {
  constructor(@Inject(Database) private readonly db: Database) {}

  async insert(rule: AssignmentRule, tx: SqlExecutor = this.db): Promise<void> {
    await tx.run(
      `INSERT INTO assignment_rules (id, region_code, category, source, lead_unit_id, co_unit_ids, rectification_working_days, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [rule.id, rule.regionCode, rule.category, rule.source, rule.leadUnitId, JSON.stringify(rule.coUnitIds), rule.rectificationWorkingDays, rule.createdBy, rule.createdAt],
    );
  }

  async findById(id: string, tx: SqlExecutor = this.db): Promise<AssignmentRule | undefined> {
    const row = await tx.one<AssignmentRuleRow>('SELECT * FROM assignment_rules WHERE id = ?', [id]);
    return row ? ruleFromRow(row) : undefined;
  }

  /** The rule with exactly this key (null criteria compared as "any"). */
  async findByKey(regionCode: string, category: string | null, source: string | null, tx: SqlExecutor = this.db): Promise<AssignmentRule | undefined> {
    const row = await tx.one<AssignmentRuleRow>(
      `SELECT * FROM assignment_rules WHERE region_code = ? AND COALESCE(category, '') = ? AND COALESCE(source, '') = ?`,
      [regionCode, category ?? '', source ?? ''],
    );
    return row ? ruleFromRow(row) : undefined;
  }

  /** Rules of the given regions (all rules when null), in a stable order. */
  async inRegions(regionCodes: readonly string[] | null, tx: SqlExecutor = this.db): Promise<AssignmentRule[]> {
    if (regionCodes && regionCodes.length === 0) return [];
    const where = regionCodes ? `WHERE region_code IN (${placeholders(regionCodes.length)})` : '';
    const rows = await tx.all<AssignmentRuleRow>(
      `SELECT * FROM assignment_rules ${where} ORDER BY region_code, COALESCE(category, ''), COALESCE(source, ''), id`,
      regionCodes ? [...regionCodes] : [],
    );
    return rows.map(ruleFromRow);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM assignment_rules WHERE id = ?', [id])) === 1;
  }
}
