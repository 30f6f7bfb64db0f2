import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { IntRange, RegionCode } from '@rectify/core';
import { UnitRef } from '@rectify/cases';

/** A date (YYYY-MM-DD, the start of that day in Asia/Shanghai) or an ISO instant with a zone. */
const PERIOD_BOUND = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const BOUND_MESSAGE = '$property must be a date (YYYY-MM-DD, Asia/Shanghai) or an ISO instant with a time zone';

/** An optional period bound in a query string. */
export function PeriodBound(description: string, example: string) {
  return applyDecorators(ApiPropertyOptional({ description, example }), IsOptional(), IsString(), Matches(PERIOD_BOUND, { message: BOUND_MESSAGE }));
}

export class ScorecardPeriodQuery {
  @PeriodBound('period start, inclusive; default: the first day of the current month (Asia/Shanghai)', '2025-03-01')
  from?: string;

  @PeriodBound('period end, exclusive; default: the start of tomorrow (Asia/Shanghai)', '2025-04-01')
  to?: string;
}

export class RegionScorecardQuery extends ScorecardPeriodQuery {
  @RegionCode({ optional: true })
  regionCode?: string;

  @IntRange(1, 50, { optional: true, description: 'how many units on each of the best and worst lists (default 3)' })
  top?: number;
}

export class ScorecardView {
  @ApiProperty({ type: UnitRef }) unit: UnitRef;
  @ApiProperty({ description: 'period start (inclusive)' }) from: string;
  @ApiProperty({ description: 'period end (exclusive)' }) to: string;
  @ApiProperty({ description: '`open` and `overdue` are as of this instant: min(to, now)' }) asOf: string;
  @ApiProperty({ description: 'ASSIGN events in the period naming the unit as lead' }) assigned: number;
  @ApiProperty({ description: 'ACCEPT events (签收) by the unit in the period' }) accepted: number;
  @ApiProperty({ description: 'of those, at or before the due of the acceptance clock they ended' }) acceptedOnTime: number;
  @ApiProperty({ description: 'RETURN events (退回) by the unit in the period' }) returned: number;
  @ApiProperty({ description: "VERIFY_PASS events in the period on the unit's evidence" }) rectified: number;
  @ApiProperty({ description: 'of those, whose evidence came at or before the rectification due then in force' }) rectifiedOnTime: number;
  @ApiProperty({ description: "回头看 concluded in the period on the unit's cases (REVISIT_PASS + REBOUND_FOUND)" }) revisited: number;
  @ApiProperty({ description: 'REBOUND_FOUND events in the period' }) rebounds: number;
  @ApiProperty({ description: 'cases led by the unit and not yet verified, as of asOf' }) open: number;
  @ApiProperty({ description: 'of those, past the due of the clock the unit answers for, as of asOf' }) overdue: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '签收及时率 = acceptedOnTime / accepted' }) acceptanceOnTimeRate: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '回退率 = returned / (accepted + returned)' }) returnRate: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '按时办结率 = rectifiedOnTime / rectified' }) rectificationOnTimeRate: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '反弹率 = rebounds / revisited' }) reboundRate: number | null;
}

export class RankedScorecardView extends ScorecardView {
  @ApiProperty({ description: 'composite score 0–100 (docs/assignment.md, "Ranking"): smoothed on-time rectification and acceptance, not overdue, no rebound, no return' })
  score: number;
  @ApiProperty({ description: 'measured work the score rests on (accepted + returned + rectified + revisited + overdue); ranked from 2' })
  scoredCases: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '1 = best score; null for a unit with less than 2 measured cases in the period (listed last, on neither list)' })
  rank: number | null;
}

export class RegionScorecardsView {
  @ApiProperty() regionCode: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() asOf: string;
  @ApiProperty({ type: [RankedScorecardView], description: 'every unit of the region and its subtree, ranked' }) items: RankedScorecardView[];
  @ApiProperty({ type: [RankedScorecardView], description: '红榜: the best `top`, best first' }) best: RankedScorecardView[];
  @ApiProperty({ type: [RankedScorecardView], description: '黑榜: the worst `top`, worst first' }) worst: RankedScorecardView[];
}
