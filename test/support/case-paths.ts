import { transition } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { caseMachine, stateDetailOf, type CaseEvent, type CaseEventType, type CaseLimits, type CaseSnapshot } from '@rectify/workflows';

/**
 * Model-based paths through the case machine (SPEC §3), computed with `xstate/graph`.
 * The HTTP model-based e2e tests drive the API along these paths; the unit tests replay them on
 * the pure machine. Test support only: kept out of @rectify/workflows so that the product does not
 * export (or load) xstate/graph.
 */

/** One step of a path: send `event`, then the case must be in `expectedState` (a `stateDetail`). */
export interface CasePathStep {
  event: CaseEventType;
  expectedState: string;
}

export type CasePath = CasePathStep[];

export interface CasePathsOptions {
  /**
   * `shortest`: one shortest path to each model vertex (see `serializeCaseVertex`);
   * `simple`: every path that visits no vertex twice;
   * `transitions`: for every vertex and every event the machine takes there, the shortest path to
   * the vertex plus that event, so that every edge (self-transitions such as REPORT_PROGRESS and
   * back edges such as VERIFY_FAIL, REVISIT_PASS included) is exercised at least once.
   */
  kind: 'shortest' | 'simple' | 'transitions';
  /** Drop paths with more steps than this. */
  maxSteps?: number;
  /** Keep at most this many paths (after sorting). Default 200 for `simple`, unbounded for `shortest`. */
  maxPaths?: number;
}

/** Limits the model runs with (the policy defaults of SPEC §3). */
export const CASE_MODEL_LIMITS: CaseLimits = { maxReturns: 2, maxExtensions: 2 };

/** The instant every model event happens at; all dues below lie after it. */
export const CASE_MODEL_AT = '2024-03-01T02:00:00.000Z';

/**
 * One representative event of every type, with a valid payload, `at` and `limits`. Dues lie after
 * `at` (ASSIGN, REBOUND_FOUND) and a requested extension after the ASSIGN due.
 */
export function caseModelEvents(at: string = CASE_MODEL_AT, limits: CaseLimits = CASE_MODEL_LIMITS): CaseEvent[] {
  const base = Date.parse(at);
  const later = (days: number) => new Date(base + days * 86_400_000).toISOString();
  const envelope = { at, limits };
  return [
    {
      ...envelope,
      type: 'ASSIGN',
      leadUnitId: 'unit-lead',
      coUnitIds: ['unit-co'],
      responsiblePerson: '张三',
      leader: '李四',
      rectificationDueAt: later(60),
    },
    { ...envelope, type: 'ACCEPT' },
    { ...envelope, type: 'RETURN', reasonCode: 'insufficient_information', reason: '问题线索不全，无法核实' },
    { ...envelope, type: 'REPORT_PROGRESS', note: '已完成清运一半', percent: 50 },
    { ...envelope, type: 'REQUEST_EXTENSION', requestedDueAt: later(80), reason: '雨季施工受阻' },
    { ...envelope, type: 'APPROVE_EXTENSION', note: '同意延期' },
    { ...envelope, type: 'REJECT_EXTENSION', reason: '理由不充分' },
    {
      ...envelope,
      type: 'SUBMIT_EVIDENCE',
      summary: '整改完成',
      evidence: [{ kind: 'photo', title: '整改后现场照片', ref: 'evidence/photo-1.jpg' }],
    },
    { ...envelope, type: 'VERIFY_PASS', note: '验收通过' },
    { ...envelope, type: 'VERIFY_FAIL', reason: '现场仍有渗漏' },
    { ...envelope, type: 'CLOSE', note: '销号' },
    { ...envelope, type: 'START_REVISIT', note: '回头看' },
    { ...envelope, type: 'REVISIT_PASS', note: '未反弹' },
    { ...envelope, type: 'REBOUND_FOUND', findings: '问题反弹，再次发现偷排', rectificationDueAt: later(120) },
    { ...envelope, type: 'WITHDRAW', reason: '重复登记' },
    { ...envelope, type: 'EDIT', reason: '更正问题标题' },
    { ...envelope, type: 'ADJUST_UNITS', reason: '包保领导调整', rectificationDueAt: later(90) },
  ];
}

/**
 * The model's vertex: the state plus the part of the context the guards read (returns used,
 * extensions approved, whether one is pending). Counters no guard reads (reboundCount) are left
 * out so the cyclic machine (closed ⇄ reboundCheck → rectifying) has finitely many vertices.
 */
export function serializeCaseVertex(snapshot: CaseSnapshot): string {
  const { returnCount, extensionsApproved, pendingExtension } = snapshot.context;
  return `${stateDetailOf(snapshot)}|returns=${returnCount}|extensions=${extensionsApproved}|pending=${pendingExtension !== null}`;
}

/** The raw `xstate/graph` paths over the case machine with the model events and vertices above. */
export function caseGraphPaths(kind: 'shortest' | 'simple') {
  const options = {
    events: caseModelEvents(),
    serializeState: (snapshot: CaseSnapshot) => serializeCaseVertex(snapshot),
  };
  return kind === 'shortest' ? getShortestPaths(caseMachine, options) : getSimplePaths(caseMachine, options);
}

const pathKey = (path: CasePath) => path.map((step) => `${step.event}>${step.expectedState}`).join(' ');

/**
 * Paths through the machine as event types and the `stateDetail` expected after each, starting
 * from a freshly reported case. Deduplicated (paths that differ only in context the steps do not
 * show collapse into one), empty paths dropped, sorted by length then by events, so the list is
 * stable from run to run.
 */
export function casePaths(opts: CasePathsOptions): CasePath[] {
  const maxSteps = opts.maxSteps ?? Infinity;
  const maxPaths = opts.maxPaths ?? (opts.kind === 'simple' ? 200 : Infinity);
  const unique = new Map<string, CasePath>();
  const add = (path: CasePath) => {
    if (path.length > 0 && path.length <= maxSteps) unique.set(pathKey(path), path);
  };
  const events = caseModelEvents();
  for (const graphPath of caseGraphPaths(opts.kind === 'simple' ? 'simple' : 'shortest')) {
    const path: CasePath = graphPath.steps
      .filter((step) => !step.event.type.startsWith('xstate.'))
      .map((step) => ({ event: step.event.type, expectedState: stateDetailOf(step.state) }));
    if (opts.kind !== 'transitions') {
      add(path);
      continue;
    }
    for (const event of events) {
      // Enabled transitions, guards evaluated (not `snapshot.can()`, which ignores ones without
      // target or actions such as REPORT_PROGRESS).
      if (caseMachine.getTransitionData(graphPath.state, event).length === 0) continue;
      const [next] = transition(caseMachine, graphPath.state, event);
      add([...path, { event: event.type, expectedState: stateDetailOf(next) }]);
    }
  }
  return [...unique.values()]
    .sort((a, b) => a.length - b.length || (pathKey(a) < pathKey(b) ? -1 : pathKey(a) > pathKey(b) ? 1 : 0))
    .slice(0, maxPaths);
}
