import type { Policy } from './policy.js';

/** Region levels from the top; an official's authority reaches as high as their region's level. */
export const AUTHORITY_LEVELS = ['nation', 'province', 'city', 'county'] as const;
export type AuthorityLevel = (typeof AUTHORITY_LEVELS)[number];

/** The events whose sender must sit high enough in the region tree (docs/deadlines.md, "Closure authority"). */
export const AUTHORITY_EVENTS = ['CLOSE', 'VERIFY_PASS'] as const;
export type AuthorityEvent = (typeof AUTHORITY_EVENTS)[number];

export interface SourceAuthority {
  /** Lowest region level whose supervisors may close (销号). Absent: any supervisor who can see the case. */
  close?: AuthorityLevel;
  /** Lowest region level whose inspectors may pass verification (验收). Absent: any inspector who can see the case. */
  verify?: AuthorityLevel;
}

/**
 * The practice of the seed documents: problems fed back by the central inspection (and its 回头看) and
 * the Yangtze warning films are closed by the province (省整改办 审核销号), verified at city level or
 * above; provincial inspection, audit, petition and routine problems are closed where they are handled.
 */
export const DEFAULT_CLOSURE_AUTHORITY: Record<string, SourceAuthority> = {
  central_inspection: { close: 'province', verify: 'city' },
  central_inspection_revisit: { close: 'province', verify: 'city' },
  warning_film: { close: 'province', verify: 'city' },
};

/** The level required to send `event` on a case of `source`, or null when any level may. */
export function requiredAuthority(policy: Policy, source: string, event: string): AuthorityLevel | null {
  const rule = (policy.closure?.bySource ?? DEFAULT_CLOSURE_AUTHORITY)[source];
  if (event === 'CLOSE') return rule?.close ?? null;
  if (event === 'VERIFY_PASS') return rule?.verify ?? null;
  return null;
}

/** True when an official of `level` is at or above `required` (a province official may close what a city's may). */
export function authoritySuffices(level: string | undefined, required: AuthorityLevel | null): boolean {
  if (required === null) return true;
  const have = AUTHORITY_LEVELS.indexOf(level as AuthorityLevel);
  return have >= 0 && have <= AUTHORITY_LEVELS.indexOf(required);
}
