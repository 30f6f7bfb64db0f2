import { caseDefinition, DEFAULT_PROCEDURE_BY_SOURCE, PROCEDURES, SOURCES } from '@rectify/workflows';
import { AUTHORITY_LEVELS, DEFAULT_CLOSURE_AUTHORITY } from './closure-authority.util.js';
import { DEFAULT_EXTENSION_DECISION, type Policy, type PolicyInput } from './policy.js';
import { MAX_REVISIT_AFTER_CLOSE_DAYS, MAX_REVISITS } from './policy-limits.js';

const isStrictlyAscending = (values: readonly number[]) => values.every((v, i) => i === 0 || v > values[i - 1]!);

function afterCloseDaysProblems(path: string, days: unknown, allowEmpty = false): string[] {
  // A per-source `[]` switches the automatic schedule off for that source (docs/revisits.md).
  if (allowEmpty && Array.isArray(days) && days.length === 0) return [];
  if (!Array.isArray(days) || days.length === 0 || days.length > MAX_REVISITS) {
    return [`${path} must list ${allowEmpty ? 0 : 1} to ${MAX_REVISITS} numbers of days`];
  }
  if (!days.every((d) => Number.isInteger(d) && d >= 1 && d <= MAX_REVISIT_AFTER_CLOSE_DAYS)) {
    return [`${path} must hold whole numbers of days from 1 to ${MAX_REVISIT_AFTER_CLOSE_DAYS}`];
  }
  return isStrictlyAscending(days) ? [] : [`${path} must be strictly ascending`];
}

/**
 * The rules a policy must keep as a whole, beyond each field's own shape (checked by the DTO):
 * the ladder is levels 0..n in order with strictly rising offsets, so thresholds never go back in
 * time; revisit schedules rise; per-source schedules name real sources. Returns what is wrong.
 */
function ladderProblems(path: string, ladder: PolicyInput['escalation']['ladder']): string[] {
  const problems: string[] = [];
  ladder.forEach((step, i) => {
    if (step.level !== i) problems.push(`${path}[${i}].level must be ${i}: levels run 0, 1, 2 … in order`);
    if (i > 0 && step.offsetWorkingDays <= ladder[i - 1]!.offsetWorkingDays) {
      problems.push(`${path}[${i}].offsetWorkingDays must be greater than level ${i - 1}'s (${ladder[i - 1]!.offsetWorkingDays})`);
    }
  });
  return problems;
}

export function policyProblems(policy: PolicyInput): string[] {
  const problems: string[] = [...ladderProblems('escalation.ladder', policy.escalation.ladder)];
  if (policy.extensionDecision) problems.push(...ladderProblems('extensionDecision.ladder', policy.extensionDecision.ladder));
  problems.push(...afterCloseDaysProblems('revisit.afterCloseDays', policy.revisit.afterCloseDays));
  problems.push(
    ...bySourceProblems('revisit.bySource', policy.revisit.bySource ?? {}, 'days', (path, days) => afterCloseDaysProblems(path, days, true)),
    ...(policy.closure === undefined ? [] : bySourceProblems('closure.bySource', (policy.closure as { bySource?: unknown } | null)?.bySource, '{close?, verify?}', closureRuleProblems)),
    ...(policy.procedures === undefined ? [] : bySourceProblems('procedures.bySource', (policy.procedures as { bySource?: unknown } | null)?.bySource, 'procedure', procedureProblems)),
  );
  return problems;
}

/**
 * A policy section keyed by source (`revisit`, `closure`, `procedures`): an object whose keys are real
 * sources, each value checked by `valueProblems` at its path (`<path>.<source>`).
 */
function bySourceProblems(path: string, bySource: unknown, valueShape: string, valueProblems: (path: string, value: unknown) => string[]): string[] {
  if (typeof bySource !== 'object' || bySource === null || Array.isArray(bySource)) return [`${path} must be an object of source → ${valueShape}`];
  return Object.entries(bySource).flatMap(([source, value]) =>
    (SOURCES as readonly string[]).includes(source) ? valueProblems(`${path}.${source}`, value) : [`${path}: "${source}" is not a source (one of ${SOURCES.join(', ')})`],
  );
}

function procedureProblems(path: string, procedure: unknown): string[] {
  if (!(PROCEDURES as readonly unknown[]).includes(procedure)) return [`${path} must be one of ${PROCEDURES.join(', ')}`];
  return caseDefinition(procedure as string)?.reserved ? [`${path}: ${String(procedure)} is reserved, not yet startable`] : [];
}

function closureRuleProblems(path: string, rule: unknown): string[] {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return [`${path} must be an object {close?, verify?}`];
  return Object.entries(rule).flatMap(([key, level]) => {
    if (key !== 'close' && key !== 'verify') return [`${path}.${key} is not a setting (close, verify)`];
    return (AUTHORITY_LEVELS as readonly unknown[]).includes(level) ? [] : [`${path}.${key} must be one of ${AUTHORITY_LEVELS.join(', ')}`];
  });
}

/** A plain, complete policy object from validated input (class instances and extra keys dropped). */
export function normalizePolicy(input: PolicyInput): Policy {
  return {
    deadlines: {
      assignmentWorkingDays: input.deadlines.assignmentWorkingDays,
      acceptanceWorkingDays: input.deadlines.acceptanceWorkingDays,
      rectificationWorkingDays: input.deadlines.rectificationWorkingDays,
      verificationWorkingDays: input.deadlines.verificationWorkingDays,
      closureWorkingDays: input.deadlines.closureWorkingDays,
      revisitWorkingDays: input.deadlines.revisitWorkingDays,
    },
    escalation: {
      ladder: input.escalation.ladder.map((l) => ({ level: l.level, name: l.name, offsetWorkingDays: l.offsetWorkingDays, target: l.target })),
    },
    revisit: {
      afterCloseDays: [...input.revisit.afterCloseDays],
      bySource: Object.fromEntries(Object.entries(input.revisit.bySource ?? {}).map(([k, v]) => [k, [...v]])),
    },
    extension: { maxDays: input.extension.maxDays, maxCount: input.extension.maxCount },
    assignment: { maxReturns: input.assignment.maxReturns },
    closure: {
      bySource: input.closure
        ? Object.fromEntries(Object.entries(input.closure.bySource).map(([k, v]) => [k, { ...(v.close ? { close: v.close } : {}), ...(v.verify ? { verify: v.verify } : {}) }]))
        : DEFAULT_CLOSURE_AUTHORITY,
    },
    extensionDecision: input.extensionDecision
      ? {
          workingDays: input.extensionDecision.workingDays,
          holdUnitAtLevel: input.extensionDecision.holdUnitAtLevel,
          ladder: input.extensionDecision.ladder.map((l) => ({ level: l.level, name: l.name, offsetWorkingDays: l.offsetWorkingDays, target: l.target })),
        }
      : DEFAULT_EXTENSION_DECISION,
    // A source left out starts on its default procedure.
    procedures: { bySource: { ...DEFAULT_PROCEDURE_BY_SOURCE, ...(input.procedures?.bySource ?? {}) } },
  };
}
