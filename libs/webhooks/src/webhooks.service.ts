import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@rectify/config';
import { Clock, DomainError, ErrorCode, isUuid, newId } from '@rectify/core';
import { RegionTreeService, requireRole, type AuthUser } from '@rectify/identity';
import { Role } from '@rectify/workflows';
import { refusalOf } from './allowed-hosts.util.js';
import {
  toAttemptView,
  toDeliveryView,
  toWebhookView,
  type CreatedWebhookView,
  type CreateWebhookDto,
  type DeadLetterQuery,
  type DeliveryDetailView,
  type DeliveryPage,
  type DeliveryQuery,
  type DeliveryView,
  type WebhookView,
} from './dto/webhook.dto.js';
import { DeliveryStatus, WebhookFormat, WebhookStatus } from './webhook-event-type.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WebhookRepository, type EndpointRecord } from './webhook.repository.js';

const DELIVERY_ID = /^msg_[0-9a-f-]{36}$/;

/** A Standard Webhooks key: `whsec_` and 24–64 bytes of base64. */
function checkStandardSecret(secret: string): void {
  const body = secret.startsWith('whsec_') ? secret.slice(6) : '';
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(body) ? Buffer.from(body, 'base64').length : 0;
  if (bytes < 24 || bytes > 64) throw DomainError.validation('secret must be whsec_ followed by 24–64 bytes in base64 (or leave it out and one is generated)');
}

/** Webhook endpoints, their deliveries and dead letters, for admins within their region (docs/notifications.md). */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(WebhookRepository) private readonly repository: WebhookRepository,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(WebhookDeliveryWorker) private readonly worker: WebhookDeliveryWorker,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async scope(user: AuthUser, action: string): Promise<string[]> {
    requireRole(user, [Role.Admin], action);
    return this.regions.subtree(user.regionCode);
  }

  private async visibleEndpoint(user: AuthUser, id: string, action: string): Promise<EndpointRecord> {
    const scope = await this.scope(user, action);
    const endpoint = isUuid(id) ? await this.repository.endpoint(id) : undefined;
    if (!endpoint || !scope.includes(endpoint.regionCode)) throw DomainError.notFound('Webhook');
    return endpoint;
  }

  async create(user: AuthUser, dto: CreateWebhookDto): Promise<CreatedWebhookView> {
    const scope = await this.scope(user, 'register webhooks');
    const refusal = refusalOf(dto.url, this.config.webhookAllowedHosts);
    if (refusal) throw DomainError.validation(refusal);
    const format = dto.format ?? WebhookFormat.Standard;
    let secret: string | null = dto.secret ?? null;
    if (format === WebhookFormat.Standard) {
      if (secret === null) secret = `whsec_${randomBytes(32).toString('base64')}`;
      else checkStandardSecret(secret);
    } else if (format === WebhookFormat.WeCom && secret !== null) {
      throw DomainError.validation('A WeCom robot has no signing secret: its key is in the URL');
    } else if (secret !== null && !/^[\x21-\x7e]{8,200}$/.test(secret)) {
      throw DomainError.validation('secret must be the robot’s 加签 secret (8–200 visible ASCII characters)');
    }
    const regionCode = dto.regionCode ?? user.regionCode;
    if (!(await this.regions.get(regionCode))) throw DomainError.validation(`regionCode ${regionCode} is not a known region`);
    if (!scope.includes(regionCode)) throw DomainError.forbidden(`Region ${regionCode} is outside your jurisdiction`);
    const at = this.clock.now().toISOString();
    const endpoint: EndpointRecord = {
      id: newId(),
      url: dto.url,
      events: dto.events,
      format,
      secret,
      regionCode,
      description: dto.description ?? null,
      status: WebhookStatus.Active,
      createdBy: user.id,
      createdAt: at,
      updatedAt: at,
    };
    await this.repository.insertEndpoint(endpoint);
    return { ...toWebhookView(endpoint), secret: format === WebhookFormat.Standard && dto.secret === undefined ? secret : null };
  }

  async list(user: AuthUser): Promise<WebhookView[]> {
    return (await this.repository.endpoints(await this.scope(user, 'list webhooks'))).map(toWebhookView);
  }

  async get(user: AuthUser, id: string): Promise<WebhookView> {
    return toWebhookView(await this.visibleEndpoint(user, id, 'read webhooks'));
  }

  async setPaused(user: AuthUser, id: string, paused: boolean): Promise<WebhookView> {
    const endpoint = await this.visibleEndpoint(user, id, 'pause or resume webhooks');
    await this.repository.setStatus(id, paused ? WebhookStatus.Paused : WebhookStatus.Active, this.clock.now().toISOString());
    if (!paused) this.worker.kick();
    return toWebhookView((await this.repository.endpoint(id)) ?? endpoint);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    await this.visibleEndpoint(user, id, 'delete webhooks');
    await this.repository.deleteEndpoint(id);
  }

  async deliveries(user: AuthUser, id: string, query: DeliveryQuery): Promise<DeliveryPage> {
    await this.visibleEndpoint(user, id, 'read webhook deliveries');
    return this.page([id], query.status, query.page, query.pageSize);
  }

  async deadLetters(user: AuthUser, query: DeadLetterQuery): Promise<DeliveryPage> {
    const endpoints = await this.repository.endpoints(await this.scope(user, 'read dead letters'));
    return this.page(endpoints.map((e) => e.id), DeliveryStatus.Dead, query.page, query.pageSize);
  }

  private async page(endpointIds: string[], status: DeliveryStatus | undefined, page = 1, pageSize = 20): Promise<DeliveryPage> {
    const { items, total } = await this.repository.deliveries({ endpointIds, status, limit: pageSize, offset: (page - 1) * pageSize });
    return { items: items.map(toDeliveryView), total, page, pageSize };
  }

  private async visibleDelivery(user: AuthUser, deliveryId: string, action: string) {
    const scope = await this.scope(user, action);
    const delivery = DELIVERY_ID.test(deliveryId) ? await this.repository.delivery(deliveryId) : undefined;
    const endpoint = delivery ? await this.repository.endpoint(delivery.endpointId) : undefined;
    if (!delivery || !endpoint || !scope.includes(endpoint.regionCode)) throw DomainError.notFound('Delivery');
    return delivery;
  }

  async delivery(user: AuthUser, deliveryId: string): Promise<DeliveryDetailView> {
    const delivery = await this.visibleDelivery(user, deliveryId, 'read webhook deliveries');
    return { ...toDeliveryView(delivery), attemptLog: (await this.repository.attempts(deliveryId)).map(toAttemptView) };
  }

  /** A dead letter back in the outbox, due now, with a fresh series of retries; 409 unless dead. */
  async replay(user: AuthUser, deliveryId: string): Promise<DeliveryView> {
    const delivery = await this.visibleDelivery(user, deliveryId, 'replay webhook deliveries');
    if (!(await this.repository.replay(deliveryId, this.clock.now().toISOString()))) {
      throw new DomainError(ErrorCode.Conflict, `Only a dead delivery can be replayed; this one is ${delivery.status}`);
    }
    this.worker.kick();
    return toDeliveryView((await this.repository.delivery(deliveryId))!);
  }
}
