import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@rectify/database';
import type { AuthUser } from '@rectify/identity';
import type { Policy } from '@rectify/policies';
import type { CaseEventPayload } from './dto/case-event.dto.js';
import type { CaseRecord } from './case-record.js';

/** Who caused a transition: a user, or the system (sweeps). */
export type Actor = { kind: 'user'; user: AuthUser } | { kind: 'system' };

/** Everything a module may react to, inside the transaction that made the transition. */
export interface CaseTransitionEffect {
  tx: SqlExecutor;
  before: CaseRecord | null;
  after: CaseRecord;
  event: CaseEventPayload | { type: 'CREATED' };
  actor: Actor;
  at: string;
  /** The clock that ended (state left or due changed), if any. */
  endedClockId: string | null;
  /** The clock that started, if any. */
  startedClock: { id: string; name: string; dueAt: string } | null;
  /** The policy the transition was computed with (hooks use it rather than reading it again inside the transaction). */
  policy?: Policy;
}

/** A module's reaction to transitions: rows written in the same transaction (STYLE rule 6). */
export interface CaseTransitionHook {
  afterTransition(effect: CaseTransitionEffect): Promise<void>;
}

/** Proposes a lead unit for an ASSIGN that names none (the assignment module's routing rules). */
export interface AssignmentDefaultsProvider {
  /** `tx` is the transition's transaction: read through it (on SQLite a read outside it would wait for it). */
  defaultsFor(
    record: CaseRecord,
    tx?: SqlExecutor,
  ): Promise<{ leadUnitId: string; coUnitIds: string[]; rectificationWorkingDays: number | null; ruleId?: string } | null>;
}

/**
 * Modules register here at start-up, so the case engine does not import them
 * (deadlines, revisits and assignment depend on cases, never the other way round).
 */
@Injectable()
export class CaseHooks {
  private readonly hooks: CaseTransitionHook[] = [];
  private assignmentDefaults: AssignmentDefaultsProvider | null = null;

  register(hook: CaseTransitionHook): void {
    this.hooks.push(hook);
  }

  setAssignmentDefaults(provider: AssignmentDefaultsProvider): void {
    this.assignmentDefaults = provider;
  }

  get defaults(): AssignmentDefaultsProvider | null {
    return this.assignmentDefaults;
  }

  async run(effect: CaseTransitionEffect): Promise<void> {
    for (const hook of this.hooks) await hook.afterTransition(effect);
  }
}
