import { Inject, Injectable } from '@nestjs/common';
import { Role } from '@rectify/workflows';
import type { AuthUser } from './auth-user.js';
import { RegionTreeService } from './region-tree.service.js';

/** What a caller may see, as SPEC §6 says: admins everything, bureaus their unit, others their region's subtree. */
export type Visibility =
  | { kind: 'all' }
  | { kind: 'regions'; regionCodes: string[] }
  | { kind: 'unit'; unitId: string };

@Injectable()
export class JurisdictionService {
  constructor(@Inject(RegionTreeService) private readonly regions: RegionTreeService) {}

  async visibility(user: AuthUser): Promise<Visibility> {
    if (user.role === Role.Admin) return { kind: 'all' };
    if (user.role === Role.Bureau) return { kind: 'unit', unitId: user.unitId ?? '' };
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

  /** Whether a region lies in the caller's jurisdiction (admins: everywhere). */
  async coversRegion(user: AuthUser, regionCode: string): Promise<boolean> {
    if (user.role === Role.Admin) return true;
    return this.regions.contains(user.regionCode, regionCode);
  }
}
