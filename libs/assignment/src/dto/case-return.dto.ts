import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ActorRef, IntRange, PageOf, RegionCode, WholeListPageQuery } from '@rectify/core';
import { UnitRef } from '@rectify/cases';
import { RETURN_REASON_CODES, type ReturnReasonCode } from '@rectify/workflows';
import { PeriodBound } from './scorecard.dto.js';

export class CaseReturnView {
  @ApiProperty() caseId: string;
  @ApiProperty({ description: 'the history row (seq) of the RETURN' }) seq: number;
  @ApiProperty() at: string;
  @ApiPropertyOptional({ nullable: true, enum: RETURN_REASON_CODES }) reasonCode: ReturnReasonCode | null;
  @ApiProperty() reason: string;
  @ApiPropertyOptional({ nullable: true, type: UnitRef, description: 'the unit that returned the case' }) unit: UnitRef | null;
  @ApiProperty({ type: ActorRef, description: 'the bureau user who returned it' }) by: ActorRef;
}

export const CaseReturnPage = PageOf(CaseReturnView, 'CaseReturnPage');
export type CaseReturnPage = InstanceType<typeof CaseReturnPage>;

/** `GET /cases/:id/returns?page=&pageSize=`. */
export class CaseReturnsQuery extends WholeListPageQuery {}

export class ReturnInboxItem extends CaseReturnView {
  @ApiProperty() caseCode: string;
  @ApiProperty() title: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ description: "the case's state now (reported = waiting to be assigned again)" }) stateDetail: string;
  @ApiProperty({ description: 'returns of the case so far' }) returnCount: number;
}

export class ReturnInboxPage {
  @ApiProperty({ type: [ReturnInboxItem] }) items: ReturnInboxItem[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ReturnInboxQuery {
  @RegionCode({ optional: true })
  regionCode?: string;

  @ApiPropertyOptional({ enum: RETURN_REASON_CODES })
  @IsOptional()
  @IsIn(RETURN_REASON_CODES)
  reasonCode?: ReturnReasonCode;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only cases still waiting to be assigned again (state reported)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  pending?: boolean;

  @PeriodBound('returned at or after (a date: its start in Asia/Shanghai; or an instant)', '2025-03-01')
  from?: string;

  @PeriodBound('returned before', '2025-04-01')
  to?: string;

  @IntRange(1, 1_000_000, { optional: true })
  page?: number;

  @IntRange(1, 100, { optional: true })
  pageSize?: number;
}
