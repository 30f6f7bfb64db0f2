import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Matches } from 'class-validator';
import { IntRange, OptionalText, PageOf, RegionCode, WholeListPageQuery } from '@rectify/core';
import { MAX_WORKING_DAY_OFFSET } from '../working-calendar.js';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '$property must be a date written YYYY-MM-DD';

export class CalendarRangeQuery {
  @ApiProperty({ example: '2025-09-28', description: 'first day (YYYY-MM-DD, Asia/Shanghai)' })
  @IsString()
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  from: string;

  @ApiProperty({ example: '2025-10-13', description: 'the day after the last one (excluded, like every `to` of the API); after from, at most 366 days after it' })
  @IsString()
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  to: string;

  @RegionCode({ optional: true })
  regionCode?: string;
}

/** `?regionCode=`: whose calendar (default: the caller's region; a nation-level region = the national layer). */
export class CalendarRegionQuery {
  @RegionCode({ optional: true })
  regionCode?: string;
}

/** `GET /calendar/overrides?regionCode=&page=&pageSize=`. */
export class CalendarOverridesQuery extends WholeListPageQuery {
  @RegionCode({ optional: true })
  regionCode?: string;
}

export class AddWorkingDaysQuery {
  @ApiProperty({ example: '2025-09-30', description: 'the start date (YYYY-MM-DD); it never counts itself' })
  @IsString()
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  from: string;

  @IntRange(-MAX_WORKING_DAY_OFFSET, MAX_WORKING_DAY_OFFSET, { description: 'working days to add; negative counts backwards' })
  days: number;

  @RegionCode({ optional: true })
  regionCode?: string;
}

export class CalendarOverrideDto {
  @ApiProperty({ description: 'true: a working day; false: a day off' })
  @IsBoolean()
  workday: boolean;

  @OptionalText({ max: 64, example: '防汛应急值守', description: 'why (shown with the day)' })
  name?: string;
}

export class CalendarDayView {
  @ApiProperty({ example: '2025-10-01' }) date: string;
  @ApiProperty() workday: boolean;
  @ApiPropertyOptional({ example: '国庆节', description: 'the festival of a holiday or 调休 day, or an override’s name' }) name?: string;
}

export class CalendarRangeView {
  @ApiProperty({ type: [CalendarDayView] }) days: CalendarDayView[];
  @ApiProperty({ enum: ['official', 'weekdays-only'], description: '"weekdays-only" when a year in the range has no published arrangement' })
  source: 'official' | 'weekdays-only';
}

export class CalendarOverrideView {
  @ApiProperty({ nullable: true, type: String, description: 'the region whose subtree this decides; null = national' }) regionCode: string | null;
  @ApiProperty() date: string;
  @ApiProperty() workday: boolean;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) updatedBy: string | null;
  @ApiProperty() updatedAt: string;
}

export class AddWorkingDaysView {
  @ApiProperty({ example: '2025-10-14', description: 'YYYY-MM-DD' }) date: string;
}

export const CalendarOverridePage = PageOf(CalendarOverrideView, 'CalendarOverridePage');
export type CalendarOverridePage = InstanceType<typeof CalendarOverridePage>;
