/**
 * When each demo case happens: the seed documents' workloads (Jiangxi and Quzhou 2020, Anhui 2024)
 * replayed over the year before the seeding instant, so that the history, the clocks and the ladder of
 * every case carry dates spread over that year, and a report as of a past date shows the past.
 * Pure: the same case and the same end instant give the same timeline (no Math.random, no clock).
 */
import type { DemoCase, DemoTarget } from './demo-cases.js';
import { mulberry32, seedFrom } from './prng.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** How far back the replay reaches from the seeding instant. */
export const DEMO_TIMELINE_DAYS = 365;

export type DemoActor = 'inspector' | 'supervisor' | 'lead';

/** One event the seeder sends, who sends it, and (in a timeline) when. */
export interface DemoStep {
  type: string;
  as: DemoActor;
  payload?: Record<string, unknown>;
}

export interface TimedDemoStep extends DemoStep {
  /** ISO instant, after the previous step's (or the case's reportedAt). */
  at: string;
}

export interface DemoTimeline {
  /** The documented reporting instant moved by whole weeks into the replayed year (weekday and time kept). */
  reportedAt: string;
  steps: TimedDemoStep[];
}

const EVIDENCE: DemoStep = {
  type: 'SUBMIT_EVIDENCE',
  as: 'lead',
  payload: {
    summary: '整改已完成，提交佐证材料',
    evidence: [
      { kind: 'photo', title: '整改后现场照片', ref: 'demo/photo-001.jpg' },
      { kind: 'monitoring_report', title: '第三方监测报告', ref: 'demo/report-001.pdf' },
    ],
  },
};

/** The events that take a fresh case to each demo target, and who sends them (ASSIGN's units are the seeder's). */
export function demoStepsTo(target: DemoTarget): DemoStep[] {
  const assign: DemoStep = { type: 'ASSIGN', as: 'supervisor' };
  const accept: DemoStep[] = [assign, { type: 'ACCEPT', as: 'lead' }, { type: 'REPORT_PROGRESS', as: 'lead', payload: { note: '已制定整改方案，倒排工期推进', percent: 30 } }];
  const verified: DemoStep[] = [...accept, EVIDENCE, { type: 'VERIFY_PASS', as: 'inspector', payload: { note: '现场核查，整改到位' } }];
  const closed: DemoStep[] = [...verified, { type: 'CLOSE', as: 'supervisor', payload: { note: '同意销号' } }];
  switch (target) {
    case 'reported':
      return [];
    case 'withdrawn':
      return [{ type: 'WITHDRAW', as: 'inspector', payload: { reason: '与已登记问题重复，撤销' } }];
    case 'returned':
      return [assign, { type: 'RETURN', as: 'lead', payload: { reasonCode: 'not_our_jurisdiction', reason: '该问题属地不在本单位辖区' } }];
    case 'assigned':
      return [assign];
    case 'rectifying':
      return accept;
    case 'awaitingVerification':
      return [...accept, EVIDENCE];
    case 'verified':
      return verified;
    case 'closed':
      return closed;
    case 'reboundCheck':
      return [...closed, { type: 'START_REVISIT', as: 'inspector', payload: { note: '回头看：现场复查' } }];
  }
}

/** Days from the previous event to each kind of step, before the case's own jitter and any squeeze. */
const NOMINAL_GAP_DAYS: Record<string, number> = {
  ASSIGN: 3,
  RETURN: 2,
  WITHDRAW: 4,
  ACCEPT: 2,
  REPORT_PROGRESS: 20,
  SUBMIT_EVIDENCE: 45,
  VERIFY_PASS: 7,
  CLOSE: 5,
  START_REVISIT: 40,
};

/** The local (Asia/Shanghai) 1 January 00:00 of the year of `iso`, as epoch ms. */
function shanghaiYearStart(iso: string): number {
  const year = new Date(new Date(iso).getTime() + 8 * HOUR_MS).getUTCFullYear();
  return Date.UTC(year, 0, 1) - 8 * HOUR_MS;
}

/**
 * The case's timeline ending at `end` (the seeding instant):
 * - reportedAt: the documented instant moved by whole weeks so that the documents' 1 January falls on
 *   the first week of the replayed year (batches keep their months and their order), pulled back by
 *   weeks when that would be within a day of `end`;
 * - each step after the previous one by its nominal gap (± up to 30 %, per case), the whole chain
 *   squeezed to fit before `end` when the case was reported late in the year;
 * - a closed case whose policy revisit (`revisitAfterCloseDays` after its closure, default 90) fell due
 *   before `end` had that 回头看: START_REVISIT after the due, REVISIT_PASS a few days later, so no
 *   revisit is left overdue for the first sweep to start.
 * Every instant is strictly after the previous one and at or before `end`.
 */
export function demoTimeline(c: DemoCase, end: Date, opts: { revisitAfterCloseDays?: readonly number[] } = {}): DemoTimeline {
  const endMs = end.getTime();
  const windowStart = endMs - DEMO_TIMELINE_DAYS * DAY_MS;
  const yearStart = shanghaiYearStart(c.reportedAt);
  let reported = new Date(c.reportedAt).getTime() + Math.ceil((windowStart - yearStart) / WEEK_MS) * WEEK_MS;
  while (reported > endMs - DAY_MS) reported -= WEEK_MS;

  const rand = mulberry32(seedFrom(`timeline|${c.source}|${c.externalRef}`));
  const plan = demoStepsTo(c.target);
  const gaps = plan.map((s) => (NOMINAL_GAP_DAYS[s.type] ?? 1) * DAY_MS * (0.7 + 0.6 * rand()));
  const total = gaps.reduce((a, b) => a + b, 0);
  // leave an hour before `end`; a chain that does not fit is squeezed proportionally
  const room = Math.max(0, endMs - HOUR_MS - reported);
  const scale = total > room ? room / total : 1;
  const steps: TimedDemoStep[] = [];
  let at = reported;
  plan.forEach((step, i) => {
    at = Math.max(at + 1000, Math.round(at + gaps[i]! * scale));
    steps.push({ ...step, at: new Date(Math.min(at, endMs)).toISOString() });
  });

  if (c.target === 'closed') {
    const closedAt = at;
    for (const days of [...(opts.revisitAfterCloseDays ?? [90])].sort((a, b) => a - b)) {
      const due = closedAt + Math.round(days * DAY_MS);
      const last = new Date(steps.at(-1)!.at).getTime();
      if (due >= endMs || due <= last) continue;
      const start = due + Math.max(1, Math.floor(Math.min(2 * DAY_MS, (endMs - due) / 3)));
      const pass = start + Math.max(1, Math.floor(Math.min(5 * DAY_MS, (endMs - start) / 2)));
      if (pass > endMs) continue;
      steps.push({ type: 'START_REVISIT', as: 'inspector', payload: { note: '回头看：按期现场复查' }, at: new Date(start).toISOString() });
      steps.push({ type: 'REVISIT_PASS', as: 'inspector', payload: { note: '回头看：未发现反弹' }, at: new Date(pass).toISOString() });
    }
  }
  return { reportedAt: new Date(reported).toISOString(), steps };
}
