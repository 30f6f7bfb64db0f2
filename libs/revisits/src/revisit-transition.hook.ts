import { Inject, Injectable } from '@nestjs/common';
import type { CaseTransitionEffect, CaseTransitionHook } from '@rectify/cases';
import { newId } from '@rectify/core';
import type { SqlExecutor } from '@rectify/database';
import { PolicyService } from '@rectify/policies';
import { revisitDueDates } from './revisit-schedule.util.js';
import { RevisitRepository } from './revisit.repository.js';
import { RevisitOrigin, RevisitStatus } from './revisit-status.js';

/**
 * Keeps the revisit rows in step with the case, inside the transition's own transaction (STYLE rule 6):
 * - CLOSE cancels what an earlier closure scheduled and never started, then schedules the policy's revisits;
 * - START_REVISIT marks the revisit being run: the one the sweep already marked, else the case's
 *   scheduled revisit that is already due (an inspector doing it before the sweep gets there), else a
 *   new ad hoc revisit (暗访) due now;
 * - REVISIT_PASS and REBOUND_FOUND record the running revisit's outcome.
 */
@Injectable()
export class RevisitTransitionHook implements CaseTransitionHook {
  constructor(
    @Inject(RevisitRepository) private readonly revisits: RevisitRepository,
    @Inject(PolicyService) private readonly policies: PolicyService,
  ) {}

  async afterTransition(effect: CaseTransitionEffect): Promise<void> {
    const { tx, after, at } = effect;
    switch (effect.event.type) {
      case 'CLOSE': {
        await this.revisits.cancelScheduledByClosure(after.id, at, tx);
        const policy = effect.policy ?? (await this.policies.policyFor(after.regionCode, effect.tx));
        for (const dueAt of revisitDueDates(after.closedAt ?? at, policy, after.source)) {
          await this.revisits.insert(
            { id: newId(), caseId: after.id, campaignId: null, dueAt, origin: RevisitOrigin.Policy, status: RevisitStatus.Scheduled, startedAt: null, completedAt: null, createdAt: at },
            tx,
          );
        }
        return;
      }
      case 'START_REVISIT':
        return this.start(tx, after.id, at);
      case 'REVISIT_PASS':
        await this.revisits.complete(after.id, RevisitStatus.Passed, at, tx);
        return;
      case 'REBOUND_FOUND':
        await this.revisits.complete(after.id, RevisitStatus.Rebound, at, tx);
        return;
      default:
        return;
    }
  }

  private async start(tx: SqlExecutor, caseId: string, at: string): Promise<void> {
    if (await this.revisits.inProgress(caseId, tx)) return;
    const due = await this.revisits.earliestDue(caseId, at, tx);
    if (due && (await this.revisits.markStarted(due.id, at, tx)) === 1) return;
    await this.revisits.insert(
      { id: newId(), caseId, campaignId: null, dueAt: at, origin: RevisitOrigin.Adhoc, status: RevisitStatus.InProgress, startedAt: at, completedAt: null, createdAt: at },
      tx,
    );
  }
}
