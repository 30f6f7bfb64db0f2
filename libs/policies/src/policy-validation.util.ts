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
  const bySource: unknown = policy.revisit.bySource ?? {};
  if (typeof bySource !== 'object' || bySource === null || Array.isArray(bySource)) return [...problems, 'revisit.bySource must be an object of source → days'];
  for (const [source, days] of Object.entries(bySource)) {
    if (!(SOURCES as readonly string[]).includes(source)) {
      problems.push(`revisit.bySource: "${source}" is not a source (one of ${SOURCES.join(', ')})`);
      continue;
    }
    problems.push(...afterCloseDaysProblems(`revisit.bySource.${source}`, days, true));
  }
  return [...problems, ...closureProblems(policy.closure), ...procedureProblems(policy.procedures)];
}

function procedureProblems(procedures: unknown): string[] {
  if (procedures === undefined) return [];
  const bySource = (procedures as { bySource?: unknown } | null)?.bySource;
  if (typeof bySource !== 'object' || bySource === null || Array.isArray(bySource)) return ['procedures.bySource must be an object of source → procedure'];
  const problems: string[] = [];
  for (const [source, procedure] of Object.entries(bySource)) {
    if (!(SOURCES as readonly string[]).includes(source)) problems.push(`procedures.bySource: "${source}" is not a source (one of ${SOURCES.join(', ')})`);
    else if (!(PROCEDURES as readonly unknown[]).includes(procedure)) problems.push(`procedures.bySource.${source} must be one of ${PROCEDURES.join(', ')}`);
    else if (caseDefinition(procedure as string)?.reserved) problems.push(`procedures.bySource.${source}: ${String(procedure)} is reserved, not yet startable`);
  }
  return problems;
}

function closureProblems(closure: unknown): string[] {
  if (closure === undefined) return [];
  const bySource = (closure as { bySource?: unknown } | null)?.bySource;
  if (typeof bySource !== 'object' || bySource === null || Array.isArray(bySource)) return ['closure.bySource must be an object of source → {close?, verify?}'];
  const problems: string[] = [];
  for (const [source, rule] of Object.entries(bySource)) {
    if (!(SOURCES as readonly string[]).includes(source)) {
      problems.push(`closure.bySource: "${source}" is not a source (one of ${SOURCES.join(', ')})`);
      continue;
    }
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      problems.push(`closure.bySource.${source} must be an object {close?, verify?}`);
      continue;
    }
    for (const [key, level] of Object.entries(rule)) {
      if (key !== 'close' && key !== 'verify') problems.push(`closure.bySource.${source}.${key} is not a setting (close, verify)`);
      else if (!(AUTHORITY_LEVELS as readonly unknown[]).includes(level)) problems.push(`closure.bySource.${source}.${key} must be one of ${AUTHORITY_LEVELS.join(', ')}`);
    }
  }
  return problems;
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
