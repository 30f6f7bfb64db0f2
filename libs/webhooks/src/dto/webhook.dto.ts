import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';
import { IntRange, OptionalText, PageOf, RegionCode, Text, WholeListPageQuery } from '@rectify/core';
import { ALL_EVENTS, DELIVERY_STATUSES, DeliveryStatus, WEBHOOK_EVENT_TYPES, WEBHOOK_FORMATS, WebhookFormat, WebhookStatus } from '../webhook-event-type.js';
import type { AttemptRecord, DeliveryRecord, EndpointRecord } from '../webhook.repository.js';

const EVENT_CHOICES = [ALL_EVENTS, ...WEBHOOK_EVENT_TYPES];

export class CreateWebhookDto {
  @Text({ max: 2000, description: 'where to POST; its host must be in WEBHOOK_ALLOWED_HOSTS', example: 'https://oa.example.gov.cn/rectify/hook' })
  url: string;

  @ApiProperty({ type: [String], enum: EVENT_CHOICES, example: ['case.assigned', 'escalation.fired'], description: '`*` for every type' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_CHOICES.length)
  @ArrayUnique()
  @IsIn(EVENT_CHOICES, { each: true })
  events: string[];

  @OptionalText({
    max: 200,
    description: 'standard: a whsec_… key (24–64 bytes, base64), generated and returned once when absent; dingtalk: the robot’s 加签 secret (SEC…), if it has one; wecom: none',
  })
  secret?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_FORMATS, default: WebhookFormat.Standard })
  @IsOptional()
  @IsIn(WEBHOOK_FORMATS)
  format?: WebhookFormat;

  @RegionCode({ optional: true })
  regionCode?: string;

  @OptionalText({ max: 200 })
  description?: string;
}

export class DeliveryQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @IntRange(1, 1_000_000, { optional: true })
  page?: number;

  @IntRange(1, 100, { optional: true })
  pageSize?: number;
}

export class DeadLetterQuery {
  @IntRange(1, 1_000_000, { optional: true })
  page?: number;

  @IntRange(1, 100, { optional: true })
  pageSize?: number;
}

export class WebhookView {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'query-string values (robot tokens) shown as ***' }) url: string;
  @ApiProperty({ type: [String] }) events: string[];
  @ApiProperty({ enum: WEBHOOK_FORMATS }) format: WebhookFormat;
  @ApiProperty({ description: 'events of cases in this region and below' }) regionCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: [WebhookStatus.Active, WebhookStatus.Paused] }) status: WebhookStatus;
  @ApiProperty() hasSecret: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class CreatedWebhookView extends WebhookView {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the signing secret, shown only here' }) secret: string | null;
}

export class DeliveryView {
  @ApiProperty({ description: 'the webhook-id header: the same on every attempt' }) id: string;
  @ApiProperty() endpointId: string;
  @ApiProperty() type: string;
  @ApiProperty() caseId: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ nullable: true, type: String }) nextAttemptAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) deadAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the event as sent' }) event: Record<string, unknown>;
}

export class AttemptView {
  @ApiProperty() attempt: number;
  @ApiProperty() startedAt: string;
  @ApiProperty() latencyMs: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) statusCode: number | null;
  @ApiProperty({ enum: ['delivered', 'failed', 'timeout', 'refused'] }) outcome: string;
  @ApiPropertyOptional({ nullable: true, type: String }) error: string | null;
}

export class DeliveryDetailView extends DeliveryView {
  @ApiProperty({ type: [AttemptView] }) attemptLog: AttemptView[];
}

export const WebhookPage = PageOf(WebhookView, 'WebhookPage');
export type WebhookPage = InstanceType<typeof WebhookPage>;

/** `GET /webhooks?page=&pageSize=`. */
export class WebhookListQuery extends WholeListPageQuery {}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryView] }) items: DeliveryView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** Robot URLs carry their token in the query string: never echo it back. */
export function maskedUrl(raw: string): string {
  const url = new URL(raw);
  for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, '***');
  return url.toString().replace(/%2A%2A%2A/g, '***');
}

export const toWebhookView = (e: EndpointRecord): WebhookView => ({
  id: e.id,
  url: maskedUrl(e.url),
  events: e.events,
  format: e.format,
  regionCode: e.regionCode,
  description: e.description,
  status: e.status,
  hasSecret: e.secret !== null,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

export const toDeliveryView = (d: DeliveryRecord): DeliveryView => ({
  id: d.id,
  endpointId: d.endpointId,
  type: d.eventType,
  caseId: d.caseId,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt,
  createdAt: d.createdAt,
  deliveredAt: d.deliveredAt,
  deadAt: d.deadAt,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  event: JSON.parse(d.payload) as Record<string, unknown>,
});

export const toAttemptView = (a: AttemptRecord): AttemptView => ({
  attempt: a.attempt,
  startedAt: a.startedAt,
  latencyMs: a.latencyMs,
  statusCode: a.statusCode,
  outcome: a.outcome,
  error: a.error,
});
