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

/** An evidence file as a history row records it (the tamper-evident chain then covers its bytes). */
export interface EvidenceFileRef {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** A recorded evidence file whose stored row or bytes no longer match what history recorded. */
export interface EvidenceFileProblem {
  seq: number;
  attachmentId: string;
  name: string;
  sha256: string;
  problem: 'missing' | 'altered';
}

/** The attachments module: turns ids in an event into references, and checks recorded files. */
export interface EvidenceFileProvider {
  /** Inside the transition's transaction; throws a 400 DomainError for an id that is not an attachment of the case. */
  resolve(caseId: string, ids: readonly string[], tx: SqlExecutor): Promise<EvidenceFileRef[]>;
  /** Every file recorded in `events` checked against its stored row and bytes. */
  verify(caseId: string, events: ReadonlyArray<{ seq: number; payload: Record<string, unknown> }>): Promise<{ checked: number; problems: EvidenceFileProblem[] }>;
}

/**
 * Modules register here at start-up, so the case engine does not import them
 * (deadlines, revisits and assignment depend on cases, never the other way round).
 */
@Injectable()
export class CaseHooks {
  private readonly hooks: CaseTransitionHook[] = [];
  private assignmentDefaults: AssignmentDefaultsProvider | null = null;
  private evidence: EvidenceFileProvider | null = null;

  register(hook: CaseTransitionHook): void {
    this.hooks.push(hook);
  }

  setAssignmentDefaults(provider: AssignmentDefaultsProvider): void {
    this.assignmentDefaults = provider;
  }

  get defaults(): AssignmentDefaultsProvider | null {
    return this.assignmentDefaults;
  }

  setEvidenceFiles(provider: EvidenceFileProvider): void {
    this.evidence = provider;
  }

  get evidenceFiles(): EvidenceFileProvider | null {
    return this.evidence;
  }

  async run(effect: CaseTransitionEffect): Promise<void> {
    for (const hook of this.hooks) await hook.afterTransition(effect);
  }
}
