import type { ActorRef } from '@rectify/core';
import { DEFAULT_PROCEDURE_BY_SOURCE, type Procedure } from '@rectify/workflows';
import { DEFAULT_CLOSURE_AUTHORITY, type SourceAuthority } from './closure-authority.util.js';

/** Where an escalation level goes (SPEC §4): the lead unit, the case's region, its parent, its province. */
export const ESCALATION_TARGETS = ['leadUnit', 'region', 'parentRegion', 'province'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

export interface EscalationLevelPolicy {
  level: number;
  name: string;
  /** Working days relative to the due date; 0 = the due instant itself. */
  offsetWorkingDays: number;
  target: EscalationTarget;
}

/** Everything an admin can tune, stored as versioned rows (SPEC §9: policies are never edited in place). */
export interface Policy {
  deadlines: {
    assignmentWorkingDays: number;
    acceptanceWorkingDays: number;
    rectificationWorkingDays: number;
    verificationWorkingDays: number;
    closureWorkingDays: number;
    revisitWorkingDays: number;
  };
  escalation: { ladder: EscalationLevelPolicy[] };
  revisit: {
    afterCloseDays: number[];
    /** Per-source overrides of `afterCloseDays`. */
    bySource: Record<string, number[]>;
  };
  extension: { maxDays: number; maxCount: number };
  assignment: { maxReturns: number };
  /** Who may close (销号) and pass verification, per source (docs/deadlines.md, "Closure authority"). */
  closure: { bySource: Record<string, SourceAuthority> };
  /** The supervisor's clock on a pending extension request (docs/deadlines.md, "Whose lateness"). */
  extensionDecision: ExtensionDecisionPolicy;
  /** The procedure (workflow definition) a new case starts on, per source (docs/procedures.md). */
  procedures: { bySource: Record<string, Procedure> };
}

export interface ExtensionDecisionPolicy {
  /** Working days the supervisor has to approve or reject a request, from the day it is filed. */
  workingDays: number;
  /** While a request awaits the decision, the unit's rectification clock climbs no higher than this level (1 = 催办). */
  holdUnitAtLevel: number;
  /** The decision clock's own ladder, toward the supervisor's superiors. */
  ladder: EscalationLevelPolicy[];
}

export const DEFAULT_EXTENSION_DECISION: ExtensionDecisionPolicy = {
  workingDays: 3,
  holdUnitAtLevel: 1,
  ladder: [
    { level: 0, name: '预警 warning', offsetWorkingDays: -1, target: 'region' },
    { level: 1, name: '催办 urge', offsetWorkingDays: 0, target: 'parentRegion' },
    { level: 2, name: '督办 supervise', offsetWorkingDays: 5, target: 'province' },
  ],
};

export const DEFAULT_POLICY: Policy = {
  deadlines: {
    assignmentWorkingDays: 3,
    acceptanceWorkingDays: 2,
    rectificationWorkingDays: 60,
    verificationWorkingDays: 10,
    closureWorkingDays: 5,
    revisitWorkingDays: 10,
  },
  escalation: {
    ladder: [
      { level: 0, name: '预警 warning', offsetWorkingDays: -2, target: 'leadUnit' },
      { level: 1, name: '催办 urge', offsetWorkingDays: 0, target: 'region' },
      { level: 2, name: '督办 supervise', offsetWorkingDays: 5, target: 'parentRegion' },
      { level: 3, name: '挂牌督办 listed', offsetWorkingDays: 15, target: 'province' },
    ],
  },
  revisit: { afterCloseDays: [90, 365], bySource: {} },
  extension: { maxDays: 30, maxCount: 2 },
  assignment: { maxReturns: 2 },
  closure: { bySource: DEFAULT_CLOSURE_AUTHORITY },
  procedures: { bySource: DEFAULT_PROCEDURE_BY_SOURCE },
  extensionDecision: DEFAULT_EXTENSION_DECISION,
};

export interface VersionedPolicy {
  version: number;
  policy: Policy;
  createdAt: string | null;
  /** Who saved the version (the history's actor shape); null for the built-in defaults. */
  createdBy: ActorRef | null;
}

/** The parts of a policy, each of which says where it comes from in `GET /policies`. */
export const POLICY_SECTIONS = ['deadlines', 'escalation', 'revisit', 'extension', 'assignment', 'closure'] as const;
export type PolicySection = (typeof POLICY_SECTIONS)[number];

/** Where a value of the effective policy comes from: a region's version (null region + version 0: the built-in defaults). */
export interface PolicySource {
  regionCode: string | null;
  version: number;
}

/** The policy in force for a region: the nearest region up the tree (itself included) with a policy of its own. */
export interface EffectivePolicy extends VersionedPolicy {
  /** The region asked about (null = national). */
  requestedRegionCode: string | null;
  /** Whose version is in force (null = national). */
  regionCode: string | null;
  /** True when it comes from a region above the one asked about. */
  inherited: boolean;
  sources: Record<PolicySection, PolicySource>;
}

/** A policy as an admin sends it: per-source revisit schedules and the closure section may be left out (defaults apply). */
export type PolicyInput = Omit<Policy, 'revisit' | 'closure' | 'extensionDecision' | 'procedures'> & {
  revisit: Omit<Policy['revisit'], 'bySource'> & { bySource?: Policy['revisit']['bySource'] };
  closure?: Policy['closure'];
  extensionDecision?: Policy['extensionDecision'];
  procedures?: Policy['procedures'];
};
