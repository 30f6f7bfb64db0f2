import { Inject, Injectable, Logger } from '@nestjs/common';
import { CaseRepository, CaseWorkflowService } from '@rectify/cases';
import { Clock, testPause } from '@rectify/core';
import { Database } from '@rectify/database';
import type { SweepTask } from '@rectify/deadlines';
import { REVISIT_SWEEP_BATCH_SIZE } from './revisit-sweep-batch-size.js';
import { RevisitRepository, type DueRevisit } from './revisit.repository.js';

/**
 * The sweep's part in 回头看: start every scheduled revisit that is due and whose case is closed, as the
 * system (`START_REVISIT`). A revisit whose case is not closed (being rectified again, or already in a
 * rebound check) stays scheduled and is started by a later sweep once the case is closed.
 *
 * Exactly once, whatever the number of sweeps or processes: each start is one transaction that locks
 * the case, then flips the revisit with `UPDATE … WHERE id = ? AND status = 'scheduled'`; only the
 * transaction that changed that row sends the event, every other one sees 0 affected rows and stops.
 */
@Injectable()
export class RevisitStartSweepTask implements SweepTask {
  readonly name = 'revisits';
  private readonly logger = new Logger('RevisitSweep');

  constructor(
    @Inject(RevisitRepository) private readonly revisits: RevisitRepository,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseWorkflowService) private readonly workflow: CaseWorkflowService,
    @Inject(Database) private readonly db: Database,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(now: Date): Promise<Record<string, number>> {
    const nowIso = now.toISOString();
    let started = 0;
    let after: { dueAt: string; id: string } | null = null;
    for (;;) {
      const batch = await this.revisits.dueBatch(nowIso, after, REVISIT_SWEEP_BATCH_SIZE);
      for (const revisit of batch) if (await this.start(revisit)) started += 1;
      if (batch.length < REVISIT_SWEEP_BATCH_SIZE) break;
      after = batch.at(-1)!;
    }
    return { started };
  }

  /** True when this call started the revisit; false when it waits or another sweeper started it. */
  private async start(revisit: DueRevisit): Promise<boolean> {
    try {
      return await this.db.write(async (tx) => {
        const current = await this.cases.findById(revisit.caseId, tx, { lock: true });
        if (!current || current.stateDetail !== 'closed') return false;
        if ((await this.revisits.markStarted(revisit.id, this.clock.now().toISOString(), tx)) !== 1) return false;
        const note = `回头看到期，系统自动启动（${revisit.origin} revisit due ${revisit.dueAt}）`;
        const result = await this.workflow.applyAsSystem(
          tx,
          revisit.caseId,
          { type: 'START_REVISIT', note, revisitId: revisit.id },
          // the engine works with the case's own region's policy and calendar
          { expectedState: 'closed' },
        );
        if (!result) throw new Error(`case ${revisit.caseId} left 'closed' while locked`);
        await testPause('sweep-transaction'); // inert outside the crash tests
        return true;
      });
    } catch (error) {
      // One revisit that cannot start must not stop the others; the next sweep tries it again.
      this.logger.error(`revisit ${revisit.id} of case ${revisit.caseId} not started: ${(error as Error).message}`);
      return false;
    }
  }
}
