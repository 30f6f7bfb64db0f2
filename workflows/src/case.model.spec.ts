import { transition } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import { CASE_EVENT_TYPES, type CaseEvent, type CaseEventType } from './case-types.js';
import { caseDefinitions } from './case-definitions.js';
import { applyCaseEvent, initialCaseSnapshot, stateDetailOf, type CaseMachineModel, type CaseSnapshot } from './case-workflow.util.js';
import {
  CASE_MODEL_AT,
  CASE_MODEL_LIMITS,
  caseModelEvents,
  casePaths,
  serializeCaseVertex,
  type CasePath,
} from '../../test/support/case-paths.js';

/** SPEC §3 leaf states and transitions, by hand (not derived from the machine). */
const SPEC_STATES = [
  'reported',
  'assigned',
  'rectifying.inProgress',
  'rectifying.awaitingVerification',
  'verified',
  'closed',
  'reboundCheck',
  'withdrawn',
];
const SPEC_TABLE: ReadonlyArray<readonly [string, CaseEventType, string]> = [
  ['reported', 'ASSIGN', 'assigned'],
  ['assigned', 'ASSIGN', 'assigned'],
  ['assigned', 'ACCEPT', 'rectifying.inProgress'],
  ['assigned', 'RETURN', 'reported'],
  ['rectifying.inProgress', 'REPORT_PROGRESS', 'rectifying.inProgress'],
  ['rectifying.inProgress', 'REQUEST_EXTENSION', 'rectifying.inProgress'],
  ['rectifying.inProgress', 'APPROVE_EXTENSION', 'rectifying.inProgress'],
  ['rectifying.awaitingVerification', 'APPROVE_EXTENSION', 'rectifying.awaitingVerification'],
  ['rectifying.inProgress', 'REJECT_EXTENSION', 'rectifying.inProgress'],
  ['rectifying.awaitingVerification', 'REJECT_EXTENSION', 'rectifying.awaitingVerification'],
  ['rectifying.inProgress', 'SUBMIT_EVIDENCE', 'rectifying.awaitingVerification'],
  ['rectifying.awaitingVerification', 'VERIFY_PASS', 'verified'],
  ['rectifying.awaitingVerification', 'VERIFY_FAIL', 'rectifying.inProgress'],
  ['verified', 'CLOSE', 'closed'],
  ['closed', 'START_REVISIT', 'reboundCheck'],
  ['reboundCheck', 'REVISIT_PASS', 'closed'],
  ['reboundCheck', 'REBOUND_FOUND', 'rectifying.inProgress'],
  ['reported', 'WITHDRAW', 'withdrawn'],
  ['assigned', 'WITHDRAW', 'withdrawn'],
  ['reported', 'EDIT', 'reported'],
  ['assigned', 'EDIT', 'assigned'],
  ['rectifying.inProgress', 'EDIT', 'rectifying.inProgress'],
  ['rectifying.awaitingVerification', 'EDIT', 'rectifying.awaitingVerification'],
  ['verified', 'EDIT', 'verified'],
  ['closed', 'EDIT', 'closed'],
  ['reboundCheck', 'EDIT', 'reboundCheck'],
  ['rectifying.inProgress', 'ADJUST_UNITS', 'rectifying.inProgress'],
  ['rectifying.awaitingVerification', 'ADJUST_UNITS', 'rectifying.awaitingVerification'],
];
const edgeKey = (from: string, event: string, to: string) => `${from} --${event}--> ${to}`;

const EVENTS = caseModelEvents();
const eventOf = (type: CaseEventType): CaseEvent => EVENTS.find((e) => e.type === type)!;
const graphOptions = { events: EVENTS, serializeState: (s: CaseSnapshot) => serializeCaseVertex(s) };

/** The graph's steps without XState's own init step. */
const realSteps = <T extends { event: { type: string } }>(steps: T[]) => steps.filter((s) => !s.event.type.startsWith('xstate.'));

/**
 * Replays a path of `xstate/graph` on the model's engine (`apply`), step by step. The graph keeps one
 * snapshot per vertex (the last one it saw), so only what the vertex captures — the state and the
 * context the guards read — must match, not e.g. reboundCount.
 */
function replayOnEngine(model: CaseMachineModel, path: { state: CaseSnapshot; steps: Array<{ event: { type: string }; state: CaseSnapshot }> }): void {
  let snapshot = model.initial();
  for (const [i, { event, state }] of realSteps(path.steps).entries()) {
    const result = model.apply(snapshot, event as CaseEvent);
    const label = `${serializeCaseVertex(path.state)} step ${i} ${event.type}`;
    expect([label, result.ok]).toEqual([label, true]);
    if (!result.ok) return;
    expect([label, result.to]).toEqual([label, stateDetailOf(state)]);
    expect([label, serializeCaseVertex(result.next)]).toEqual([label, serializeCaseVertex(state)]);
    snapshot = result.next;
  }
  expect(serializeCaseVertex(snapshot)).toBe(serializeCaseVertex(path.state));
}

/** Replays `path` on the pure engine; returns the first disagreement, or null. */
function replayDisagreement(path: CasePath): string | null {
  let snapshot = initialCaseSnapshot();
  for (const [i, { event, expectedState }] of path.entries()) {
    const result = applyCaseEvent(snapshot, eventOf(event));
    if (!result.ok) return `step ${i} ${event} in ${stateDetailOf(snapshot)}: refused ${result.refusal.code}`;
    if (result.to !== expectedState) return `step ${i} ${event}: landed in ${result.to}, expected ${expectedState}`;
    snapshot = result.next;
  }
  return null;
}

describe('model: representative events', () => {
  test('one well-formed event of every type, at the model instant with the model limits', () => {
    expect(EVENTS.map((e) => e.type).sort()).toEqual([...CASE_EVENT_TYPES].sort());
    for (const event of EVENTS) {
      expect(event.at).toBe(CASE_MODEL_AT);
      expect(event.limits).toEqual({ maxReturns: 2, maxExtensions: 2 });
    }
    expect(CASE_MODEL_LIMITS).toEqual({ maxReturns: 2, maxExtensions: 2 });
  });

  test('dues lie after the event instant, and the requested extension after the assigned due', () => {
    const assign = eventOf('ASSIGN') as Extract<CaseEvent, { type: 'ASSIGN' }>;
    const rebound = eventOf('REBOUND_FOUND') as Extract<CaseEvent, { type: 'REBOUND_FOUND' }>;
    const extension = eventOf('REQUEST_EXTENSION') as Extract<CaseEvent, { type: 'REQUEST_EXTENSION' }>;
    expect(Date.parse(assign.rectificationDueAt)).toBeGreaterThan(Date.parse(assign.at));
    expect(Date.parse(rebound.rectificationDueAt)).toBeGreaterThan(Date.parse(rebound.at));
    expect(Date.parse(extension.requestedDueAt)).toBeGreaterThan(Date.parse(assign.rectificationDueAt));
  });

  test('caseModelEvents takes another instant and other limits', () => {
    const events = caseModelEvents('2025-01-01T00:00:00.000Z', { maxReturns: 5, maxExtensions: 1 });
    const assign = events.find((e) => e.type === 'ASSIGN') as Extract<CaseEvent, { type: 'ASSIGN' }>;
    expect(assign.at).toBe('2025-01-01T00:00:00.000Z');
    expect(assign.limits).toEqual({ maxReturns: 5, maxExtensions: 1 });
    expect(Date.parse(assign.rectificationDueAt)).toBeGreaterThan(Date.parse('2025-01-01T00:00:00.000Z'));
  });
});

// Every distinct machine of the family, walked as the core once was. Definitions without their own
// configuration share the core's model object (case-definitions.ts), so each machine is walked once,
// named by every definition and version that runs it — not once per definition on the same graph.
const MODELS = new Map<CaseMachineModel, string[]>();
for (const d of caseDefinitions().flatMap((p) => p.versions)) MODELS.set(d.model, [...(MODELS.get(d.model) ?? []), `${d.procedure} v${d.version}`]);

describe.each([...MODELS].map(([model, names]) => [names.join(', '), model] as const))('%s', (_names, model) => {
  describe('model: the graph agrees with the engine', () => {
    const adjacency = getAdjacencyMap(model.machine, graphOptions);

    test('the model is finite and small (cycles collapse onto visited vertices)', () => {
      const vertices = Object.keys(adjacency);
      expect(vertices.length).toBeGreaterThan(SPEC_STATES.length);
      expect(vertices.length).toBeLessThan(200);
      expect(new Set(Object.values(adjacency).map((v) => stateDetailOf(v.state)))).toEqual(new Set(SPEC_STATES));
    });

    test('for every vertex and every event, XState and applyCaseEvent take the same decision', () => {
      let accepted = 0;
      let refused = 0;
      for (const { state } of Object.values(adjacency)) {
        for (const event of EVENTS) {
          const result = model.apply(state, event);
          const [raw] = transition(model.machine, state, event);
          const label = `${serializeCaseVertex(state)} + ${event.type}`;
          if (result.ok) {
            accepted++;
            expect([label, stateDetailOf(result.next), result.next.context]).toEqual([label, stateDetailOf(raw), raw.context]);
          } else {
            refused++;
            // A refusal leaves XState where it was (no hidden transition the engine's gate would block).
            expect([label, stateDetailOf(raw), raw.context]).toEqual([label, stateDetailOf(state), state.context]);
            expect([label, state.can(event)]).toEqual([label, false]);
          }
        }
      }
      expect(accepted).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    });

    test('every accepted edge in the model is a row of the SPEC table, and every row occurs', () => {
      const spec = new Set(SPEC_TABLE.map(([f, e, t]) => edgeKey(f, e, t)));
      const seen = new Set<string>();
      for (const { state } of Object.values(adjacency)) {
        for (const event of EVENTS) {
          const result = model.apply(state, event);
          if (!result.ok) continue;
          const edge = edgeKey(result.from, event.type, result.to);
          expect([edge, spec.has(edge)]).toEqual([edge, true]);
          seen.add(edge);
        }
      }
      expect([...seen].sort()).toEqual([...spec].sort());
    });
  });

  describe('model: shortest paths', () => {
    const paths = getShortestPaths(model.machine, graphOptions);

    test('reach every state of SPEC §3', () => {
      const reached = new Set(paths.map((p) => stateDetailOf(p.state)));
      expect([...reached].sort()).toEqual([...SPEC_STATES].sort());
    });

    test('the shortest way to each state is what SPEC implies', () => {
      const shortestTo = new Map<string, string[]>();
      for (const p of paths) {
        const state = stateDetailOf(p.state);
        const events = realSteps(p.steps).map((s) => s.event.type);
        if (!shortestTo.has(state) || shortestTo.get(state)!.length > events.length) shortestTo.set(state, events);
      }
      expect(Object.fromEntries(shortestTo)).toEqual({
        reported: [],
        assigned: ['ASSIGN'],
        withdrawn: ['WITHDRAW'],
        'rectifying.inProgress': ['ASSIGN', 'ACCEPT'],
        'rectifying.awaitingVerification': ['ASSIGN', 'ACCEPT', 'SUBMIT_EVIDENCE'],
        verified: ['ASSIGN', 'ACCEPT', 'SUBMIT_EVIDENCE', 'VERIFY_PASS'],
        closed: ['ASSIGN', 'ACCEPT', 'SUBMIT_EVIDENCE', 'VERIFY_PASS', 'CLOSE'],
        reboundCheck: ['ASSIGN', 'ACCEPT', 'SUBMIT_EVIDENCE', 'VERIFY_PASS', 'CLOSE', 'START_REVISIT'],
      });
    });

    test('replaying each path step by step with applyCaseEvent agrees with the graph (state and guard-relevant context)', () => {
      for (const path of paths) replayOnEngine(model, path);
    });

    test('reach the guard boundaries: the return limit and the extension limit', () => {
      const vertices = paths.map((p) => serializeCaseVertex(p.state));
      expect(vertices).toContain('assigned|returns=2|extensions=0|pending=false');
      expect(vertices).toContain('rectifying.inProgress|returns=0|extensions=2|pending=false');
      expect(vertices).toContain('closed|returns=2|extensions=2|pending=false');
      // ...and never beyond them.
      expect(vertices.some((v) => /returns=[3-9]|extensions=[3-9]/.test(v))).toBe(false);
    });
  });

  describe('model: simple paths', () => {
    const paths = getSimplePaths(model.machine, graphOptions);

    test('are bounded and reach every state', () => {
      expect(paths.length).toBeGreaterThan(SPEC_STATES.length);
      expect(paths.length).toBeLessThan(1000);
      expect(new Set(paths.map((p) => stateDetailOf(p.state)))).toEqual(new Set(SPEC_STATES));
    });

    test('visit no vertex twice', () => {
      for (const path of paths) {
        const vertices = path.steps.map((s) => serializeCaseVertex(s.state));
        expect(new Set(vertices).size).toBe(vertices.length);
      }
    });

    test('replaying each path with applyCaseEvent agrees with the graph on state and guard-relevant context', () => {
      for (const path of paths) replayOnEngine(model, path);
    });
  });
});

describe('casePaths', () => {
  const shortest = casePaths({ kind: 'shortest' });
  const simple = casePaths({ kind: 'simple' });
  const transitions = casePaths({ kind: 'transitions' });

  test.each([
    ['shortest', shortest],
    ['simple', simple],
    ['transitions', transitions],
  ] as const)('%s: non-empty, deduplicated, sorted, and every path replays on the engine', (_kind, paths) => {
    expect(paths.length).toBeGreaterThan(0);
    const keys = paths.map((p) => p.map((s) => `${s.event}>${s.expectedState}`).join(' '));
    expect(new Set(keys).size).toBe(keys.length);
    for (let i = 1; i < paths.length; i++) expect(paths[i - 1]!.length).toBeLessThanOrEqual(paths[i]!.length);
    for (const path of paths) {
      expect(path.length).toBeGreaterThan(0);
      for (const s of path) {
        expect(CASE_EVENT_TYPES).toContain(s.event);
        expect(SPEC_STATES).toContain(s.expectedState);
      }
      expect([path.map((s) => s.event).join(','), replayDisagreement(path)]).toEqual([path.map((s) => s.event).join(','), null]);
    }
  });

  test('shortest: ends in every state, starting with the obvious ones', () => {
    expect(new Set(shortest.map((p) => p.at(-1)!.expectedState))).toEqual(new Set(SPEC_STATES));
    expect(shortest.slice(0, 2)).toEqual([
      [{ event: 'ASSIGN', expectedState: 'assigned' }],
      [{ event: 'WITHDRAW', expectedState: 'withdrawn' }],
    ]);
    // 'reported' itself is reached again through RETURN.
    expect(shortest).toContainEqual([
      { event: 'ASSIGN', expectedState: 'assigned' },
      { event: 'RETURN', expectedState: 'reported' },
    ]);
  });

  test('transitions: together the paths exercise every row of the SPEC table', () => {
    const covered = new Set<string>();
    for (const path of transitions) {
      let from = 'reported';
      for (const s of path) {
        covered.add(edgeKey(from, s.event, s.expectedState));
        from = s.expectedState;
      }
    }
    expect([...covered].sort()).toEqual(SPEC_TABLE.map(([f, e, t]) => edgeKey(f, e, t)).sort());
  });

  test('is stable from call to call', () => {
    expect(casePaths({ kind: 'shortest' })).toEqual(shortest);
    expect(casePaths({ kind: 'simple' })).toEqual(simple);
    expect(casePaths({ kind: 'transitions' })).toEqual(transitions);
  });

  test('maxSteps and maxPaths bound the list', () => {
    const short = casePaths({ kind: 'simple', maxSteps: 4 });
    expect(short.length).toBeGreaterThan(0);
    expect(short.every((p) => p.length <= 4)).toBe(true);
    expect(short).toEqual(simple.filter((p) => p.length <= 4));
    expect(casePaths({ kind: 'simple', maxPaths: 5 })).toEqual(simple.slice(0, 5));
    expect(simple.length).toBeLessThanOrEqual(200); // the default cap for simple paths
    expect(casePaths({ kind: 'shortest', maxSteps: 1 })).toEqual([
      [{ event: 'ASSIGN', expectedState: 'assigned' }],
      [{ event: 'WITHDRAW', expectedState: 'withdrawn' }],
    ]);
  });
});
