import { Inject, Injectable } from '@nestjs/common';
import { actorOf, Clock, DomainError, isUuid, newId } from '@rectify/core';
import { Database } from '@rectify/database';
import { JurisdictionService, RegionTreeService, requireRole, type AuthUser } from '@rectify/identity';
import { Role } from '@rectify/workflows';
import { DRAW_METHOD, drawSample, type SampleSpec } from './campaign-sampling.util.js';
import type { CampaignPage, CampaignView, CreateRevisitCampaignDto, ListRevisitCampaignsQuery } from './dto/revisit.dto.js';
import type { CampaignFilter, CampaignRecord } from './revisit-record.js';
import { RevisitRepository } from './revisit.repository.js';
import { RevisitOrigin, RevisitStatus } from './revisit-status.js';

const VIEWERS = [Role.Inspector, Role.Supervisor, Role.Admin];

function toCampaignView(c: CampaignRecord, counts: Partial<Record<RevisitStatus, number>>, withMatched: boolean): CampaignView {
  return {
    id: c.id,
    regionCode: c.regionCode,
    filter: c.filter,
    seed: c.seed,
    sampleSize: c.sampleSize,
    sampleRate: c.sampleRate,
    drawMethod: c.drawMethod,
    dueAt: c.dueAt,
    matched: c.matched,
    selected: c.selected,
    caseIds: c.caseIds,
    ...(withMatched ? { matchedCaseIds: c.matchedCaseIds } : {}),
    progress: {
      scheduled: counts.scheduled ?? 0,
      inProgress: counts.inProgress ?? 0,
      passed: counts.passed ?? 0,
      rebound: counts.rebound ?? 0,
      cancelled: counts.cancelled ?? 0,
    },
    createdBy: c.createdBy,
    createdAt: c.createdAt,
  };
}

/**
 * Revisit campaigns (双随机抽查): a supervisor filters the closed cases of their jurisdiction, draws a
 * sample with a seed, and every drawn case gets a revisit due at `dueAt`. The campaign stores the
 * filter, the seed, every matched id and the drawn ids, so that anyone can re-run the draw.
 */
@Injectable()
export class RevisitCampaignService {
  constructor(
    @Inject(RevisitRepository) private readonly revisits: RevisitRepository,
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
  ) {}

  /** Checks in SPEC §7 order: the body's shape (400), then the role and the region's jurisdiction (403). */
  async create(user: AuthUser, dto: CreateRevisitCampaignDto): Promise<CampaignView> {
    if ((dto.sampleSize === undefined) === (dto.sampleRate === undefined)) {
      throw DomainError.validation('Give exactly one of sampleSize (a number of cases) or sampleRate (a share, 0 < rate ≤ 1)');
    }
    const now = this.clock.now();
    const dueAt = new Date(dto.dueAt);
    if (dueAt.getTime() <= now.getTime()) throw DomainError.validation('dueAt must be in the future');
    const closedFrom = dto.closedFrom ? new Date(dto.closedFrom).toISOString() : undefined;
    const closedTo = dto.closedTo ? new Date(dto.closedTo).toISOString() : undefined;
    if (closedFrom && closedTo && closedFrom >= closedTo) throw DomainError.validation('closedFrom must be before closedTo');
    const regionCode = dto.regionCode ?? user.regionCode;
    if (!(await this.regions.get(regionCode))) throw DomainError.validation(`regionCode ${regionCode} is not a known region`);

    requireRole(user, [Role.Supervisor], 'run revisit campaigns');
    if (!(await this.jurisdiction.coversRegion(user, regionCode))) {
      throw DomainError.forbidden(`Region ${regionCode} is outside your jurisdiction: a campaign samples only cases you supervise`);
    }

    const filter: CampaignFilter = {
      regionCode,
      ...(dto.source !== undefined ? { source: dto.source } : {}),
      ...(dto.batch !== undefined ? { batch: dto.batch } : {}),
      ...(dto.category !== undefined ? { category: dto.category } : {}),
      ...(closedFrom ? { closedFrom } : {}),
      ...(closedTo ? { closedTo } : {}),
    };
    const spec: SampleSpec = dto.sampleSize !== undefined ? { sampleSize: dto.sampleSize } : { sampleRate: dto.sampleRate! };
    const regionCodes = await this.regions.subtree(regionCode);
    const at = now.toISOString();
    const campaign = await this.db.write(async (tx) => {
      const matchedIds = (await this.revisits.closedCaseIds(filter, regionCodes, tx)).sort();
      const caseIds = drawSample(dto.seed, matchedIds, spec);
      const record: CampaignRecord = {
        id: newId(),
        regionCode,
        filter,
        seed: dto.seed,
        sampleSize: dto.sampleSize ?? null,
        sampleRate: dto.sampleRate ?? null,
        drawMethod: DRAW_METHOD,
        dueAt: dueAt.toISOString(),
        matched: matchedIds.length,
        selected: caseIds.length,
        caseIds,
        matchedCaseIds: matchedIds,
        createdBy: actorOf(user),
        createdAt: at,
      };
      await this.revisits.insertCampaign(record, tx);
      for (const caseId of caseIds) {
        await this.revisits.insert(
          { id: newId(), caseId, campaignId: record.id, dueAt: record.dueAt, origin: RevisitOrigin.Campaign, status: RevisitStatus.Scheduled, startedAt: null, completedAt: null, createdAt: at },
          tx,
        );
      }
      return record;
    });
    return toCampaignView(campaign, { scheduled: campaign.selected }, true);
  }

  async list(user: AuthUser, query: ListRevisitCampaignsQuery): Promise<CampaignPage> {
    requireRole(user, VIEWERS, 'view revisit campaigns');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const visibility = await this.jurisdiction.visibility(user);
    const { items, total } = await this.revisits.campaigns(visibility.kind === 'regions' ? visibility.regionCodes : null, pageSize, (page - 1) * pageSize);
    const progress = await this.revisits.progress(items.map((c) => c.id));
    return { items: items.map((c) => toCampaignView(c, progress.get(c.id) ?? {}, false)), total, page, pageSize };
  }

  /** One campaign with every matched id; 404 when it does not exist or lies outside the caller's jurisdiction. */
  async get(user: AuthUser, id: string): Promise<CampaignView> {
    requireRole(user, VIEWERS, 'view revisit campaigns');
    const campaign = isUuid(id) ? await this.revisits.campaign(id) : undefined;
    if (!campaign || !(await this.jurisdiction.coversRegion(user, campaign.regionCode))) throw DomainError.notFound('Revisit campaign');
    const progress = await this.revisits.progress([campaign.id]);
    return toCampaignView(campaign, progress.get(campaign.id) ?? {}, true);
  }
}
