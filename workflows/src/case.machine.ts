import { and, assign, setup } from 'xstate';
import { caseGuards } from './case-guards.js';
import { ClockName, Role, type CaseContext, type CaseEvent, type EventPermission } from './case-types.js';

/** Bumped whenever states, context or guards change in a way persisted snapshots must know about. */
export const CASE_MACHINE_VERSION = 1;

const { Inspector, Bureau, Supervisor } = Role;

/** Who may send each event (the transitions' `meta.permission` below point here). */
export const EVENT_PERMISSIONS = {
  ASSIGN: { roles: [Supervisor, Inspector] },
  ACCEPT: { roles: [Bureau], unit: 'lead' },
  RETURN: { roles: [Bureau], unit: 'lead' },
  REPORT_PROGRESS: { roles: [Bureau], unit: 'leadOrCo' },
  REQUEST_EXTENSION: { roles: [Bureau], unit: 'lead' },
  APPROVE_EXTENSION: { roles: [Supervisor] },
  REJECT_EXTENSION: { roles: [Supervisor] },
  SUBMIT_EVIDENCE: { roles: [Bureau], unit: 'lead' },
  VERIFY_PASS: { roles: [Inspector] },
  VERIFY_FAIL: { roles: [Inspector] },
  CLOSE: { roles: [Supervisor] },
  START_REVISIT: { roles: [Inspector], system: true },
  REVISIT_PASS: { roles: [Inspector] },
  REBOUND_FOUND: { roles: [Inspector] },
  WITHDRAW: { roles: [Supervisor, Inspector] },
  EDIT: { roles: [Supervisor, Inspector] },
  ADJUST_UNITS: { roles: [Supervisor] },
} as const satisfies Record<CaseEvent['type'], EventPermission>;

const perm = (type: keyof typeof EVENT_PERMISSIONS) => ({ permission: EVENT_PERMISSIONS[type] });

/** A correction of the case's facts (docs/corrections.md): taken in every state but `withdrawn`, changes no state. */
const EDIT = { EDIT: { meta: perm('EDIT') } } as const;

const caseSetup = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
  },
  guards: caseGuards,
  actions: {
    recordAssignment: assign(({ event }) =>
      event.type === 'ASSIGN'
        ? { rectificationDueAt: event.rectificationDueAt, originalDueAt: event.rectificationDueAt, pendingExtension: null, extensionsApproved: 0 }
        : {},
    ),
    countReturn: assign(({ context }) => ({ returnCount: context.returnCount + 1 })),
    recordExtensionRequest: assign(({ event }) =>
      event.type === 'REQUEST_EXTENSION'
        ? { pendingExtension: { requestedDueAt: event.requestedDueAt, reason: event.reason, requestedAt: event.at } }
        : {},
    ),
    applyExtension: assign(({ context }) => ({
      rectificationDueAt: context.pendingExtension?.requestedDueAt ?? context.rectificationDueAt,
      pendingExtension: null,
      extensionsApproved: context.extensionsApproved + 1,
    })),
    clearExtension: assign({ pendingExtension: null }),
    // 动态调整: a new due only when one is given; the original due stays what it was.
    adjustDue: assign(({ context, event }) =>
      event.type === 'ADJUST_UNITS' && event.rectificationDueAt ? { rectificationDueAt: event.rectificationDueAt } : { rectificationDueAt: context.rectificationDueAt },
    ),
    clearDue: assign({ rectificationDueAt: null, originalDueAt: null, pendingExtension: null, extensionsApproved: 0 }),
    recordRebound: assign(({ context, event }) =>
      event.type === 'REBOUND_FOUND'
        ? {
            reboundCount: context.reboundCount + 1,
            rectificationDueAt: event.rectificationDueAt,
            originalDueAt: event.rectificationDueAt,
            pendingExtension: null,
            extensionsApproved: 0,
          }
        : {},
    ),
  },
});

/**
 * The states and events every procedure shares (the machine of SPEC §3). A definition of the family
 * (case-definitions.ts) is this core plus its configuration; it is never copied.
 */
export const CORE_CASE_STATES = {
  reported: {
    description: 'Logged by an inspector; waiting to be handed to a responsible unit (交办)',
    meta: { clock: ClockName.Assignment },
    on: {
      ASSIGN: { target: 'assigned', actions: 'recordAssignment', meta: perm('ASSIGN') },
      WITHDRAW: { target: 'withdrawn', meta: perm('WITHDRAW') },
      ...EDIT,
    },
  },
  assigned: {
    description: 'Handed to the lead unit; waiting for it to accept (签收) or return (退回)',
    meta: { clock: ClockName.Acceptance },
    on: {
      ASSIGN: { target: 'assigned', reenter: true, actions: 'recordAssignment', meta: perm('ASSIGN') },
      ACCEPT: { target: 'rectifying', meta: perm('ACCEPT') },
      // A returned case waits for a new assignment with a new due: the old one no longer applies.
      RETURN: { target: 'reported', guard: 'withinReturnLimit', actions: ['countReturn', 'clearDue'], meta: perm('RETURN') },
      WITHDRAW: { target: 'withdrawn', meta: perm('WITHDRAW') },
      ...EDIT,
    },
  },
  rectifying: {
    initial: 'inProgress',
    on: {
      ...EDIT,
      ADJUST_UNITS: { actions: 'adjustDue', meta: perm('ADJUST_UNITS') },
      APPROVE_EXTENSION: { guard: 'hasPendingExtension', actions: 'applyExtension', meta: perm('APPROVE_EXTENSION') },
      REJECT_EXTENSION: { guard: 'hasPendingExtension', actions: 'clearExtension', meta: perm('REJECT_EXTENSION') },
    },
    states: {
      inProgress: {
        description: 'The lead unit rectifies (整改) before the due date',
        meta: { clock: ClockName.Rectification },
        on: {
          REPORT_PROGRESS: { meta: perm('REPORT_PROGRESS') },
          REQUEST_EXTENSION: {
            guard: and(['noPendingExtension', 'extensionsLeft', 'beforeDue']),
            actions: 'recordExtensionRequest',
            meta: perm('REQUEST_EXTENSION'),
          },
          SUBMIT_EVIDENCE: { target: 'awaitingVerification', meta: perm('SUBMIT_EVIDENCE') },
        },
      },
      awaitingVerification: {
        description: 'Evidence submitted; waiting for an inspector to verify (验收)',
        meta: { clock: ClockName.Verification },
        on: {
          // An extension request nobody decided cannot outlive rectification.
          VERIFY_PASS: { target: '#case.verified', actions: 'clearExtension', meta: perm('VERIFY_PASS') },
          VERIFY_FAIL: { target: 'inProgress', meta: perm('VERIFY_FAIL') },
        },
      },
    },
  },
  verified: {
    description: 'Verified; waiting for a supervisor to close it (销号)',
    meta: { clock: ClockName.Closure },
    on: { CLOSE: { target: 'closed', meta: perm('CLOSE') }, ...EDIT },
  },
  closed: {
    description: 'Closed (销号); revisits (回头看) are scheduled',
    on: { START_REVISIT: { target: 'reboundCheck', meta: perm('START_REVISIT') }, ...EDIT },
  },
  reboundCheck: {
    description: 'A revisit checks that the problem has not come back (严防反弹)',
    meta: { clock: ClockName.Revisit },
    on: {
      REVISIT_PASS: { target: 'closed', meta: perm('REVISIT_PASS') },
      REBOUND_FOUND: { target: 'rectifying.inProgress', actions: 'recordRebound', meta: perm('REBOUND_FOUND') },
      ...EDIT,
    },
  },
  withdrawn: { type: 'final', description: 'Withdrawn (撤销): logged in error or duplicated' },
} as const;

export type CaseStatesConfig = typeof CORE_CASE_STATES;

/**
 * Builds one machine of the family from the shared setup (guards, actions) and a states config:
 * the core, or the core as a definition's configuration extends it. All share the core's TypeScript
 * type — what a state value may be is checked at run time against the definition's own state nodes.
 */
export function buildCaseMachine(states: CaseStatesConfig = CORE_CASE_STATES) {
  return caseSetup.createMachine({
    id: 'case',
    initial: 'reported',
    context: {
      returnCount: 0,
      reboundCount: 0,
      rectificationDueAt: null,
      originalDueAt: null,
      pendingExtension: null,
      extensionsApproved: 0,
    },
    states,
  });
}

/** The `standard` machine, version 1: the core as it is. */
export const caseMachine = buildCaseMachine();

export type CaseMachine = typeof caseMachine;
