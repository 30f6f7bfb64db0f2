import { expect } from '@jest/globals';
import type { TestApp } from '../support/test-app.js';
import { createCase, sendOk } from '../support/case-factory.js';

/** POST /admin/sweep as admin; returns the report. */
export async function sweep(t: TestApp): Promise<{ at: string; escalations: { clocks: number; fired: number; batches: number }; [k: string]: unknown }> {
  const res = await t.http.post('/api/v1/admin/sweep').set(await t.auth('admin'));
  if (res.status !== 200) throw new Error(`sweep: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface InboxItem {
  id: string;
  caseId: string;
  caseCode: string;
  /** The case's clock shape (CaseClockView). */
  clock: { name: string; label: string; owner: string; ownerLabel: string; startedAt: string; dueAt: string; status: string; statusLabel: string; workingDaysLeft: number; provisional: boolean };
  level: number;
  name: string;
  targetRegionCode: string;
  targetUnitId: string | null;
  dueAt: string;
  thresholdAt: string;
  firedAt: string;
  status: 'open' | 'acknowledged' | 'resolved';
  acknowledgedBy: { id: string; username: string; role: string | null; unitId: string | null } | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

/** GET /escalations as `as` with a query; asserts 200. */
export async function inbox(t: TestApp, as: string, query: Record<string, string | number> = {}) {
  const res = await t.http.get('/api/v1/escalations').query({ pageSize: 100, ...query }).set(await t.auth(as));
  if (res.status !== 200) throw new Error(`inbox as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { items: InboxItem[]; total: number; page: number; pageSize: number };
}

export async function getCase(t: TestApp, id: string, as = 'admin') {
  const res = await t.http.get(`/api/v1/cases/${id}`).set(await t.auth(as));
  expect(res.status).toBe(200);
  return res.body as {
    id: string;
    version: number;
    stateDetail: string;
    rectificationDueAt: string | null;
    originalDueAt: string | null;
    extension: { pending: unknown; approvedCount: number };
    clock: { name: string; startedAt: string; dueAt: string; status: string } | null;
    escalationLevel: number | null;
    allowedEvents: string[];
  };
}

/** A case in rectifying.inProgress with the rectification due given (lead unit 南昌市生态环境局 unless told). */
export async function rectifyingCase(
  t: TestApp,
  dueAt: string,
  opts: { regionCode?: string; leadUnitId?: string; assigner?: string; acceptor?: string; creator?: string } = {},
) {
  const c = await createCase(t, { regionCode: opts.regionCode ?? '360100' }, opts.creator ?? 'jx-inspector');
  await sendOk(t, c.id, opts.assigner ?? 'nc-supervisor', { type: 'ASSIGN', leadUnitId: opts.leadUnitId ?? t.fixture.units.ncEeb, rectificationDueAt: dueAt });
  return sendOk(t, c.id, opts.acceptor ?? 'nc-bureau', { type: 'ACCEPT' });
}

/** The error shape of SPEC §7. */
export function expectError(res: { status: number; body: Record<string, unknown> }, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.anything() });
  if (code) expect(res.body.code).toBe(code);
}

export const shift = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();
export const MINUTE = 60_000;
