import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({ type: RevisitPage })
  list(@CurrentUser() user: AuthUser, @Query() query: ListRevisitsQuery): Promise<RevisitPage> {
    return this.revisits.list(user, query);
  }

  @Post('revisit-campaigns')
  @ApiCreatedResponse({ type: CampaignView })
  createCampaign(@CurrentUser() user: AuthUser, @Body() dto: CreateRevisitCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(user, dto);
  }

  @Get('revisit-campaigns')
  @ApiOkResponse({ type: CampaignPage })
  listCampaigns(@CurrentUser() user: AuthUser, @Query() query: ListRevisitCampaignsQuery): Promise<CampaignPage> {
    return this.campaigns.list(user, query);
  }

  @Get('revisit-campaigns/:id')
  @ApiOkResponse({ type: CampaignView })
  getCampaign(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<CampaignView> {
    return this.campaigns.get(user, id);
  }
}
