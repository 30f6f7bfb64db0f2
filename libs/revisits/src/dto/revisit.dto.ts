import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsPositive, Max } from 'class-validator';
import { ActorRef, Id, Instant, IntRange, OptionalText, RegionCode, Text } from '@rectify/core';
import { CATEGORIES, SOURCES, type Category, type Source } from '@rectify/workflows';
import type { RevisitListRecord } from '../revisit-record.js';
import { REVISIT_ORIGINS, REVISIT_STATUSES, type RevisitOrigin, type RevisitStatus } from '../revisit-status.js';

export class ListRevisitsQuery {
  @ApiPropertyOptional({ enum: REVISIT_STATUSES })
  @IsOptional()
  @IsIn(REVISIT_STATUSES)
  status?: RevisitStatus;

  @Id({ optional: true })
  caseId?: string;

  @Id({ optional: true })
  campaignId?: string;

  @Instant({ optional: true, description: 'revisits due at or after this instant' })
  dueFrom?: string;

  @Instant({ optional: true, description: 'revisits due before this instant' })
  dueTo?: string;

  @IntRange(1, 1_000_000, { optional: true })
  page?: number;

  @IntRange(1, 100, { optional: true })
  pageSize?: number;
}

/** A revisit (回头看) as the API returns it. */
export class RevisitView {
  @ApiProperty() id: string;
  @ApiProperty() caseId: string;
  @ApiProperty({ example: '360100-2025-00001' }) caseCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) campaignId: string | null;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: REVISIT_ORIGINS }) origin: RevisitOrigin;
  @ApiProperty({ enum: REVISIT_STATUSES }) status: RevisitStatus;
  @ApiPropertyOptional({ nullable: true, type: String }) startedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) completedAt: string | null;
  @ApiProperty() createdAt: string;
}

export class RevisitPage {
  @ApiProperty({ type: [RevisitView] }) items: RevisitView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export function toRevisitView(r: RevisitListRecord): RevisitView {
  return {
    id: r.id,
    caseId: r.caseId,
    caseCode: r.caseCode,
    campaignId: r.campaignId,
    dueAt: r.dueAt,
    origin: r.origin,
    status: r.status,
    startedAt: r.startedAt,
    completedAt: r.completedAt,
    createdAt: r.createdAt,
  };
}

export class CreateRevisitCampaignDto {
  @RegionCode({ optional: true })
  @ApiPropertyOptional({ description: 'closed cases in this region and below; defaults to your own region' })
  regionCode?: string;

  @ApiPropertyOptional({ enum: SOURCES })
  @IsOptional()
  @IsIn(SOURCES)
  source?: Source;

  @OptionalText({ max: 200, example: '2020-中央环保督察反馈' })
  batch?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: Category;

  @Instant({ optional: true, description: 'cases closed at or after this instant' })
  closedFrom?: string;

  @Instant({ optional: true, description: 'cases closed before this instant' })
  closedTo?: string;

  @IntRange(1, 100_000, { optional: true, description: 'how many cases to draw (more than matched → all); or give sampleRate' })
  sampleSize?: number;

  @ApiPropertyOptional({ type: Number, exclusiveMinimum: 0 as unknown as boolean /* OpenAPI 3.1: a number */, maximum: 1, description: 'share of the matched cases to draw, rounded up; or give sampleSize' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1)
  sampleRate?: number;

  @Text({ max: 200, example: '2025-Q2-南昌-双随机', description: 'the draw seed: the same seed over the same matched cases draws the same cases' })
  seed: string;

  @Instant({ description: 'when the drawn revisits fall due; in the future' })
  dueAt: string;
}

export class ListRevisitCampaignsQuery {
  @IntRange(1, 1_000_000, { optional: true })
  page?: number;

  @IntRange(1, 100, { optional: true })
  pageSize?: number;
}

export class CampaignFilterView {
  @ApiProperty() regionCode: string;
  @ApiPropertyOptional() source?: string;
  @ApiPropertyOptional() batch?: string;
  @ApiPropertyOptional() category?: string;
  @ApiPropertyOptional() closedFrom?: string;
  @ApiPropertyOptional() closedTo?: string;
}

export class CampaignProgressView {
  @ApiProperty() scheduled: number;
  @ApiProperty() inProgress: number;
  @ApiProperty() passed: number;
  @ApiProperty() rebound: number;
  @ApiProperty() cancelled: number;
}

/** A revisit campaign (双随机抽查) and how far its revisits have got. */
export class CampaignView {
  @ApiProperty() id: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ type: CampaignFilterView }) filter: CampaignFilterView;
  @ApiProperty() seed: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) sampleSize: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) sampleRate: number | null;
  @ApiProperty({ example: 'hmac-sha256-rank/v1', description: 'how the draw ranks cases; see docs/revisits.md' }) drawMethod: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ description: 'closed cases the filter matched' }) matched: number;
  @ApiProperty({ description: 'cases drawn' }) selected: number;
  @ApiProperty({ type: [String], description: 'the drawn case ids, in draw order' }) caseIds: string[];
  @ApiPropertyOptional({ type: [String], description: 'every matched case id, sorted (single campaign only): re-run the draw over these' })
  matchedCaseIds?: string[];
  @ApiProperty({ type: CampaignProgressView }) progress: CampaignProgressView;
  @ApiProperty({ type: ActorRef, description: 'who drew it (the actor shape of the history)' }) createdBy: ActorRef;
  @ApiProperty() createdAt: string;
}

export class CampaignPage {
  @ApiProperty({ type: [CampaignView] }) items: CampaignView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
