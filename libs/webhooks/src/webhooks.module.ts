import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CaseHooks, CasesModule } from '@rectify/cases';
import { DeadlinesModule, EscalationHooks } from '@rectify/deadlines';
import { IdentityModule } from '@rectify/identity';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WebhookOutboxHook } from './webhook-outbox.hook.js';
import { WebhookRepository } from './webhook.repository.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhooksService } from './webhooks.service.js';

/** Signed webhooks from a transactional outbox, delivered by a worker in every instance (docs/notifications.md). */
@Module({
  imports: [CasesModule, DeadlinesModule, IdentityModule],
  providers: [WebhookRepository, WebhookSender, WebhookDeliveryWorker, WebhookOutboxHook, WebhooksService],
  exports: [WebhooksService],
})
export class WebhooksModule implements OnModuleInit {
  constructor(
    @Inject(CaseHooks) private readonly caseHooks: CaseHooks,
    @Inject(EscalationHooks) private readonly escalationHooks: EscalationHooks,
    @Inject(WebhookOutboxHook) private readonly outbox: WebhookOutboxHook,
  ) {}

  onModuleInit(): void {
    this.caseHooks.register(this.outbox);
    this.escalationHooks.register(this.outbox);
  }
}
