import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ActorRef, ApiInstant, ApiInt, Id, IntRange, OptionalText } from '@rectify/core';
import { CaseClockView } from '@rectify/cases';
import type { EscalationRecord } from '../escalation.repository.js';
import { ESCALATION_STATUSES, EscalationStatus } from '../escalation-status.js';

export class EscalationQuery {
  @ApiPropertyOptional({ enum: ESCALATION_STATUSES })
  @IsOptional()
  @IsIn(ESCALATION_STATUSES)
  status?: EscalationStatus;

  @IntRange(0, 99, { optional: true, description: '0 预警 warning, 1 催办 urge, 2 督办 supervise, 3 挂牌督办 listed' })
  level?: number;

  @Id({ optional: true })
  caseId?: string;

  @IntRange(1, 1_000_000, { optional: true })
  page?: number;

  @IntRange(1, 100, { optional: true })
  pageSize?: number;
}

/** `POST /escalations/:id/acknowledge`: an optional note of what was done (unknown fields are refused). */
export class AcknowledgeEscalationDto {
  @OptionalText({ max: 1000, description: 'what the supervisor did, e.g. 已电话催办', example: '已电话催办' })
  note?: string;
}

/** One inbox item (SPEC §7). */
export class EscalationView {
  @ApiProperty() id: string;
  @ApiProperty() caseId: string;
  @ApiProperty({ example: '360100-2025-00001' }) caseCode: string;
  @ApiProperty({
    type: CaseClockView,
    description: "the clock that ran late, in the case's clock shape (name, owner — whose lateness —, its due as it stands now, status, provisional)",
  })
  clock: CaseClockView;
  @ApiProperty() level: number;
  @ApiProperty({ example: '督办 supervise' }) name: string;
  @ApiProperty({ description: 'whose supervisors receive it' }) targetRegionCode: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'level 0: the lead unit warned' }) targetUnitId: string | null;
  @ApiProperty({ description: "the clock's due when the level fired (clock.dueAt is the due now)" }) dueAt: string;
  @ApiProperty({ description: 'when the level became due' }) thresholdAt: string;
  @ApiProperty() firedAt: string;
  @ApiProperty({ enum: ESCALATION_STATUSES }) status: EscalationStatus;
  @ApiPropertyOptional({ nullable: true, type: ActorRef, description: 'who acknowledged it (the actor shape of the history)' }) acknowledgedBy: ActorRef | null;
  @ApiPropertyOptional({ nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the note given when it was acknowledged' }) acknowledgeNote: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolvedAt: string | null;
}

export class EscalationPage {
  @ApiProperty({ type: [EscalationView] }) items: EscalationView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export function toEscalationView(e: EscalationRecord, clock: CaseClockView): EscalationView {
  return {
    id: e.id,
    caseId: e.caseId,
    caseCode: e.caseCode,
    clock,
    level: e.level,
    name: e.levelName,
    targetRegionCode: e.targetRegionCode,
    targetUnitId: e.targetUnitId,
    dueAt: e.dueAt,
    thresholdAt: e.thresholdAt,
    firedAt: e.firedAt,
    status: e.status,
    acknowledgedBy: e.acknowledgedBy,
    acknowledgedAt: e.acknowledgedAt,
    acknowledgeNote: e.acknowledgeNote,
    resolvedAt: e.resolvedAt,
  };
}

/** `POST /admin/sweep`: what one sweep did, per task. */
export class SweepReportView {
  @ApiInstant({ description: 'the instant swept' }) at: string;
  @ApiInt({ minimum: 0 }) durationMs: number;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'the escalation task: clocks examined, levels fired, batches',
    example: { clocks: 12, fired: 3, batches: 1 },
  })
  escalations?: Record<string, number>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'the revisit task: revisits started',
    example: { started: 2 },
  })
  revisits?: Record<string, number>;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', properties: { task: { type: 'string' }, message: { type: 'string' } }, required: ['task', 'message'] },
    description: 'tasks that failed',
  })
  errors?: Array<{ task: string; message: string }>;
}
