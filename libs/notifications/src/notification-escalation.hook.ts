import { Inject, Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@rectify/database';
import type { EscalationFiredHook, FiredEscalation } from '@rectify/deadlines';
import { planEscalationNotification } from './notification-plan.util.js';
import { NotificationRepository } from './notification.repository.js';

/** Writes the notifications of the levels a sweep batch fired, in that batch's transaction. */
@Injectable()
export class NotificationEscalationHook implements EscalationFiredHook {
  constructor(@Inject(NotificationRepository) private readonly notifications: NotificationRepository) {}

  async afterEscalationsFired(tx: SqlExecutor, fired: readonly FiredEscalation[], at: string): Promise<void> {
    if (fired.length === 0) return;
    await this.notifications.insertMany(tx, fired.map(planEscalationNotification), at);
  }
}
