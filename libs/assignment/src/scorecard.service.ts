import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError, isUuid } from '@rectify/core';
import { IdentityRepository, JurisdictionService, RegionTreeService, requireRole, type AuthUser, type Unit } from '@rectify/identity';
import { Role } from '@rectify/workflows';
import type { RegionScorecardQuery, RegionScorecardsView, ScorecardPeriodQuery, ScorecardView } from './dto/scorecard.dto.js';
import { resolvePeriod } from './scorecard-period.util.js';
import { rankScorecards } from './scorecard-ranking.util.js';
import { ScorecardRepository } from './scorecard.repository.js';
import { computeScorecards, emptyCounts, ratesOf, type ScorePeriod } from './scorecard.util.js';

const DEFAULT_TOP = 3;

/**
 * Unit scorecards and rankings. Who sees what: admins every unit; supervisors and inspectors the
 * units of their jurisdiction; a bureau only its own unit's scorecard (no rankings).
 */
@Injectable()
export class ScorecardService {
  constructor(
    @Inject(ScorecardRepository) private readonly repository: ScorecardRepository,
    @Inject(IdentityRepository) private readonly identity: IdentityRepository,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** `GET /units/:id/scorecard`: 404 for a unit that does not exist or that the caller may not see. */
  async unitScorecard(user: AuthUser, unitId: string, query: ScorecardPeriodQuery): Promise<ScorecardView> {
    const unit = isUuid(unitId) ? (await this.identity.unitsByIds([unitId]))[0] : undefined;
    if (!unit || !(await this.maySee(user, unit))) throw DomainError.notFound('Unit');
    const period = resolvePeriod(query, this.clock.now());
    return (await this.compute([unit], period))[0]!;
  }

  /** `GET /scorecards`: every unit of the region's subtree (default: the caller's region), ranked. */
  async regionScorecards(user: AuthUser, query: RegionScorecardQuery): Promise<RegionScorecardsView> {
    requireRole(user, [Role.Admin, Role.Supervisor, Role.Inspector], 'see unit rankings');
    const regionCode = query.regionCode ?? user.regionCode;
    if (!(await this.regions.get(regionCode))) throw DomainError.notFound('Region');
    if (!(await this.jurisdiction.coversRegion(user, regionCode))) throw DomainError.forbidden(`Region ${regionCode} is outside your jurisdiction`);
    const period = resolvePeriod(query, this.clock.now());
    const units = await this.identity.units(await this.regions.subtree(regionCode));
    const ranked = rankScorecards(await this.compute(units, period), query.top ?? DEFAULT_TOP);
    return { regionCode, ...period, ...ranked };
  }

  private async maySee(user: AuthUser, unit: Unit): Promise<boolean> {
    switch (user.role) {
      case Role.Bureau:
        return user.unitId === unit.id;
      default:
        return this.jurisdiction.coversRegion(user, unit.regionCode);
    }
  }

  private async compute(units: Unit[], period: ScorePeriod): Promise<ScorecardView[]> {
    const ids = units.map((u) => u.id);
    const [events, clocks] = await Promise.all([this.repository.events(ids, period.to), this.repository.acceptanceClocks(ids, period.to)]);
    const counts = computeScorecards(ids, events, clocks, period);
    return units.map((unit) => {
      const c = counts.get(unit.id) ?? emptyCounts();
      return { unit: { id: unit.id, name: unit.name, regionCode: unit.regionCode }, ...period, ...c, ...ratesOf(c) };
    });
  }
}
