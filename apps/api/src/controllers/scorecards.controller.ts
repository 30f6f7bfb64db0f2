import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import { RegionScorecardQuery, RegionScorecardsView, ScorecardPeriodQuery, ScorecardService, ScorecardView } from '@rectify/assignment';
import { CurrentUser, type AuthUser } from '@rectify/identity';

@ApiTags('scorecards')
@ApiBearerAuth()
@Controller()
export class ScorecardsController {
  constructor(@Inject(ScorecardService) private readonly scorecards: ScorecardService) {}

  @Get('units/:id/scorecard')
  @ApiOp({
    summary: 'A unit’s scorecard',
    description: 'On-time acceptance, return, on-time rectification and rebound rates of one unit over a period (`from` inclusive, `to` exclusive). Bureau users see only their own unit.',
    ok: ScorecardView,
    errors: [400, 403, 404],
  })
  unit(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: ScorecardPeriodQuery): Promise<ScorecardView> {
    return this.scorecards.unitScorecard(user, id, query);
  }

  @Get('scorecards')
  @ApiOp({
    summary: 'The red and black lists (红黑榜)',
    description: 'Scorecards of every unit of a region’s subtree over a period, ranked. See docs/assignment.md for the definitions.',
    ok: RegionScorecardsView,
    errors: [400, 403, 404],
  })
  region(@CurrentUser() user: AuthUser, @Query() query: RegionScorecardQuery): Promise<RegionScorecardsView> {
    return this.scorecards.regionScorecards(user, query);
  }
}
