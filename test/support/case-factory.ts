import type { TestApp } from './test-app.js';

let counter = 0;

/** A fresh case in `reported`, logged by `as` (default jx-inspector) in `regionCode` (default 南昌 360100). */
export async function createCase(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  as = 'jx-inspector',
): Promise<{ id: string; version: number; [key: string]: unknown }> {
  counter += 1;
  const res = await t.http
    .post('/api/v1/cases')
    .set(await t.auth(as))
    .send({
      title: `测试问题 ${counter}`,
      description: '督察发现的问题描述',
      source: 'provincial_inspection',
      category: 'water',
      regionCode: '360100',
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`create case: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Sends an event and returns the response (no status assertion). */
export async function send(t: TestApp, caseId: string, as: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.http
    .post(`/api/v1/cases/${caseId}/events`)
    .set(await t.auth(as))
    .set(headers)
    .send(body);
}

/** Sends an event that must succeed. */
export async function sendOk(t: TestApp, caseId: string, as: string, body: Record<string, unknown>) {
  const res = await send(t, caseId, as, body);
  if (res.status !== 200) throw new Error(`${String(body.type)} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number; stateDetail: string; [key: string]: unknown };
}

export const EVIDENCE = {
  type: 'SUBMIT_EVIDENCE',
  summary: '已完成整改',
  evidence: [{ kind: 'photo', title: '整改后照片', ref: 'photo-1' }],
};

/** Walks a case to a state using the fixture's users (南昌 cases, lead unit nc-eeb). */
export async function caseIn(t: TestApp, state: string, overrides: Record<string, unknown> = {}) {
  const c = await createCase(t, overrides);
  const steps: Array<[string, Record<string, unknown>]> = [];
  const assign: [string, Record<string, unknown>] = ['nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, coUnitIds: [t.fixture.units.dhGov], rectificationWorkingDays: 20 }];
  const order = ['reported', 'assigned', 'rectifying.inProgress', 'rectifying.awaitingVerification', 'verified', 'closed', 'reboundCheck'];
  const all: Array<[string, Record<string, unknown>]> = [
    assign,
    ['nc-bureau', { type: 'ACCEPT' }],
    ['nc-bureau', EVIDENCE],
    ['nc-inspector', { type: 'VERIFY_PASS' }],
    ['nc-supervisor', { type: 'CLOSE' }],
    ['nc-inspector', { type: 'START_REVISIT' }],
  ];
  if (state === 'withdrawn') steps.push(['nc-inspector', { type: 'WITHDRAW', reason: '重复登记撤销' }]);
  else steps.push(...all.slice(0, order.indexOf(state)));
  let last: { id: string; version: number; stateDetail?: string } = c as { id: string; version: number };
  for (const [as, body] of steps) last = await sendOk(t, c.id, as, body);
  return last as { id: string; version: number; stateDetail: string; [key: string]: unknown };
}
