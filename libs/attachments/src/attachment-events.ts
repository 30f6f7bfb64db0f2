import type { CaseEventType } from '@rectify/workflows';

/**
 * The events that may carry attachment ids. Who may upload to a case is who may send one of them
 * now (docs/attachments.md): the lead unit or a co-unit while rectifying (SUBMIT_EVIDENCE,
 * REPORT_PROGRESS), the inspector while verifying (VERIFY_FAIL) or at a 回头看 (REBOUND_FOUND).
 */
export const ATTACHING_EVENTS: readonly CaseEventType[] = ['SUBMIT_EVIDENCE', 'REPORT_PROGRESS', 'VERIFY_FAIL', 'REBOUND_FOUND'];
