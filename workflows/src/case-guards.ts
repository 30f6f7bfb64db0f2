import type { CaseContext, CaseEvent } from './case-types.js';

/** Pure guards, each named in the machine; the engine maps a failing one to its error code. */
export const caseGuards = {
  withinReturnLimit: ({ context, event }: { context: CaseContext; event: CaseEvent }) =>
    context.returnCount < event.limits.maxReturns,
  noPendingExtension: ({ context }: { context: CaseContext }) => context.pendingExtension === null,
  hasPendingExtension: ({ context }: { context: CaseContext }) => context.pendingExtension !== null,
  beforeDue: ({ context, event }: { context: CaseContext; event: CaseEvent }) =>
    context.rectificationDueAt !== null && Date.parse(event.at) < Date.parse(context.rectificationDueAt),
  extensionsLeft: ({ context, event }: { context: CaseContext; event: CaseEvent }) =>
    context.extensionsApproved < event.limits.maxExtensions,
};

export type CaseGuardName = keyof typeof caseGuards;

/** Why a guard refused, in the API's terms (SPEC §7). */
export const GUARD_REFUSALS: Record<CaseGuardName, { code: string; message: string }> = {
  withinReturnLimit: { code: 'RETURN_LIMIT', message: 'This case has been returned the maximum number of times' },
  noPendingExtension: { code: 'INVALID_TRANSITION', message: 'An extension request is already pending' },
  hasPendingExtension: { code: 'INVALID_TRANSITION', message: 'There is no pending extension request' },
  beforeDue: { code: 'EXTENSION_TOO_LATE', message: 'An extension must be requested before the rectification due date' },
  extensionsLeft: { code: 'EXTENSION_LIMIT', message: 'The maximum number of approved extensions has been reached' },
};
