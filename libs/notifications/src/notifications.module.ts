import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CaseHooks, CasesModule } from '@rectify/cases';
import { DeadlinesModule, EscalationHooks } from '@rectify/deadlines';
import { NotificationChanges } from './notification-changes.js';
import { NotificationStreamHub } from './notification-stream.hub.js';
import { NotificationEscalationHook } from './notification-escalation.hook.js';
import { NotificationTransitionHook } from './notification-transition.hook.js';
import { NotificationRepository } from './notification.repository.js';
import { NotificationsService } from './notifications.service.js';

/** In-app notifications: written by transitions and sweeps, read by the bell (docs/notifications.md). */
@Module({
  imports: [CasesModule, DeadlinesModule],
  providers: [NotificationChanges, NotificationRepository, NotificationsService, NotificationStreamHub, NotificationTransitionHook, NotificationEscalationHook],
  exports: [NotificationsService, NotificationStreamHub],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    @Inject(CaseHooks) private readonly caseHooks: CaseHooks,
    @Inject(EscalationHooks) private readonly escalationHooks: EscalationHooks,
    @Inject(NotificationTransitionHook) private readonly transitionHook: NotificationTransitionHook,
    @Inject(NotificationEscalationHook) private readonly escalationHook: NotificationEscalationHook,
  ) {}

  onModuleInit(): void {
    this.caseHooks.register(this.transitionHook);
    this.escalationHooks.register(this.escalationHook);
  }
}
