import { Inject, Injectable } from '@nestjs/common';
import type { CaseTransitionEffect, CaseTransitionHook } from '@rectify/cases';
import { planTransitionNotifications } from './notification-plan.util.js';
import { NotificationRepository } from './notification.repository.js';

/** Writes a transition's notifications in the transition's own transaction (STYLE rule 6). */
@Injectable()
export class NotificationTransitionHook implements CaseTransitionHook {
  constructor(@Inject(NotificationRepository) private readonly notifications: NotificationRepository) {}

  async afterTransition({ tx, before, after, event, actor, at }: CaseTransitionEffect): Promise<void> {
    if (event.type === 'CREATED') return;
    const planned = planTransitionNotifications({
      caseId: after.id,
      caseCode: after.code,
      regionCode: after.regionCode,
      leadUnitId: after.leadUnitId,
      coUnitIds: after.coUnitIds,
      seq: after.version,
      previousUnitIds: before ? [before.leadUnitId, ...before.coUnitIds].filter((u): u is string => u !== null) : [],
      event,
      actorId: actor.kind === 'user' ? actor.user.id : null,
      dueAt: event.type === 'REQUEST_EXTENSION' ? (event.requestedDueAt as string) : after.rectificationDueAt,
    });
    if (planned.length > 0) await this.notifications.insertMany(tx, planned, at);
  }
}
