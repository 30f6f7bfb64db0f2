import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@rectify/core';
import { Role } from '@rectify/workflows';
import type { AuthUser } from './auth-user.js';
import { RegionTreeService } from './region-tree.service.js';

/**
 * What a caller may see (docs/administration.md): a national admin (an admin of the nation region)
 * everything, bureaus their unit, everyone else — other admins included — their region's subtree.
 */
export type Visibility =
  | { kind: 'all' }
  | { kind: 'regions'; regionCodes: string[] }
  | { kind: 'unit'; unitId: string };

@Injectable()
export class JurisdictionService {
  constructor(@Inject(RegionTreeService) private readonly regions: RegionTreeService) {}

  /** An admin of the nation region: the only caller whose power is not bounded by a subtree. */
  async isNational(user: AuthUser): Promise<boolean> {
    if (user.role !== Role.Admin) return false;
    return (await this.regions.get(user.regionCode))?.level === 'nation';
  }

  async visibility(user: AuthUser): Promise<Visibility> {
    if (user.role === Role.Bureau) return { kind: 'unit', unitId: user.unitId ?? '' };
    if (user.role === Role.Admin && (await this.isNational(user))) return { kind: 'all' };
    return { kind: 'regions', regionCodes: await this.regions.subtree(user.regionCode) };
  }

  /**
   * What a list shows the caller: region codes (the jurisdiction, narrowed to `regionCode`'s subtree
   * when given; null = no region limit) and, for bureau users, their unit.
   */
  async listScope(user: AuthUser, regionCode?: string): Promise<{ regionCodes: string[] | null; unitId: string | null }> {
    const visibility = await this.visibility(user);
    let regionCodes = visibility.kind === 'regions' ? visibility.regionCodes : null;
    if (regionCode) {
      const requested = await this.regions.subtree(regionCode);
      const allowed = regionCodes ? new Set(regionCodes) : null;
      regionCodes = allowed ? requested.filter((c) => allowed.has(c)) : requested;
    }
    return { regionCodes, unitId: visibility.kind === 'unit' ? visibility.unitId : null };
  }

  /** Whether a region lies in the caller's jurisdiction (national admins: everywhere). */
  async coversRegion(user: AuthUser, regionCode: string): Promise<boolean> {
    if (await this.isNational(user)) return true;
    return this.regions.contains(user.regionCode, regionCode);
  }

  /** 403 unless the caller is an admin whose subtree holds `regionCode` (existence is the caller's 404 to check first). */
  async requireAdminOf(user: AuthUser, regionCode: string, action: string): Promise<void> {
    if (user.role !== Role.Admin) throw DomainError.forbidden(`Only admin users may ${action}`);
    if (!(await this.coversRegion(user, regionCode))) {
      throw DomainError.forbidden(`Region ${regionCode} is outside your jurisdiction (${user.regionCode}): you may not ${action} there`);
    }
  }

  /** 403 unless the caller is a national admin (work that touches every region: the sweep, the manual clock). */
  async requireNationalAdmin(user: AuthUser, action: string): Promise<void> {
    if (user.role !== Role.Admin) throw DomainError.forbidden(`Only admin users may ${action}`);
    if (!(await this.isNational(user))) throw DomainError.forbidden(`Only an admin of the nation region may ${action}`);
  }

  /**
   * The layer of region-inherited rules (policies, calendar overrides) a request means: the region
   * named, else the caller's own; a nation-level region is the national layer (null). 404 for an
   * unknown region; with `adminAction`, 403 unless the caller administers it.
   */
  async ruleLayer(user: AuthUser, regionCode: string | undefined, adminAction?: string): Promise<string | null> {
    const code = regionCode ?? user.regionCode;
    const region = await this.regions.get(code);
    if (!region) throw DomainError.notFound(`Region ${code}`);
    if (adminAction) await this.requireAdminOf(user, code, adminAction);
    return region.level === 'nation' ? null : region.code;
  }
}
