import { Inject, Injectable } from '@nestjs/common';
import type { CaseTransitionEffect, CaseTransitionHook } from '@rectify/cases';
import { timeOrderedId } from '@rectify/core';
import type { SqlExecutor } from '@rectify/database';
import type { EscalationFiredHook, FiredEscalation } from '@rectify/deadlines';
import { RegionTreeService } from '@rectify/identity';
import { CASE_EVENT_WEBHOOK_TYPES, ESCALATION_FIRED, subscribes } from './webhook-event-type.js';
import type { WebhookEvent } from './webhook-request.util.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WebhookRepository, type NewDelivery } from './webhook.repository.js';

/**
 * Writes the outbox rows of a transition or a sweep batch in its own transaction: one delivery per
 * (event, active endpoint whose region contains the case's region and who subscribed to the type).
 * No endpoint: one small SELECT and nothing written.
 */
@Injectable()
export class WebhookOutboxHook implements CaseTransitionHook, EscalationFiredHook {
  constructor(
    @Inject(WebhookRepository) private readonly repository: WebhookRepository,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
    @Inject(WebhookDeliveryWorker) private readonly worker: WebhookDeliveryWorker,
  ) {}

  async afterTransition({ tx, after, event, actor, at }: CaseTransitionEffect): Promise<void> {
    const type = CASE_EVENT_WEBHOOK_TYPES[event.type];
    if (!type) return;
    const payload: WebhookEvent = {
      type,
      caseId: after.id,
      caseCode: after.code,
      state: after.state,
      stateDetail: after.stateDetail,
      at,
      event: event.type,
      version: after.version,
      regionCode: after.regionCode,
      title: after.title,
      leadUnitId: after.leadUnitId,
      coUnitIds: after.coUnitIds,
      rectificationDueAt: after.rectificationDueAt,
      actor: actor.kind === 'user' ? { id: actor.user.id, username: actor.user.username, role: actor.user.role } : { kind: 'system' },
    };
    await this.enqueue(tx, [{ key: `case:${after.id}:${after.version}`, regionCode: after.regionCode, payload }], at);
  }

  async afterEscalationsFired(tx: SqlExecutor, fired: readonly FiredEscalation[], at: string): Promise<void> {
    await this.enqueue(
      tx,
      fired.map((e) => ({
        key: `escalation:${e.clockId}:${e.level}`,
        regionCode: e.regionCode,
        payload: {
          type: ESCALATION_FIRED,
          caseId: e.caseId,
          caseCode: e.caseCode,
          state: e.caseState.split('.')[0]!,
          stateDetail: e.caseState,
          at,
          regionCode: e.regionCode,
          escalation: { level: e.level, name: e.levelName, clock: e.clockName, targetRegionCode: e.targetRegionCode, targetUnitId: e.targetUnitId, dueAt: e.dueAt, thresholdAt: e.thresholdAt },
        },
      })),
      at,
    );
  }

  private async enqueue(tx: SqlExecutor, events: ReadonlyArray<{ key: string; regionCode: string; payload: WebhookEvent }>, at: string): Promise<void> {
    if (events.length === 0) return;
    const endpoints = await this.repository.activeEndpoints(tx);
    if (endpoints.length === 0) return;
    const rows: NewDelivery[] = [];
    const ancestries = new Map<string, Set<string>>();
    for (const e of events) {
      let ancestry = ancestries.get(e.regionCode);
      if (!ancestry) {
        ancestry = new Set((await this.regions.ancestry(e.regionCode)).map((r) => r.code));
        ancestries.set(e.regionCode, ancestry);
      }
      const json = JSON.stringify(e.payload);
      for (const endpoint of endpoints) {
        if (!ancestry.has(endpoint.regionCode) || !subscribes(endpoint.events, e.payload.type)) continue;
        rows.push({ id: `msg_${timeOrderedId()}`, endpointId: endpoint.id, eventKey: e.key, eventType: e.payload.type, caseId: e.payload.caseId, payload: json });
      }
    }
    if (rows.length === 0) return;
    await this.repository.enqueue(tx, rows, at);
    tx.afterCommit(() => this.worker.kick());
  }
}
