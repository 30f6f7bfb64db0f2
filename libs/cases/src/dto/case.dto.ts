import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Id, Instant, IntRange, OptionalText, RegionCode, Text } from '@rectify/core';
import { CATEGORIES, CLOCK_OWNERS, SEVERITIES, SOURCES, type Category, type ClockOwner, type Severity, type Source } from '@rectify/workflows';

export class CreateCaseDto {
  @Text({ max: 200, example: '九江市某化工园区污水直排长江支流', singleLine: true })
  title: string;

  @Text({ max: 5000, example: '督察组现场检查发现园区污水处理厂尾水超标排放。' })
  description: string;

  @ApiProperty({ enum: SOURCES })
  @IsIn(SOURCES)
  source: Source;

  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category: Category;

  @RegionCode()
  regionCode: string;

  @ApiPropertyOptional({ enum: SEVERITIES, default: 'normal' })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @OptionalText({ max: 200, example: '2020-中央环保督察反馈' })
  batch?: string;

  @OptionalText({ max: 100, description: 'the reference in the source document; unique per source' })
  externalRef?: string;

  @Instant({ optional: true, description: 'when the problem was reported; defaults to now, never in the future' })
  reportedAt?: string;
}

export const CASE_SORTS = ['createdAt', '-createdAt', 'dueAt', '-dueAt'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

const CASE_STATE_FILTERS = [
  'reported', 'assigned', 'rectifying', 'rectifying.inProgress', 'rectifying.awaitingVerification',
  'verified', 'closed', 'reboundCheck', 'withdrawn',
] as const;

export class ListCasesQuery {
  @ApiPropertyOptional({
    enum: CASE_STATE_FILTERS,
    isArray: true,
    description: 'one or more top-level states or full stateDetails; a case matches any: `state=reported&state=assigned` or `state=reported,assigned`',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value))
  @IsArray()
  @ArrayMaxSize(CASE_STATE_FILTERS.length)
  @IsIn(CASE_STATE_FILTERS, { each: true })
  state?: string[];

  @ApiPropertyOptional({ enum: SOURCES })
  @IsOptional()
  @IsIn(SOURCES)
  source?: Source;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @RegionCode({ optional: true })
  regionCode?: string;

  @OptionalText({ max: 200 })
  batch?: string;

  @Id({ optional: true, description: 'the lead unit (牵头单位)' })
  leadUnitId?: string;

  @OptionalText({ max: 100, description: 'text in the 责任人' })
  responsiblePerson?: string;

  @OptionalText({ max: 100, description: 'text in the 包保领导' })
  leader?: string;

  @IntRange(0, 99, { optional: true, description: 'the running clock has reached at least this escalation level (0 预警, 1 催办, 2 督办, 3 挂牌督办)' })
  minEscalationLevel?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'true: an extension request awaits the supervisor; false: none does' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  pendingExtension?: boolean;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: the running clock is past its due. For a bureau it means its own clocks (acceptance, rectification), for an inspector theirs (verification, revisit), unless clockOwner says otherwise',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    enum: CLOCK_OWNERS,
    enumName: 'ClockOwner',
    description:
      "whose clock: the running clock belongs to this party (unit: acceptance, rectification; inspector: verification, revisit; supervisor: assignment, closure, or a pending extension's decision clock); with overdue, that party's clock is (not) past due",
  })
  @IsOptional()
  @IsIn(CLOCK_OWNERS)
  clockOwner?: ClockOwner;

  @OptionalText({ max: 100, description: 'text in the title, code, external reference, description, progress notes or a lead/co-unit name' })
  q?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only cases in a state where the caller\'s role may send an event (我的待办; check allowedEvents per case)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  actionable?: boolean;

  @IntRange(1, 1_000_000, { optional: true, description: 'the page by number (from 1); not with `cursor`' })
  page?: number;

  @OptionalText({
    max: 300,
    singleLine: true,
    description: 'keyset paging: `nextCursor` or `prevCursor` of a page of this list (same `sort`); opaque. Deep pages cost the same as the first; not with `page`',
  })
  cursor?: string;

  @IntRange(1, 100, { optional: true })
  pageSize?: number;

  @ApiPropertyOptional({ enum: CASE_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(CASE_SORTS)
  sort?: CaseSort;
}

