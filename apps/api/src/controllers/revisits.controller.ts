import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import { CurrentUser, type AuthUser } from '@rectify/identity';
import {
  CampaignPage,
  CampaignView,
  CreateRevisitCampaignDto,
  ListRevisitCampaignsQuery,
  ListRevisitsQuery,
  RevisitCampaignService,
  RevisitPage,
  RevisitQueryService,
} from '@rectify/revisits';

@ApiTags('revisits')
@ApiBearerAuth()
@Controller()
export class RevisitsController {
  constructor(
    @Inject(RevisitQueryService) private readonly revisits: RevisitQueryService,
    @Inject(RevisitCampaignService) private readonly campaigns: RevisitCampaignService,
  ) {}

  @Get('revisits')
  @ApiOp({
    summary: 'List revisits (回头看)',
    description: 'Scheduled, running and finished revisits of the cases the caller may see, by due date.',
    ok: RevisitPage,
    errors: [400],
  })
  list(@CurrentUser() user: AuthUser, @Query() query: ListRevisitsQuery): Promise<RevisitPage> {
    return this.revisits.list(user, query);
  }

  @Post('revisit-campaigns')
  @ApiOp({
    summary: 'Run a revisit campaign (双随机)',
    description:
      'Supervisors only. Samples closed cases of their jurisdiction matching the filter with a seed (same seed and data, same cases) and schedules revisits due at `dueAt`.',
    ok: CampaignView,
    status: 201,
    errors: [400, 403, 413],
  })
  createCampaign(@CurrentUser() user: AuthUser, @Body() dto: CreateRevisitCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(user, dto);
  }

  @Get('revisit-campaigns')
  @ApiOp({ summary: 'List revisit campaigns', description: 'Campaigns run in the caller’s jurisdiction, newest first.', ok: CampaignPage, errors: [400, 403] })
  listCampaigns(@CurrentUser() user: AuthUser, @Query() query: ListRevisitCampaignsQuery): Promise<CampaignPage> {
    return this.campaigns.list(user, query);
  }

  @Get('revisit-campaigns/:id')
  @ApiOp({ summary: 'Read a revisit campaign', description: 'Its filter, seed, counts and the cases drawn.', ok: CampaignView, errors: [403, 404] })
  getCampaign(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<CampaignView> {
    return this.campaigns.get(user, id);
  }
}
