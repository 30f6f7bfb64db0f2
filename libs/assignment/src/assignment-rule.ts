import { toIso } from '@rectify/core';

/** A routing rule (交办规则): where a case of a region (and its subtree) goes by default. */
export interface AssignmentRule {
  id: string;
  regionCode: string;
  /** null = any category. */
  category: string | null;
  /** null = any source. */
  source: string | null;
  leadUnitId: string;
  coUnitIds: string[];
  /** null = the policy default. */
  rectificationWorkingDays: number | null;
  createdBy: string | null;
  createdAt: string;
}

export type AssignmentRuleRow = Record<string, unknown>;

export function ruleFromRow(row: AssignmentRuleRow): AssignmentRule {
  const coUnits = row.co_unit_ids;
  return {
    id: String(row.id),
    regionCode: String(row.region_code),
    category: row.category === null || row.category === undefined ? null : String(row.category),
    source: row.source === null || row.source === undefined ? null : String(row.source),
    leadUnitId: String(row.lead_unit_id),
    coUnitIds: typeof coUnits === 'string' ? (JSON.parse(coUnits) as string[]) : ((coUnits as string[] | null) ?? []),
    rectificationWorkingDays:
      row.rectification_working_days === null || row.rectification_working_days === undefined ? null : Number(row.rectification_working_days),
    createdBy: row.created_by === null || row.created_by === undefined ? null : String(row.created_by),
    createdAt: toIso(row.created_at as string)!,
  };
}
