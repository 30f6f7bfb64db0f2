import { initialTransition, transition, type AnyStateNode, type SnapshotFrom } from 'xstate';
import { caseGuards, GUARD_REFUSALS, type CaseGuardName } from './case-guards.js';
import { caseMachine, CASE_MACHINE_VERSION, EVENT_PERMISSIONS } from './case.machine.js';
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

/** Full dotted path of the active leaf, e.g. `rectifying.awaitingVerification`. */
export function stateDetailOf(snapshot: CaseSnapshot): string {
  const walk = (value: unknown): string[] => {
    if (typeof value === 'string') return [value];
    const [key, child] = Object.entries(value as Record<string, unknown>)[0]!;
    return [key, ...walk(child)];
  };
  return walk(snapshot.value).join('.');
}

export const topStateOf = (stateDetail: string): string => stateDetail.split('.')[0]!;

export function initialCaseSnapshot(): CaseSnapshot {
  return initialTransition(caseMachine)[0];
}

export function persistCaseSnapshot(snapshot: CaseSnapshot): PersistedCaseSnapshot {
  return { machineVersion: CASE_MACHINE_VERSION, value: snapshot.value, context: snapshot.context };
}

export function restoreCaseSnapshot(persisted: PersistedCaseSnapshot): CaseSnapshot {
  if (persisted.machineVersion !== CASE_MACHINE_VERSION) {
    // Only one version exists so far; a future version adds its migration here.
    throw new Error(`no migration from case machine version ${persisted.machineVersion} to ${CASE_MACHINE_VERSION}`);
  }
  return caseMachine.resolveState({ value: persisted.value, context: persisted.context });
}

const nodesByPath = new Map<string, AnyStateNode>();
(function index(node: AnyStateNode): void {
  if (node.path.length > 0) nodesByPath.set(node.path.join('.'), node);
  for (const child of Object.values(node.states)) index(child as AnyStateNode);
})(caseMachine.root);

/** The clock a state runs (SPEC §4), from the state's `meta.clock`; null for `closed` and `withdrawn`. */
export function clockOfState(stateDetail: string): ClockName | null {
  const meta = nodesByPath.get(stateDetail)?.meta as { clock?: ClockName } | undefined;
  return meta?.clock ?? null;
}

function guardNames(guard: unknown): CaseGuardName[] {
  if (!guard) return [];
  if (typeof guard === 'string') return [guard as CaseGuardName];
  const nested = (guard as { guards?: unknown[] }).guards;
  return nested ? nested.flatMap(guardNames) : [];
}

function leafPaths(): string[] {
  return [...nodesByPath.entries()].filter(([, node]) => Object.keys(node.states).length === 0).map(([path]) => path);
}

/** Every transition of the machine, from each leaf state (inherited ones included). */
export const CASE_TRANSITIONS: readonly CaseTransition[] = (() => {
  const edges: CaseTransition[] = [];
  for (const from of leafPaths()) {
    const seen = new Set<string>();
    for (let node: AnyStateNode | undefined = nodesByPath.get(from); node && node.path.length > 0; node = node.parent) {
      for (const [event, definitions] of Object.entries(node.on as unknown as Record<string, Array<Record<string, unknown>>>)) {
        if (seen.has(event)) continue;
        seen.add(event);
        const definition = definitions[0]!;
        const targets = definition.target as AnyStateNode[] | undefined;
        let to = from;
        if (targets && targets.length > 0) {
          let target = targets[0]!;
          for (;;) {
            const initial = (target.initial as unknown as { target?: AnyStateNode[] } | undefined)?.target?.[0];
            if (!initial) break;
            target = initial;
          }
          to = target.path.join('.');
        }
        const meta = definition.meta as { permission: EventPermission };
        edges.push({ from, event: event as CaseEventType, to, guards: guardNames(definition.guard), permission: meta.permission });
      }
    }
  }
  return edges;
})();

export const CASE_STATES: readonly string[] = leafPaths();

export const handledEvents = (stateDetail: string): CaseTransition[] => CASE_TRANSITIONS.filter((t) => t.from === stateDetail);

export type Refusal = { code: string; message: string };

/**
 * Applies an event with XState's pure `transition()`. Returns the next snapshot, or why the
 * machine refuses: the state does not take the event (INVALID_TRANSITION), or a named guard fails.
 */
export function applyCaseEvent(
  snapshot: CaseSnapshot,
  event: CaseEvent,
): { ok: true; next: CaseSnapshot; from: string; to: string } | { ok: false; refusal: Refusal } {
  const from = stateDetailOf(snapshot);
  const edge = CASE_TRANSITIONS.find((t) => t.from === from && t.event === event.type);
  if (!edge) {
    return { ok: false, refusal: { code: 'INVALID_TRANSITION', message: `${event.type} is not allowed while the case is ${from}` } };
  }
  for (const name of edge.guards) {
    if (!caseGuards[name]({ context: snapshot.context, event })) return { ok: false, refusal: GUARD_REFUSALS[name] };
  }
  const [next] = transition(caseMachine, snapshot, event);
  return { ok: true, next, from, to: stateDetailOf(next) };
}

/** Event types the machine would take now (guards checked with the given time and limits). */
export function eventsAcceptedNow(snapshot: CaseSnapshot, at: string, limits: CaseLimits): CaseTransition[] {
  const from = stateDetailOf(snapshot);
  return handledEvents(from).filter((edge) =>
    edge.guards.every((name) => caseGuards[name]({ context: snapshot.context, event: { type: edge.event, at, limits } as CaseEvent })),
  );
}

export const permissionOf = (type: CaseEventType): EventPermission => EVENT_PERMISSIONS[type];

/** The machine as a Mermaid state diagram (README and `GET /workflows/case?format=mermaid`). */
export function caseMermaid(): string {
  const id = (path: string) => path.replace(/\./g, '_');
  const lines = ['stateDiagram-v2', '  [*] --> reported'];
  const pairs = new Map<string, string[]>();
  for (const t of CASE_TRANSITIONS) {
    if (t.from === t.to) continue;
    const key = `${id(t.from)} --> ${id(t.to)}`;
    pairs.set(key, [...(pairs.get(key) ?? []), t.event]);
  }
  for (const [edge, events] of pairs) lines.push(`  ${edge}: ${[...new Set(events)].join(' / ')}`);
  lines.push('  withdrawn --> [*]');
  return lines.join('\n') + '\n';
}
