import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { ActorRef, IntRange, PageFields, RegionCode, Text } from '@rectify/core';
import { PROCEDURES, SOURCES, type Procedure } from '@rectify/workflows';
import { ESCALATION_TARGETS, type EscalationTarget } from '../policy.js';
import {
  MAX_ESCALATION_LEVELS,
  MAX_EXTENSION_COUNT,
  MAX_EXTENSION_DAYS,
  MAX_POLICY_WORKING_DAYS,
  MAX_RETURNS_LIMIT,
  MAX_REVISIT_AFTER_CLOSE_DAYS,
  MAX_REVISITS,
} from '../policy-limits.js';

/** A JSON integer in [min, max] (no conversion from strings: a policy is typed data). */
function Int(min: number, max: number, description?: string) {
  return applyDecorators(ApiProperty({ type: Number, minimum: min, maximum: max, description }), IsInt(), Min(min), Max(max));
}

/** A nested object that must be present and is validated (unknown fields inside it are 400 too). */
function Nested(type: new () => object, description?: string) {
  return applyDecorators(ApiProperty({ type, description }), IsObject(), ValidateNested(), Type(() => type));
}

/** A nested object that may be left out (its defaults apply), validated like {@link Nested} when present. */
function OptionalNested(type: new () => object, description: string) {
  return applyDecorators(ApiPropertyOptional({ type, description }), IsOptional(), IsObject(), ValidateNested(), Type(() => type));
}

export class DeadlinesPolicyDto {
  @Int(1, MAX_POLICY_WORKING_DAYS, '`reported`: working days to assign') assignmentWorkingDays: number;
  @Int(1, MAX_POLICY_WORKING_DAYS, '`assigned`: working days to accept or return') acceptanceWorkingDays: number;
  @Int(1, MAX_POLICY_WORKING_DAYS, 'default rectification period after assignment') rectificationWorkingDays: number;
  @Int(1, MAX_POLICY_WORKING_DAYS, '`awaitingVerification`: working days to verify') verificationWorkingDays: number;
  @Int(1, MAX_POLICY_WORKING_DAYS, '`verified`: working days to close') closureWorkingDays: number;
  @Int(1, MAX_POLICY_WORKING_DAYS, '`reboundCheck`: working days to finish a revisit') revisitWorkingDays: number;
}

export class EscalationLevelDto {
  @Int(0, MAX_ESCALATION_LEVELS - 1, '0, 1, 2 … in order') level: number;
  @Text({ max: 64, example: '督办 supervise', singleLine: true }) name: string;
  @Int(-MAX_POLICY_WORKING_DAYS, MAX_POLICY_WORKING_DAYS, 'working days relative to the due date; 0 = the due instant')
  offsetWorkingDays: number;
  @ApiProperty({ enum: ESCALATION_TARGETS })
  @IsIn(ESCALATION_TARGETS)
  target: EscalationTarget;
}

export class EscalationPolicyDto {
  @ApiProperty({ type: [EscalationLevelDto], description: 'levels 0..n, rising strictly in level and offset' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ESCALATION_LEVELS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EscalationLevelDto)
  ladder: EscalationLevelDto[];
}

export class RevisitPolicyDto {
  @ApiProperty({ type: [Number], example: [90, 365], description: 'days (of 24 h) after closing, strictly ascending' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_REVISITS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_REVISIT_AFTER_CLOSE_DAYS, { each: true })
  afterCloseDays: number[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'number' } },
    description: `per-source schedules overriding afterCloseDays; [] = no automatic revisits for that source; keys ∈ ${SOURCES.join(', ')}`,
    example: { central_inspection: [30, 90, 365] },
  })
  @IsOptional()
  @IsObject()
  bySource?: Record<string, number[]>;
}

export class ExtensionPolicyDto {
  @Int(1, MAX_EXTENSION_DAYS, 'calendar days one extension may add') maxDays: number;
  @Int(1, MAX_EXTENSION_COUNT, 'approved extensions per rectification') maxCount: number;
}

export class AssignmentPolicyDto {
  @Int(0, MAX_RETURNS_LIMIT, 'returns (退回) allowed per case') maxReturns: number;
}

export class ClosurePolicyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { close: { type: 'string', enum: ['nation', 'province', 'city', 'county'] }, verify: { type: 'string', enum: ['nation', 'province', 'city', 'county'] } } },
    description: `per source: the lowest region level whose supervisors may CLOSE (销号) and whose inspectors may VERIFY_PASS; a source not listed may be closed by any supervisor who can see the case; keys ∈ ${SOURCES.join(', ')}`,
    example: { central_inspection: { close: 'province', verify: 'city' } },
  })
  @IsObject()
  bySource: Record<string, { close?: 'nation' | 'province' | 'city' | 'county'; verify?: 'nation' | 'province' | 'city' | 'county' }>;
}

export class ProceduresPolicyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...PROCEDURES] },
    description: `per source: the procedure (workflow definition, docs/procedures.md) a new case starts on; a source left out keeps its default; keys ∈ ${SOURCES.join(', ')}; a reserved procedure is refused`,
    example: { routine: 'standard', warning_film: 'warningFilm' },
  })
  @IsObject()
  bySource: Record<string, Procedure>;
}

export class ExtensionDecisionPolicyDto {
  @Int(1, MAX_POLICY_WORKING_DAYS, 'working days the supervisor has to approve or reject a pending extension request') workingDays: number;
  @Int(0, MAX_ESCALATION_LEVELS - 1, "while a request is pending, the unit's rectification clock climbs no higher than this level (1 = 催办)")
  holdUnitAtLevel: number;
  @ApiProperty({ type: [EscalationLevelDto], description: "the decision clock's own ladder (levels 0..n, rising strictly in level and offset), toward the supervisor's superiors" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ESCALATION_LEVELS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EscalationLevelDto)
  ladder: EscalationLevelDto[];
}

/** `PUT /policies`: the whole policy; every part is required but `closure`, `extensionDecision` and `procedures` (defaults when left out), unknown fields are refused. */
export class PolicyDto {
  @Nested(DeadlinesPolicyDto) deadlines: DeadlinesPolicyDto;
  @Nested(EscalationPolicyDto) escalation: EscalationPolicyDto;
  @Nested(RevisitPolicyDto) revisit: RevisitPolicyDto;
  @Nested(ExtensionPolicyDto) extension: ExtensionPolicyDto;
  @Nested(AssignmentPolicyDto) assignment: AssignmentPolicyDto;

  @OptionalNested(ClosurePolicyDto, 'closure authority by source (docs/deadlines.md); left out → the defaults')
  closure?: ClosurePolicyDto;

  @OptionalNested(ExtensionDecisionPolicyDto, "the supervisor's clock on a pending extension request (docs/deadlines.md, \"Whose lateness\"); left out → the defaults")
  extensionDecision?: ExtensionDecisionPolicyDto;

  @OptionalNested(ProceduresPolicyDto, 'the procedure each source starts on (docs/procedures.md); left out → the defaults')
  procedures?: ProceduresPolicyDto;
}

/** `?regionCode=`: whose policy (default: the caller's region; a nation-level region = the national layer). */
export class PolicyRegionQuery {
  @RegionCode({ optional: true })
  regionCode?: string;
}

export class PolicySourceView {
  @ApiProperty({ nullable: true, type: String, description: 'the region whose version this is; null = national' }) regionCode: string | null;
  @ApiProperty({ type: 'integer', description: '0 = the built-in defaults' }) version: number;
}

export class PolicySourcesView {
  @ApiProperty({ type: PolicySourceView }) deadlines: PolicySourceView;
  @ApiProperty({ type: PolicySourceView }) escalation: PolicySourceView;
  @ApiProperty({ type: PolicySourceView }) revisit: PolicySourceView;
  @ApiProperty({ type: PolicySourceView }) extension: PolicySourceView;
  @ApiProperty({ type: PolicySourceView }) assignment: PolicySourceView;
}

export class PolicyView {
  @ApiProperty({ nullable: true, type: String, description: 'the region asked about; null = national' }) requestedRegionCode: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'whose version is in force; null = national' }) regionCode: string | null;
  @ApiProperty({ description: 'true when the policy comes from a region above the one asked about' }) inherited: boolean;
  @ApiProperty({ type: PolicySourcesView, description: 'where each part of the policy comes from' }) sources: PolicySourcesView;
  @ApiProperty({ description: '0 while the built-in defaults are in force' }) version: number;
  @ApiProperty({ type: PolicyDto }) policy: PolicyDto;
  @ApiPropertyOptional({ nullable: true, type: String }) createdAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: ActorRef, description: 'the admin who saved this version (the actor shape of the history); null for the built-in defaults' }) createdBy: ActorRef | null;
}

/** `GET /policies/versions`: one region's own versions, newest first. */
export class PolicyVersionsQuery {
  @RegionCode({ optional: true })
  regionCode?: string;

  @IntRange(1, 1_000_000, { optional: true })
  page?: number;

  @IntRange(1, 100, { optional: true, description: 'default 20' })
  pageSize?: number;
}

export class PolicyVersionView {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'one version sequence for every region' }) version: number;
  @ApiProperty({ nullable: true, type: String, description: 'whose version it is; null = national' }) regionCode: string | null;
  @ApiProperty({ description: 'true when this version dropped the region\'s own policy (from then on it inherits)' }) inherits: boolean;
  @ApiProperty({ type: PolicyDto, nullable: true, description: 'the whole policy saved; null when `inherits`' }) policy: PolicyDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: ActorRef, description: 'the admin who saved it (the actor shape of the history)' }) createdBy: ActorRef | null;
  @ApiProperty({ nullable: true, type: String, description: 'their display name' }) createdByName: string | null;
  @ApiProperty({ description: 'true for the version in force for that region now' }) current: boolean;
}

export class PolicyVersionPage extends PageFields {
  @ApiProperty({ type: [PolicyVersionView] }) items: PolicyVersionView[];
}
