import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsString, Matches } from 'class-validator';
import { Id, Instant, IntRange, OptionalText, UnitIds, UUID_PATTERN } from '@rectify/core';
import { MAX_BULK_ASSIGNMENT_CASES } from '../bulk-assignment-limits.js';

/** `POST /assignments/bulk`: the cases, and one ASSIGN payload for all of them (without `type`). */
export class BulkAssignmentDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: MAX_BULK_ASSIGNMENT_CASES, description: 'the cases to assign, unique' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ASSIGNMENT_CASES)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(UUID_PATTERN, { each: true, message: 'each value in caseIds must be a UUID' })
  caseIds: string[];

  @Id({ optional: true, description: "the lead unit for every case; omitted → each case's matching assignment rule" })
  leadUnitId?: string;

  @UnitIds({ description: "co-units; omitted → [] with a leadUnitId, else the rule's" })
  coUnitIds?: string[];

  @Instant({ optional: true, description: 'rectification due instant; or rectificationWorkingDays; neither → rule, then policy default' })
  rectificationDueAt?: string;

  @IntRange(1, 1000, { optional: true })
  rectificationWorkingDays?: number;

  @OptionalText({ max: 100, description: '责任人' })
  responsiblePerson?: string;

  @OptionalText({ max: 100, description: '包保领导' })
  leader?: string;
}

export type BulkAssignmentStatus = 'assigned' | 'unchanged' | 'error';

export class BulkAssignmentResult {
  @ApiProperty() caseId: string;
  @ApiProperty({ enum: ['assigned', 'unchanged', 'error'] }) status: BulkAssignmentStatus;
  @ApiPropertyOptional({ description: 'the domain error code, for status error (NOT_FOUND, FORBIDDEN, INVALID_TRANSITION, VALIDATION_FAILED, …)' })
  code?: string;
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional({ description: 'the case version after the request' }) version?: number;
}

export class BulkAssignmentResponse {
  @ApiProperty({ type: [BulkAssignmentResult], description: 'one per case, in request order' })
  results: BulkAssignmentResult[];
}
