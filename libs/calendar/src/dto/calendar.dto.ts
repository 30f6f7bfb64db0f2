import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsString, Matches, ValidateNested } from 'class-validator';
import { ActorRef, ApiInstant, ApiInt, IntRange, OptionalText, PageOf, RegionCode, Text, WholeListPageQuery } from '@rectify/core';
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
  @ApiPropertyOptional({ enum: [true], description: 'present (true) on every day of a year without an official arrangement: its holidays are computed from the statutory rules and may still move' })
  provisional?: true;
}

export class CalendarRangeView {
  @ApiProperty({ type: [CalendarDayView] }) days: CalendarDayView[];
  @ApiProperty({
    enum: ['official', 'provisional', 'weekdays-only'],
    description: '"provisional" when a year in the range has no official arrangement (its statutory holidays are computed); "weekdays-only" beyond the lunar table (after 2099)',
  })
  source: 'official' | 'provisional' | 'weekdays-only';
}

export class CalendarOverrideView {
  @ApiProperty({ nullable: true, type: String, description: 'the region whose subtree this decides; null = national' }) regionCode: string | null;
  @ApiProperty() date: string;
  @ApiProperty() workday: boolean;
  @ApiPropertyOptional() name?: string;
  @ApiProperty({ nullable: true, type: ActorRef, description: 'who saved it (the actor shape of the history)' }) updatedBy: ActorRef | null;
  @ApiProperty() updatedAt: string;
}

export class AddWorkingDaysView {
  @ApiProperty({ example: '2025-10-14', description: 'YYYY-MM-DD' }) date: string;
  @ApiProperty({ description: 'true when the count crossed a year without an official arrangement' }) provisional: boolean;
}

export const CalendarOverridePage = PageOf(CalendarOverrideView, 'CalendarOverridePage');
export type CalendarOverridePage = InstanceType<typeof CalendarOverridePage>;

/** One day of an official arrangement. */
export class ArrangementDayDto {
  @ApiProperty({ example: '2027-02-06', description: 'YYYY-MM-DD, in the year imported' })
  @IsString()
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  date: string;

  @Text({ max: 16, example: '春节', singleLine: true, description: 'the festival, as the notice names it' })
  name: string;
}

/**
 * `POST /calendar/arrangements`: a year's official arrangement (国务院办公厅关于部分节假日安排的通知) as a whole:
 * every day off of its holiday blocks (weekend days inside them included) and every 调休 make-up working day.
 */
export class ImportArrangementDto {
  @IntRange(2000, 2099, { description: 'the year; one without a shipped arrangement' })
  year: number;

  @ApiProperty({ type: [ArrangementDayDto], description: 'the days off (at least one, at most 80)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(80)
  @ValidateNested({ each: true })
  @Type(() => ArrangementDayDto)
  holidays: ArrangementDayDto[];

  @ApiProperty({ type: [ArrangementDayDto], description: 'the weekend days that are worked (调休上班); may be empty (at most 20)' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ArrangementDayDto)
  workdays: ArrangementDayDto[];

  @OptionalText({ max: 200, example: '国办发明电〔2026〕X号', description: 'the notice it comes from' })
  notice?: string;
}

/** One due that an import counted again. */
export class RecomputedDueView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: '360100-2026-00001' }) caseCode: string;
  @ApiProperty({
    enum: ['clock', 'rectification', 'decision'],
    description: 'the running clock’s due, the case’s rectification due (rectificationDueAt), or the supervisor’s decision clock on a pending extension',
  })
  kind: 'clock' | 'rectification' | 'decision';
  @ApiInstant() previousDueAt: string;
  @ApiInstant() dueAt: string;
  @ApiProperty({ description: 'false: the due now counts only over official arrangements' }) provisional: boolean;
}

/** The answer of an import: what it stored and which dues moved. */
export class ArrangementImportView {
  @ApiInt({ example: 2027 }) year: number;
  @ApiInt({ minimum: 0 }) holidays: number;
  @ApiInt({ minimum: 0 }) workdays: number;
  @ApiProperty({ description: 'false: this very arrangement was imported before; nothing changed (the import is idempotent)' }) changed: boolean;
  @ApiInt({ minimum: 0, description: 'provisional dues counted again (moved or not)' }) recounted: number;
  @ApiProperty({ type: [RecomputedDueView], description: 'the dues that moved; each case listed has a DUE_RECOMPUTED history entry' })
  moved: RecomputedDueView[];
  @ApiInstant() importedAt: string;
}

/** `GET /calendar/arrangements`: the years an admin imported. */
export class ArrangementView {
  @ApiInt({ example: 2027 }) year: number;
  @ApiInt({ minimum: 0 }) holidays: number;
  @ApiInt({ minimum: 0 }) workdays: number;
  @ApiProperty({ type: String, nullable: true }) notice: string | null;
  @ApiProperty({ nullable: true, type: ActorRef, description: 'who imported it (the actor shape of the history)' }) importedBy: ActorRef | null;
  @ApiInstant() importedAt: string;
}

export const ArrangementPage = PageOf(ArrangementView, 'ArrangementPage');
export type ArrangementPage = InstanceType<typeof ArrangementPage>;
