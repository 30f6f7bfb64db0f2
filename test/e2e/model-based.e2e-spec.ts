import type { CaseEventType } from '@rectify/workflows';
import { casePaths, type CasePath } from '../support/case-paths.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCase, send } from '../support/case-factory.js';

/**
 * Model-based e2e: paths generated from the machine with xstate/graph (shortest paths to every
 * state and transition, and simple paths up to a bound), each driven through the HTTP API as the
 * right users, checking the response and the stored row after every step.
 */
const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

const SENDER: Record<CaseEventType, string> = {
  ASSIGN: 'nc-supervisor',
  WITHDRAW: 'nc-inspector',
  ACCEPT: 'nc-bureau',
  RETURN: 'nc-bureau',
  REPORT_PROGRESS: 'dh-bureau',
  REQUEST_EXTENSION: 'nc-bureau',
  APPROVE_EXTENSION: 'nc-supervisor',
  REJECT_EXTENSION: 'jx-supervisor',
  SUBMIT_EVIDENCE: 'nc-bureau',
  VERIFY_PASS: 'nc-inspector',
  VERIFY_FAIL: 'jx-inspector',
  CLOSE: 'nc-supervisor',
  START_REVISIT: 'nc-inspector',
  REVISIT_PASS: 'nc-inspector',
  REBOUND_FOUND: 'jx-inspector',
  EDIT: 'nc-inspector',
  ADJUST_UNITS: 'nc-supervisor',
};

function payload(event: CaseEventType, t: TestApp, current: { rectificationDueAt: string | null }): Record<string, unknown> {
  switch (event) {
    case 'ASSIGN':
      return { leadUnitId: t.fixture.units.ncEeb, coUnitIds: [t.fixture.units.dhGov], rectificationWorkingDays: 30 };
    case 'WITHDRAW':
      return { reason: '重复登记，撤销' };
    case 'RETURN':
      return { reasonCode: 'insufficient_information', reason: '线索不足，无法核实' };
    case 'REPORT_PROGRESS':
      return { note: '配合单位推进中', percent: 50 };
    case 'REQUEST_EXTENSION':
      return { requestedDueAt: plusDays(current.rectificationDueAt!, 7), reason: '汛期施工受阻' };
    case 'APPROVE_EXTENSION':
      return { note: '同意延期' };
    case 'REJECT_EXTENSION':
    case 'VERIFY_FAIL':
      return { reason: '理由不充分或整改不到位' };
    case 'SUBMIT_EVIDENCE':
      return { summary: '整改完成', evidence: [{ kind: 'monitoring_report', title: '监测报告', ref: 'm-1' }] };
    case 'REBOUND_FOUND':
      return { findings: '回头看发现问题反弹', rectificationWorkingDays: 15 };
    case 'EDIT':
      return { reason: '更正问题描述', description: `更正后的描述 ${Math.random()}` };
    case 'ADJUST_UNITS':
      return { reason: '包保领导调整', leader: `领导 ${Math.random()}` };
    default:
      return {};
  }
}

const key = (p: CasePath) => p.map((s) => s.event).join('>');
const PATHS: CasePath[] = [
  ...new Map(
    [...casePaths({ kind: 'shortest' }), ...casePaths({ kind: 'transitions' }), ...casePaths({ kind: 'simple', maxSteps: 9, maxPaths: 40 })].map((p) => [key(p), p]),
  ).values(),
];

describe('model-based paths through the HTTP API', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it('covers every state and every transition of the machine', () => {
    const states = new Set(PATHS.flatMap((p) => p.map((s) => s.expectedState)));
    expect([...states].sort()).toEqual(
      ['assigned', 'closed', 'rectifying.awaitingVerification', 'rectifying.inProgress', 'reboundCheck', 'reported', 'verified', 'withdrawn'].sort(),
    );
    const events = new Set(PATHS.flatMap((p) => p.map((s) => s.event)));
    expect(events.size).toBe(17);
  });

  it.each(PATHS.map((p) => [key(p), p] as const))('%s', async (_name, path) => {
    const c = await createCase(t);
    let current = c as unknown as { version: number; rectificationDueAt: string | null; stateDetail: string };
    for (const step of path) {
      const res = await send(t, c.id, SENDER[step.event], { type: step.event, ...payload(step.event, t, current) });
      expect({ event: step.event, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ event: step.event, status: 200, body: undefined });
      expect(res.body.stateDetail).toBe(step.expectedState);
      expect(res.body.version).toBe(current.version + 1);
      const stored = await t.db.one<{ state: string; state_detail: string; version: number }>('SELECT state, state_detail, version FROM cases WHERE id = ?', [c.id]);
      expect(stored).toMatchObject({ state_detail: step.expectedState, state: step.expectedState.split('.')[0], version: current.version + 1 });
      current = res.body;
    }
    const history = await t.http.get(`/api/v1/cases/${c.id}/history`).set(await t.auth('admin'));
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['CREATED', ...path.map((s) => s.event)]);
  });
});
