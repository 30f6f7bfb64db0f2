import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, IsIn, IsString, Matches } from 'class-validator';
import { ActorRef, ApiInstant, ApiInt, OptionalText, PageOf, WholeListPageQuery } from '@rectify/core';

/** Accepted reasons for suspending a case's clock (挂起, docs/suspension.md). */
export const SUSPENSION_REASONS = ['litigation', 'forceMajeure', 'awaitingDecision', 'other'] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];
export const SUSPENSION_REASON_LABELS: Record<SuspensionReason, string> = {
  litigation: '诉讼',
  forceMajeure: '不可抗力',
  awaitingDecision: '等待上级决定',
  other: '其他',
};
export const MAX_SUSPENSION_TEXT = 500;

export class SuspendCaseDto {
  @ApiProperty({ enum: SUSPENSION_REASONS, enumName: 'SuspensionReason', example: 'litigation', description: 'litigation 诉讼, forceMajeure 不可抗力, awaitingDecision 等待上级决定, other 其他 (then `reasonText` is required)' })
  @IsIn([...SUSPENSION_REASONS])
  reason: SuspensionReason;

  @OptionalText({ max: MAX_SUSPENSION_TEXT, description: 'the explanation; required when reason is `other`', example: '企业已提起行政诉讼，待法院判决。' })
  reasonText?: string;

  @ApiProperty({ type: String, format: 'date', example: '2027-01-15', description: 'the planned resumption (YYYY-MM-DD, Asia/Shanghai), today or later; the clock resumes only when a supervisor resumes it' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'plannedResumeOn must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true, strictSeparator: true }, { message: 'plannedResumeOn must be a real calendar date YYYY-MM-DD' })
  plannedResumeOn: string;
}

export class SuspensionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'rectification', description: 'the clock that was running (and is parked while open)' }) clockName: string;
  @ApiProperty({ enum: SUSPENSION_REASONS, enumName: 'SuspensionReason', example: 'litigation' }) reason: SuspensionReason;
  @ApiProperty({ example: '诉讼' }) reasonLabel: string;
  @ApiProperty({ type: String, nullable: true, example: '企业已提起行政诉讼，待法院判决。' }) reasonText: string | null;
  @ApiProperty({ type: String, format: 'date', example: '2027-01-15' }) plannedResumeOn: string;
  @ApiInstant() suspendedAt: string;
  @ApiProperty({ type: ActorRef, description: 'the supervisor who suspended it (the actor shape of the history)' }) suspendedBy: ActorRef;
  @ApiInstant({ description: 'the clock’s due when it was suspended' }) dueAt: string;
  @ApiInt({ description: 'working days the clock had left when suspended (negative: already overdue); resuming counts them again from the resumption' })
  remainingWorkingDays: number;
  @ApiInstant({ nullable: true, description: 'null while suspended' }) resumedAt: string | null;
  @ApiProperty({ type: ActorRef, nullable: true, description: 'the supervisor who resumed it; null while suspended' }) resumedBy: ActorRef | null;
  @ApiInstant({ nullable: true, description: 'the clock’s new due after resumption' }) resumedDueAt: string | null;
  @ApiInt({ nullable: true, minimum: 0, description: 'working days the clock stood still (not counted as late)' }) suspendedWorkingDays: number | null;
  @ApiProperty({ description: 'true while this suspension holds' }) open: boolean;
}

/** `GET /cases/:id/suspensions`: newest first, a page like every list (docs/api.md "Lists"; default: all on one page). */
export const SuspensionPage = PageOf(SuspensionView, 'SuspensionPage');
export type SuspensionPage = InstanceType<typeof SuspensionPage>;
export class SuspensionQuery extends WholeListPageQuery {}
