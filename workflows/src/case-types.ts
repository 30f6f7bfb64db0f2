/** Roles of SPEC §1; the values are what the database stores. */
export enum Role {
  Inspector = 'inspector',
  Bureau = 'bureau',
  Supervisor = 'supervisor',
  Admin = 'admin',
}

export const ROLES = Object.values(Role);

export const SOURCES = [
  'central_inspection',
  'central_inspection_revisit',
  'provincial_inspection',
  'warning_film',
  'audit',
  'petition',
  'routine',
] as const;
export type Source = (typeof SOURCES)[number];

export const CATEGORIES = ['air', 'water', 'soil', 'solid_waste', 'ecology', 'radiation', 'noise', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['normal', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RETURN_REASON_CODES = ['not_our_jurisdiction', 'duplicate', 'insufficient_information', 'other'] as const;
export type ReturnReasonCode = (typeof RETURN_REASON_CODES)[number];

export const EVIDENCE_KINDS = ['photo', 'document', 'monitoring_report', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Names of the per-state clocks of SPEC §4. */
export enum ClockName {
  Assignment = 'assignment',
  Acceptance = 'acceptance',
  Rectification = 'rectification',
  Verification = 'verification',
  Closure = 'closure',
  Revisit = 'revisit',
  /** Runs beside the rectification clock while an extension request (延期) awaits the supervisor's decision. */
  ExtensionDecision = 'extensionDecision',
}

/** Whose move a clock waits for, so whose lateness it is (docs/deadlines.md, "Whose lateness"). */
export const CLOCK_OWNERS = ['unit', 'inspector', 'supervisor'] as const;
export type ClockOwner = (typeof CLOCK_OWNERS)[number];

/** The party each clock belongs to: the unit accepts and rectifies, the inspector verifies and revisits, the supervisor assigns, closes and decides extensions. */
export const CLOCK_OWNER_OF: Record<ClockName, ClockOwner> = {
  [ClockName.Assignment]: 'supervisor',
  [ClockName.Acceptance]: 'unit',
  [ClockName.Rectification]: 'unit',
  [ClockName.Verification]: 'inspector',
  [ClockName.Closure]: 'supervisor',
  [ClockName.Revisit]: 'inspector',
  [ClockName.ExtensionDecision]: 'supervisor',
};

/** The clocks a party owns. */
export const clocksOwnedBy = (owner: ClockOwner): ClockName[] => (Object.keys(CLOCK_OWNER_OF) as ClockName[]).filter((name) => CLOCK_OWNER_OF[name] === owner);

export interface PendingExtension {
  requestedDueAt: string;
  reason: string;
  requestedAt: string;
}

/** What the machine remembers; everything else about a case lives in its columns. */
export interface CaseContext {
  returnCount: number;
  reboundCount: number;
  rectificationDueAt: string | null;
  originalDueAt: string | null;
  pendingExtension: PendingExtension | null;
  extensionsApproved: number;
}

/** Limits from the policy in force, attached by the engine to every event. */
export interface CaseLimits {
  maxReturns: number;
  maxExtensions: number;
}

/** Attached by the engine: when the event happens and the policy limits in force. */
export interface EventEnvelope {
  at: string;
  limits: CaseLimits;
}

export type CaseEvent = EventEnvelope &
  (
    | { type: 'ASSIGN'; leadUnitId: string; coUnitIds?: string[]; responsiblePerson?: string; leader?: string; rectificationDueAt: string }
    | { type: 'ACCEPT' }
    | { type: 'RETURN'; reasonCode?: ReturnReasonCode; reason: string }
    | { type: 'REPORT_PROGRESS'; note: string; percent?: number }
    | { type: 'REQUEST_EXTENSION'; requestedDueAt: string; reason: string }
    | { type: 'APPROVE_EXTENSION'; note?: string }
    | { type: 'REJECT_EXTENSION'; reason: string }
    | { type: 'SUBMIT_EVIDENCE'; summary: string; evidence: Array<{ kind: EvidenceKind; title: string; ref: string }> }
    | { type: 'VERIFY_PASS'; note?: string }
    | { type: 'VERIFY_FAIL'; reason: string }
    | { type: 'CLOSE'; note?: string }
    | { type: 'START_REVISIT'; note?: string }
    | { type: 'REVISIT_PASS'; note?: string }
    | { type: 'REBOUND_FOUND'; findings: string; rectificationDueAt: string }
    | { type: 'WITHDRAW'; reason: string }
    | { type: 'EDIT'; reason: string }
    | { type: 'ADJUST_UNITS'; reason: string; rectificationDueAt?: string }
  );

export type CaseEventType = CaseEvent['type'];

export const CASE_EVENT_TYPES: readonly CaseEventType[] = [
  'ASSIGN',
  'ACCEPT',
  'RETURN',
  'REPORT_PROGRESS',
  'REQUEST_EXTENSION',
  'APPROVE_EXTENSION',
  'REJECT_EXTENSION',
  'SUBMIT_EVIDENCE',
  'VERIFY_PASS',
  'VERIFY_FAIL',
  'CLOSE',
  'START_REVISIT',
  'REVISIT_PASS',
  'REBOUND_FOUND',
  'WITHDRAW',
  'EDIT',
  'ADJUST_UNITS',
];

/** Who may send an event: roles, and for bureau users how their unit must relate to the case. */
export interface EventPermission {
  roles: Role[];
  /** Bureau users only: `lead` = the case's lead unit; `leadOrCo` = the lead or a co-unit. */
  unit?: 'lead' | 'leadOrCo';
  /** Whether the system itself (the sweep) sends it. */
  system?: boolean;
}
