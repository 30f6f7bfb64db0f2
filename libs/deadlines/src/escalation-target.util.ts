import type { EscalationTarget } from '@rectify/policies';

export interface RegionNode {
  code: string;
  level: string;
  parentCode: string | null;
}

/** The region tree as plain lookups, built once per sweep (no query per escalation). */
export class RegionIndex {
  private readonly byCode: Map<string, RegionNode>;

  constructor(regions: readonly RegionNode[]) {
    this.byCode = new Map(regions.map((r) => [r.code, r]));
  }

  parentOf(code: string): string | null {
    const parent = this.byCode.get(code)?.parentCode ?? null;
    return parent !== null && this.byCode.has(parent) ? parent : null;
  }

  /** The highest region below `nation` on the code's branch. */
  provinceOf(code: string): string | null {
    let province: string | null = null;
    const seen = new Set<string>();
    for (let r = this.byCode.get(code); r && !seen.has(r.code); r = r.parentCode ? this.byCode.get(r.parentCode) : undefined) {
      seen.add(r.code);
      if (r.level !== 'nation') province = r.code;
    }
    return province;
  }
}

export interface EscalatedCase {
  regionCode: string;
  /** The lead unit and the region it sits in; null while unassigned. */
  leadUnit: { id: string; regionCode: string } | null;
}

/**
 * Who an escalation goes to (SPEC §4): the lead unit (its region; the case's region while unassigned),
 * the case's region, its parent, or its province. Where the tree has no such region, the case's own
 * region receives it, so nothing escalates into the void.
 */
export function escalationTarget(target: EscalationTarget, c: EscalatedCase, regions: RegionIndex): { regionCode: string; unitId: string | null } {
  switch (target) {
    case 'leadUnit':
      return c.leadUnit ? { regionCode: c.leadUnit.regionCode, unitId: c.leadUnit.id } : { regionCode: c.regionCode, unitId: null };
    case 'region':
      return { regionCode: c.regionCode, unitId: null };
    case 'parentRegion':
      return { regionCode: regions.parentOf(c.regionCode) ?? c.regionCode, unitId: null };
    case 'province':
      return { regionCode: regions.provinceOf(c.regionCode) ?? c.regionCode, unitId: null };
  }
}
