import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@rectify/database';

/** One level the sweep fired (or found already fired: hooks dedupe on (clockId, level) themselves). */
export interface FiredEscalation {
  clockId: string;
  caseId: string;
  caseCode: string;
  /** The case's state detail when the level fired. */
  caseState: string;
  regionCode: string;
  clockName: string;
  level: number;
  levelName: string;
  targetRegionCode: string;
  targetUnitId: string | null;
  dueAt: string;
  thresholdAt: string;
}

/** A module's reaction to fired escalations: rows written in the sweep batch's transaction (STYLE rule 6). */
export interface EscalationFiredHook {
  afterEscalationsFired(tx: SqlExecutor, fired: readonly FiredEscalation[], at: string): Promise<void>;
}

/** Modules register here at start-up, so the sweep does not import them (as CaseHooks does for transitions). */
@Injectable()
export class EscalationHooks {
  private readonly hooks: EscalationFiredHook[] = [];

  register(hook: EscalationFiredHook): void {
    this.hooks.push(hook);
  }

  async run(tx: SqlExecutor, fired: readonly FiredEscalation[], at: string): Promise<void> {
    if (fired.length === 0) return;
    for (const hook of this.hooks) await hook.afterEscalationsFired(tx, fired, at);
  }
}
