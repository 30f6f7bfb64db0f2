import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RegionScorecardQuery, RegionScorecardsView, ScorecardPeriodQuery, ScorecardService, ScorecardView } from '@rectify/assignment';
import { CurrentUser, type AuthUser } from '@rectify/identity';

@ApiTags('scorecards')
@ApiBearerAuth()
@Controller()
export class ScorecardsController {
  constructor(@Inject(ScorecardService) private readonly scorecards: ScorecardService) {}

  @Get('units/:id/scorecard')
  @ApiOkResponse({ type: ScorecardView })
  unit(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: ScorecardPeriodQuery): Promise<ScorecardView> {
    return this.scorecards.unitScorecard(user, id, query);
  }

  @Get('scorecards')
  @ApiOkResponse({ type: RegionScorecardsView })
  region(@CurrentUser() user: AuthUser, @Query() query: RegionScorecardQuery): Promise<RegionScorecardsView> {
    return this.scorecards.regionScorecards(user, query);
  }
}
