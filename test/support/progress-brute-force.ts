import { CalendarService } from '@rectify/calendar';
import { PolicyService } from '@rectify/policies';
import type { TestApp } from './test-app.js';

export type HistoryEvent = { seq: number; type: string; at: string; from: string | null; to: string; payload: Record<string, unknown> };
export type ProgressGroup = {
  key: string;
  total: number;
  byState: Record<string, number>;
  closed: number;
  dueThisMonth: number;
  overdue: number;
  extended: number;
  returned: number;
  rebounds: number;
  escalatedByLevel: Record<string, number>;
};

/** GET /reports/progress as `auth`; throws on anything but 200. */
export async function progressReport(t: TestApp, query: string, auth: { Authorization: string }) {
  const res = await t.http.get(`/api/v1/reports/progress?${query}`).set(auth);
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { asOf: string; groups: ProgressGroup[]; total: ProgressGroup };
}

/** Every case the caller sees, page by page (`pageSize` ≤ 100). */
export async function allCases(t: TestApp, auth: { Authorization: string }): Promise<Array<{ id: string; regionCode: string }>> {
  const out: Array<{ id: string; regionCode: string }> = [];
  for (let page = 1; ; page++) {
    const res = await t.http.get(`/api/v1/cases?pageSize=100&page=${page}`).set(auth);
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    out.push(...(res.body.items as Array<{ id: string; regionCode: string }>));
    if (out.length >= res.body.total || res.body.items.length === 0) return out;
  }
}

/**
 * The progress report recomputed by brute force from every case's history, as the API serves it
 * (docs/ledger.md): every figure but the escalation levels (those come from the sweeps, not history).
 */
export async function bruteForceProgress(
  t: TestApp,
  asOfIso: string,
  groupBy: 'unit' | 'region',
  auth: { Authorization: string },
  histories?: Map<string, HistoryEvent[]>,
): Promise<Map<string, ProgressGroup>> {
  const calendar = await t.app.get(CalendarService).get();
  const policy = await t.app.get(PolicyService).policy();
  const groups = new Map<string, ProgressGroup>();
  const month = calendar.localDateOf(new Date(asOfIso)).slice(0, 7);
  for (const c of await allCases(t, auth)) {
    let history = histories?.get(c.id);
    if (!history) {
      history = (await t.http.get(`/api/v1/cases/${c.id}/history?pageSize=1000`).set(auth)).body.items as HistoryEvent[];
      histories?.set(c.id, history);
    }
    const events = history.filter((e) => e.at <= asOfIso);
    if (events.length === 0) continue;
    const last = events.at(-1)!;
    const assign = events.filter((e) => e.type === 'ASSIGN').at(-1);
    const dueEvent = events.filter((e) => ['ASSIGN', 'REBOUND_FOUND', 'APPROVE_EXTENSION'].includes(e.type)).at(-1);
    const due = (dueEvent?.type === 'APPROVE_EXTENSION' ? dueEvent.payload.newDueAt : dueEvent?.payload.rectificationDueAt) as string | undefined;
    // the clock running at asOf: started by the last event that entered a state (or re-ASSIGNed)
    const entered = events.filter((e) => e.from !== e.to || e.type === 'ASSIGN' || e.type === 'APPROVE_EXTENSION').at(-1)!;
    const days: Record<string, number> = {
      reported: policy.deadlines.assignmentWorkingDays,
      assigned: policy.deadlines.acceptanceWorkingDays,
      'rectifying.awaitingVerification': policy.deadlines.verificationWorkingDays,
      verified: policy.deadlines.closureWorkingDays,
      reboundCheck: policy.deadlines.revisitWorkingDays,
    };
    let clockDue: string | null = null;
    if (last.to === 'rectifying.inProgress') clockDue = due ?? null;
    else if (days[last.to] !== undefined) {
      const start = last.to === 'reported' && entered.type === 'CREATED' ? String(entered.payload.reportedAt) : entered.at;
      clockDue = calendar.endOfWorkingDaysAfter(new Date(start), days[last.to]!).toISOString();
    }
    const key = groupBy === 'unit' ? String(assign?.payload.leadUnitId ?? '') : c.regionCode;
    const g = groups.get(key) ?? { key, total: 0, byState: {}, closed: 0, dueThisMonth: 0, overdue: 0, extended: 0, returned: 0, rebounds: 0, escalatedByLevel: {} };
    groups.set(key, g);
    g.total += 1;
    g.byState[last.to] = (g.byState[last.to] ?? 0) + 1;
    if (last.to === 'closed' || last.to === 'reboundCheck') g.closed += 1;
    if (['assigned', 'rectifying.inProgress'].includes(last.to) && due && calendar.localDateOf(new Date(due)).slice(0, 7) === month) g.dueThisMonth += 1;
    if (clockDue && clockDue < asOfIso) g.overdue += 1;
    if (events.some((e) => e.type === 'APPROVE_EXTENSION')) g.extended += 1;
    if (events.some((e) => e.type === 'RETURN')) g.returned += 1;
    g.rebounds += events.filter((e) => e.type === 'REBOUND_FOUND').length;
  }
  return groups;
}

/** A group's figures that the brute force recomputes (zero states left out). */
export const comparableGroup = (g: ProgressGroup) => ({
  key: g.key,
  total: g.total,
  byState: Object.fromEntries(Object.entries(g.byState).filter(([, n]) => n > 0)),
  closed: g.closed,
  dueThisMonth: g.dueThisMonth,
  overdue: g.overdue,
  extended: g.extended,
  returned: g.returned,
  rebounds: g.rebounds,
});
