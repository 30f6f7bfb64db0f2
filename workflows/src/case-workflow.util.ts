import { initialTransition, transition, type AnyStateNode, type SnapshotFrom } from 'xstate';
import { caseGuards, GUARD_REFUSALS, type CaseGuardName } from './case-guards.js';
import { buildCaseMachine, caseMachine, CASE_MACHINE_VERSION, EVENT_PERMISSIONS, type CaseMachine, type CaseStatesConfig } from './case.machine.js';
import type { CaseContext, CaseEvent, CaseEventType, CaseLimits, ClockName, EventPermission } from './case-types.js';

export type CaseSnapshot = SnapshotFrom<typeof caseMachine>;

/** What we store: enough to restore the snapshot, and the machine version that wrote it. */
export interface PersistedCaseSnapshot {
  machineVersion: number;
  value: CaseSnapshot['value'];
  context: CaseContext;
}

/** One edge of the machine, for docs, allowedEvents and the model-based tests. */
export interface CaseTransition {
  from: string;
  event: CaseEventType;
  to: string;
  guards: CaseGuardName[];
  permission: EventPermission;
}

/** What reads of a case need from a snapshot: a live one, or a persisted one without resolving it. */
export type CaseStateLike = Pick<CaseSnapshot, 'value' | 'context'>;

/** Full dotted path of the active leaf, e.g. `rectifying.awaitingVerification`. */
export function stateDetailOf(snapshot: Pick<CaseSnapshot, 'value'>): string {
  let value: unknown = snapshot.value;
  let path = '';
  while (typeof value !== 'string') {
    const key = Object.keys(value as Record<string, unknown>)[0]!;
    path += `${key}.`;
    value = (value as Record<string, unknown>)[key];
  }
  return path + value;
}

export const topStateOf = (stateDetail: string): string => stateDetail.split('.')[0]!;

function guardNames(guard: unknown): CaseGuardName[] {
  if (!guard) return [];
  if (typeof guard === 'string') return [guard as CaseGuardName];
  const nested = (guard as { guards?: unknown[] }).guards;
  return nested ? nested.flatMap(guardNames) : [];
}

/** The leaf a transition into `node` lands in: `node`, or its initial child, all the way down. */
function leafOf(node: AnyStateNode): string {
  let target = node;
  for (;;) {
    const initial = (target.initial as unknown as { target?: AnyStateNode[] } | undefined)?.target?.[0];
    if (!initial) return target.path.join('.');
    target = initial;
  }
}

export type Refusal = { code: string; message: string };

function checkMachineVersion(persisted: PersistedCaseSnapshot): void {
  if (persisted.machineVersion !== CASE_MACHINE_VERSION) {
    // Only one snapshot format exists so far; a future format adds its migration here.
    throw new Error(`no migration from case machine version ${persisted.machineVersion} to ${CASE_MACHINE_VERSION}`);
  }
}

/**
 * One machine of the family and what the engine derives from it: its leaf states, its edges (for
 * docs, allowedEvents and the model-based tests), the clock of each state and its Mermaid diagram.
 * Every definition (case-definitions.ts) is one of these, built from the core states config.
 */
export class CaseMachineModel {
  readonly machine: CaseMachine;
  readonly transitions: readonly CaseTransition[];
  readonly states: readonly string[];
  /** The leaf a new case starts in, and the final states (`type: 'final'`), read from the machine. */
  readonly initialState: string;
  readonly finalStates: readonly string[];
  private readonly nodesByPath = new Map<string, AnyStateNode>();
  private readonly transitionsFrom: Map<string, CaseTransition[]>;

  constructor(states?: CaseStatesConfig) {
    this.machine = states ? buildCaseMachine(states) : caseMachine;
    const index = (node: AnyStateNode): void => {
      if (node.path.length > 0) this.nodesByPath.set(node.path.join('.'), node);
      for (const child of Object.values(node.states)) index(child as AnyStateNode);
    };
    index(this.machine.root);
    this.states = [...this.nodesByPath.entries()].filter(([, node]) => Object.keys(node.states).length === 0).map(([path]) => path);
    this.initialState = leafOf(this.machine.root);
    this.finalStates = this.states.filter((path) => this.nodesByPath.get(path)!.type === 'final');
    this.transitions = this.edges();
    this.transitionsFrom = new Map(this.states.map((state) => [state, this.transitions.filter((t) => t.from === state)]));
  }

  /** Every transition of the machine, from each leaf state (inherited ones included). */
  private edges(): CaseTransition[] {
    const edges: CaseTransition[] = [];
    for (const from of this.states) {
      const seen = new Set<string>();
      for (let node: AnyStateNode | undefined = this.nodesByPath.get(from); node && node.path.length > 0; node = node.parent) {
        for (const [event, definitions] of Object.entries(node.on as unknown as Record<string, Array<Record<string, unknown>>>)) {
          if (seen.has(event)) continue;
          seen.add(event);
          const definition = definitions[0]!;
          const targets = definition.target as AnyStateNode[] | undefined;
          const to = targets && targets.length > 0 ? leafOf(targets[0]!) : from;
          const meta = definition.meta as { permission: EventPermission };
          edges.push({ from, event: event as CaseEventType, to, guards: guardNames(definition.guard), permission: meta.permission });
        }
      }
    }
    return edges;
  }

  initial(): CaseSnapshot {
    return initialTransition(this.machine)[0];
  }

  restore(persisted: PersistedCaseSnapshot): CaseSnapshot {
    checkMachineVersion(persisted);
    return this.machine.resolveState({ value: persisted.value, context: persisted.context });
  }

  /** The clock a state runs (SPEC §4), from the state's `meta.clock`; null for `closed` and `withdrawn`. */
  clockOf(stateDetail: string): ClockName | null {
    const meta = this.nodesByPath.get(stateDetail)?.meta as { clock?: ClockName } | undefined;
    return meta?.clock ?? null;
  }

  handled(stateDetail: string): CaseTransition[] {
    return [...(this.transitionsFrom.get(stateDetail) ?? [])];
  }

  /**
   * Applies an event with XState's pure `transition()`. Returns the next snapshot, or why the
   * machine refuses: the state does not take the event (INVALID_TRANSITION), or a named guard fails.
   */
  apply(snapshot: CaseSnapshot, event: CaseEvent): { ok: true; next: CaseSnapshot; from: string; to: string } | { ok: false; refusal: Refusal } {
    const from = stateDetailOf(snapshot);
    const edge = this.transitionsFrom.get(from)?.find((t) => t.event === event.type);
    if (!edge) {
      return { ok: false, refusal: { code: 'INVALID_TRANSITION', message: `${event.type} is not allowed while the case is ${from}` } };
    }
    for (const name of edge.guards) {
      if (!caseGuards[name]({ context: snapshot.context, event })) return { ok: false, refusal: GUARD_REFUSALS[name] };
    }
    const [next] = transition(this.machine, snapshot, event);
    return { ok: true, next, from, to: stateDetailOf(next) };
  }

  /** Event types the machine would take now (guards checked with the given time and limits). */
  acceptedNow(snapshot: CaseStateLike, at: string, limits: CaseLimits): CaseTransition[] {
    const edges = this.transitionsFrom.get(stateDetailOf(snapshot)) ?? [];
    const context = snapshot.context;
    return edges.filter(
      (edge) => edge.guards.length === 0 || edge.guards.every((name) => caseGuards[name]({ context, event: { type: edge.event, at, limits } as CaseEvent })),
    );
  }

  /** The machine as a Mermaid state diagram (README and `GET /workflows/:procedure?format=mermaid`). */
  mermaid(): string {
    const id = (path: string) => path.replace(/\./g, '_');
    const lines = ['stateDiagram-v2', `  [*] --> ${id(this.initialState)}`];
    const pairs = new Map<string, string[]>();
    for (const t of this.transitions) {
      if (t.from === t.to) continue;
      const key = `${id(t.from)} --> ${id(t.to)}`;
      pairs.set(key, [...(pairs.get(key) ?? []), t.event]);
    }
    for (const [edge, events] of pairs) lines.push(`  ${edge}: ${[...new Set(events)].join(' / ')}`);
    for (const state of this.finalStates) lines.push(`  ${id(state)} --> [*]`);
    return lines.join('\n') + '\n';
  }
}

/**
 * The core machine (`standard` version 1, and every definition without its own configuration). The
 * functions below read the core only, as before the family existed: for a stored case use
 * `caseModelOf(record)` (case-definitions.ts) — these would silently ignore the case's definition.
 */
export const CORE_CASE_MODEL = new CaseMachineModel();

export function initialCaseSnapshot(): CaseSnapshot {
  return CORE_CASE_MODEL.initial();
}

export function persistCaseSnapshot(snapshot: CaseSnapshot): PersistedCaseSnapshot {
  return { machineVersion: CASE_MACHINE_VERSION, value: snapshot.value, context: snapshot.context };
}

export function restoreCaseSnapshot(persisted: PersistedCaseSnapshot): CaseSnapshot {
  return CORE_CASE_MODEL.restore(persisted);
}

/**
 * A persisted snapshot as the state value and context that reads need (allowedEvents), without
 * XState's `resolveState` — which costs more than the rest of a case view. A stored value is always
 * the full path to a leaf (written from a resolved snapshot), so nothing needs resolving.
 */
export function persistedCaseState(persisted: PersistedCaseSnapshot): CaseStateLike {
  checkMachineVersion(persisted);
  return persisted;
}

export const clockOfState = (stateDetail: string): ClockName | null => CORE_CASE_MODEL.clockOf(stateDetail);

export const CASE_TRANSITIONS: readonly CaseTransition[] = CORE_CASE_MODEL.transitions;

export const CASE_STATES: readonly string[] = CORE_CASE_MODEL.states;

export const handledEvents = (stateDetail: string): CaseTransition[] => CORE_CASE_MODEL.handled(stateDetail);

export function applyCaseEvent(snapshot: CaseSnapshot, event: CaseEvent) {
  return CORE_CASE_MODEL.apply(snapshot, event);
}

/**
 * Event types the machine would take now (guards checked with the given time and limits). Needs only
 * the state value and the context: a live snapshot, or a persisted one (`persistedCaseState`).
 */
export function eventsAcceptedNow(snapshot: CaseStateLike, at: string, limits: CaseLimits): CaseTransition[] {
  return CORE_CASE_MODEL.acceptedNow(snapshot, at, limits);
}

export const permissionOf = (type: CaseEventType): EventPermission => EVENT_PERMISSIONS[type];

export const caseMermaid = (): string => CORE_CASE_MODEL.mermaid();
