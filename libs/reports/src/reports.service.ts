import { Inject, Injectable } from '@nestjs/common';
import { ScorecardService, SCORE_WEIGHTS } from '@rectify/assignment';
import { CalendarService } from '@rectify/calendar';
import { Clock, DomainError } from '@rectify/core';
import { IdentityRepository, JurisdictionService, RegionTreeService, requireRole, type AuthUser } from '@rectify/identity';
import { Role } from '@rectify/workflows';
import { ASSESSMENT_DEFAULT_TOP } from './assessment-weights.js';
import { rankAssessment } from './assessment.util.js';
import type { AssessmentQuery, AssessmentView, ProgressGroupView, ProgressReportQuery, ProgressReportView } from './dto/report.dto.js';
import { ProgressReportRepository } from './progress-report.repository.js';
import { addCase, emptyProgress, finish, groupKeyOf, type GroupBy, type ProgressCounts } from './progress-report.util.js';
import { resolveAsOf } from './report-as-of.util.js';

/** Chinese names of source codes (the ledger's labels would make a cycle; kept short here). */
const SOURCE_NAMES: Record<string, string> = {
  central_inspection: '中央生态环境保护督察',
  central_inspection_revisit: '中央督察“回头看”',
  provincial_inspection: '省级生态环境保护督察',
  warning_film: '长江经济带生态环境警示片',
  audit: '审计',
  petition: '信访举报',
  routine: '日常监管',
};

/**
 * 月调度 · 季督导 · 年考核: the progress report as the system stood at any past instant (from the
 * append-only history, so a report for 30 June reads the same in December), and the yearly
 * assessment from the unit scorecards. Definitions: docs/ledger.md.
 */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(ProgressReportRepository) private readonly repository: ProgressReportRepository,
    @Inject(ScorecardService) private readonly scorecards: ScorecardService,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
    @Inject(IdentityRepository) private readonly identity: IdentityRepository,
    @Inject(CalendarService) private readonly calendars: CalendarService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async progress(user: AuthUser, query: ProgressReportQuery): Promise<ProgressReportView> {
    requireRole(user, [Role.Admin, Role.Supervisor, Role.Inspector], 'see progress reports');
    const asOf = resolveAsOf(query.asOf, this.clock.now());
    const regionCode = await this.regionOf(user, query.regionCode);
    const groupBy: GroupBy = query.groupBy ?? 'unit';
    const [facts, calendar, names] = await Promise.all([
      this.repository.factsAt(asOf, await this.regions.subtree(regionCode)),
      this.calendars.get(),
      this.namesFor(groupBy),
    ]);
    const month = calendar.localDateOf(new Date(asOf)).slice(0, 7);
    const monthOf = (iso: string) => calendar.localDateOf(new Date(iso)).slice(0, 7);
    const groups = new Map<string, ProgressCounts>();
    const total = emptyProgress();
    for (const c of facts) {
      const key = groupKeyOf(c, groupBy);
      let counts = groups.get(key);
      if (!counts) groups.set(key, (counts = emptyProgress()));
      addCase(counts, c, asOf, month, monthOf);
      addCase(total, c, asOf, month, monthOf);
    }
    const view = (key: string, counts: ProgressCounts): ProgressGroupView => ({ key, name: names(key), ...finish(counts) });
    return {
      asOf,
      regionCode,
      groupBy,
      groups: [...groups].map(([key, counts]) => view(key, counts)).sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-Hans-CN')),
      total: { key: '', name: '合计', ...finish(total) },
    };
  }

  async assessment(user: AuthUser, query: AssessmentQuery): Promise<AssessmentView> {
    requireRole(user, [Role.Admin, Role.Supervisor, Role.Inspector], 'see assessments');
    const regionCode = await this.regionOf(user, query.regionCode);
    // The scorecards of assignment (ScorecardService): the year as a period, Shanghai calendar, and
    // their one composite score (scoreUnit) and rank; a unit with too little measured work is not ranked.
    const cards = await this.scorecards.regionScorecards(user, { regionCode, from: `${query.year}-01-01`, to: `${query.year + 1}-01-01`, top: 1 });
    const items = cards.items.map((c) => ({
      unitId: c.unit.id,
      unitName: c.unit.name,
      regionCode: c.unit.regionCode,
      score: c.score,
      rated: c.rank !== null,
      scoredCases: c.scoredCases,
      rectificationOnTimeRate: c.rectificationOnTimeRate,
      acceptanceOnTimeRate: c.acceptanceOnTimeRate,
      returnRate: c.returnRate,
      reboundRate: c.reboundRate,
      assigned: c.assigned,
      rectified: c.rectified,
      overdue: c.overdue,
    }));
    return { year: query.year, regionCode, from: cards.from, to: cards.to, asOf: cards.asOf, weights: { ...SCORE_WEIGHTS }, ...rankAssessment(items, query.top ?? ASSESSMENT_DEFAULT_TOP) };
  }

  private async regionOf(user: AuthUser, requested: string | undefined): Promise<string> {
    const regionCode = requested ?? user.regionCode;
    if (!(await this.regions.get(regionCode))) throw DomainError.notFound('Region');
    if (!(await this.jurisdiction.coversRegion(user, regionCode))) throw DomainError.forbidden(`Region ${regionCode} is outside your jurisdiction`);
    return regionCode;
  }

  private async namesFor(groupBy: GroupBy): Promise<(key: string) => string> {
    switch (groupBy) {
      case 'unit': {
        const units = new Map((await this.identity.units(null)).map((u) => [u.id, u.name]));
        return (key) => (key === '' ? '（未交办）' : (units.get(key) ?? key));
      }
      case 'region': {
        const regions = new Map((await this.regions.all()).map((r) => [r.code, r.name]));
        return (key) => regions.get(key) ?? key;
      }
      case 'source':
        return (key) => SOURCE_NAMES[key] ?? key;
      case 'batch':
        return (key) => (key === '' ? '（无批次）' : key);
    }
  }
}
