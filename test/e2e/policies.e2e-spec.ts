import { DEFAULT_PROCEDURE_BY_SOURCE } from '@rectify/workflows';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCase } from '../support/case-factory.js';
import { expectError, inbox, sweep } from './escalation-test-helpers.js';

const DEFAULT_LADDER = [
  { level: 0, name: '预警 warning', offsetWorkingDays: -2, target: 'leadUnit' },
  { level: 1, name: '催办 urge', offsetWorkingDays: 0, target: 'region' },
  { level: 2, name: '督办 supervise', offsetWorkingDays: 5, target: 'parentRegion' },
  { level: 3, name: '挂牌督办 listed', offsetWorkingDays: 15, target: 'province' },
];

const validPolicy = () => ({
  deadlines: {
    assignmentWorkingDays: 3,
    acceptanceWorkingDays: 2,
    rectificationWorkingDays: 60,
    verificationWorkingDays: 10,
    closureWorkingDays: 5,
    revisitWorkingDays: 10,
  },
  escalation: { ladder: DEFAULT_LADDER.map((l) => ({ ...l })) },
  revisit: { afterCloseDays: [90, 365], bySource: {} as Record<string, number[]> },
  extension: { maxDays: 30, maxCount: 2 },
  assignment: { maxReturns: 2 },
});
type PolicyBody = ReturnType<typeof validPolicy>;
/** Closure authority (docs/deadlines.md): left out of a PUT, these defaults apply. */
const DEFAULT_CLOSURE = {
  bySource: {
    central_inspection: { close: 'province', verify: 'city' },
    central_inspection_revisit: { close: 'province', verify: 'city' },
    warning_film: { close: 'province', verify: 'city' },
  },
};

/** The supervisor's clock on a pending extension (docs/deadlines.md, "Whose lateness"): left out of a PUT, these defaults apply. */
const DEFAULT_EXTENSION_DECISION = {
  workingDays: 3,
  holdUnitAtLevel: 1,
  ladder: [
    { level: 0, name: '预警 warning', offsetWorkingDays: -1, target: 'region' },
    { level: 1, name: '催办 urge', offsetWorkingDays: 0, target: 'parentRegion' },
    { level: 2, name: '督办 supervise', offsetWorkingDays: 5, target: 'province' },
  ],
};

describe('policies', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ start: '2025-03-03T02:00:00.000Z' })));
  afterAll(async () => t.close());

  const get = async (as = 'admin') => t.http.get('/api/v1/policies').set(await t.auth(as));
  const put = async (body: unknown, as = 'admin', headers: Record<string, string> = {}) =>
    t.http.put('/api/v1/policies').set(await t.auth(as)).set(headers).send(body as object);

  it('shows the built-in defaults as version 0 to admins only', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"0"');
    const defaults = { regionCode: null, version: 0 };
    expect(res.body).toEqual({
      version: 0,
      policy: { ...validPolicy(), closure: DEFAULT_CLOSURE, extensionDecision: DEFAULT_EXTENSION_DECISION, procedures: { bySource: DEFAULT_PROCEDURE_BY_SOURCE } },
      createdAt: null,
      createdBy: null,
      requestedRegionCode: null,
      regionCode: null,
      inherited: false,
      sources: { deadlines: defaults, escalation: defaults, revisit: defaults, extension: defaults, assignment: defaults, closure: defaults },
    });
    for (const user of ['jx-supervisor', 'nc-inspector', 'nc-bureau']) expectError(await get(user), 403, 'FORBIDDEN');
    expectError(await t.http.get('/api/v1/policies'), 401);
  });

  it('refuses an invalid policy as a whole with 400 and saves nothing', async () => {
    const variants: Array<[string, (p: PolicyBody) => unknown]> = [
      ['unknown top-level field', (p) => ({ ...p, notifications: {} })],
      ['unknown nested field', (p) => ({ ...p, deadlines: { ...p.deadlines, reportWorkingDays: 3 } })],
      ['unknown field in a ladder level', (p) => ({ ...p, escalation: { ladder: p.escalation.ladder.map((l) => ({ ...l, color: 'red' })) } })],
      ['missing part', ({ assignment: _a, ...rest }) => rest],
      ['missing field', (p) => ({ ...p, extension: { maxDays: 30 } })],
      ['part is not an object', (p) => ({ ...p, deadlines: 5 })],
      ['null part', (p) => ({ ...p, revisit: null })],
      ['zero working days', (p) => ({ ...p, deadlines: { ...p.deadlines, acceptanceWorkingDays: 0 } })],
      ['too many working days', (p) => ({ ...p, deadlines: { ...p.deadlines, rectificationWorkingDays: 1001 } })],
      ['fractional working days', (p) => ({ ...p, deadlines: { ...p.deadlines, closureWorkingDays: 2.5 } })],
      ['working days as text', (p) => ({ ...p, deadlines: { ...p.deadlines, closureWorkingDays: '5' } })],
      ['ladder not starting at level 0', (p) => ({ ...p, escalation: { ladder: p.escalation.ladder.map((l) => ({ ...l, level: l.level + 1 })) } })],
      ['ladder skipping a level', (p) => ({ ...p, escalation: { ladder: [p.escalation.ladder[0], { ...p.escalation.ladder[1]!, level: 2 }] } })],
      ['ladder out of order', (p) => ({ ...p, escalation: { ladder: [p.escalation.ladder[1], p.escalation.ladder[0]] } })],
      ['offsets not rising', (p) => ({ ...p, escalation: { ladder: p.escalation.ladder.map((l, i) => (i === 2 ? { ...l, offsetWorkingDays: 0 } : l)) } })],
      ['offsets falling', (p) => ({ ...p, escalation: { ladder: p.escalation.ladder.map((l) => ({ ...l, offsetWorkingDays: -l.offsetWorkingDays })) } })],
      ['empty ladder', (p) => ({ ...p, escalation: { ladder: [] } })],
      ['unknown target', (p) => ({ ...p, escalation: { ladder: p.escalation.ladder.map((l, i) => (i === 3 ? { ...l, target: 'nation' } : l)) } })],
      ['ladder level not an object', (p) => ({ ...p, escalation: { ladder: [0, 1] } })],
      ['blank level name', (p) => ({ ...p, escalation: { ladder: p.escalation.ladder.map((l, i) => (i === 0 ? { ...l, name: '  ' } : l)) } })],
      ['offset beyond 1000', (p) => ({ ...p, escalation: { ladder: p.escalation.ladder.map((l, i) => (i === 3 ? { ...l, offsetWorkingDays: 1001 } : l)) } })],
      ['revisits not ascending', (p) => ({ ...p, revisit: { afterCloseDays: [365, 90] } })],
      ['revisit days repeated', (p) => ({ ...p, revisit: { afterCloseDays: [90, 90] } })],
      ['revisit day zero', (p) => ({ ...p, revisit: { afterCloseDays: [0, 90] } })],
      ['no revisits', (p) => ({ ...p, revisit: { afterCloseDays: [] } })],
      ['revisit schedule of an unknown source', (p) => ({ ...p, revisit: { afterCloseDays: [90], bySource: { rumour: [30] } } })],
      ['per-source revisits not ascending', (p) => ({ ...p, revisit: { afterCloseDays: [90], bySource: { petition: [60, 30] } } })],
      ['per-source revisits not a list', (p) => ({ ...p, revisit: { afterCloseDays: [90], bySource: { petition: 30 } } })],
      ['bySource not an object', (p) => ({ ...p, revisit: { afterCloseDays: [90], bySource: 'petition' } })],
      ['extension maxDays zero', (p) => ({ ...p, extension: { maxDays: 0, maxCount: 2 } })],
      ['extension maxCount zero', (p) => ({ ...p, extension: { maxDays: 30, maxCount: 0 } })],
      ['negative maxReturns', (p) => ({ ...p, assignment: { maxReturns: -1 } })],
      ['an array', () => [validPolicy()]],
      ['a string', () => 'policy'],
    ];
    for (const [label, make] of variants) {
      const res = await put(make(validPolicy()));
      expect({ label, status: res.status, code: res.body.code }).toEqual({ label, status: 400, code: 'VALIDATION_FAILED' });
      expectError(res, 400);
    }
    // Shape is checked before the role (SPEC §7 order): a supervisor with a bad body gets 400, with a good one 403.
    expectError(await put({ deadlines: 1 }, 'jx-supervisor'), 400, 'VALIDATION_FAILED');
    expectError(await put(validPolicy(), 'jx-supervisor'), 403, 'FORBIDDEN');
    expectError(await t.http.put('/api/v1/policies').send(validPolicy()), 401);
    expect((await get()).body.version).toBe(0);
  });

  it('names what is wrong', async () => {
    const p = validPolicy();
    p.escalation.ladder[2]!.offsetWorkingDays = 0;
    const res = await put(p);
    expect(res.body.message).toMatch(/escalation\.ladder\[2\]\.offsetWorkingDays must be greater than level 1/);
  });

  it('stores each change as a new version and guards against lost updates with If-Match', async () => {
    const first = validPolicy();
    first.assignment.maxReturns = 0; // zero returns is a valid choice
    first.revisit.bySource = { central_inspection: [30, 90, 365] };
    const saved = await put(first, 'admin', { 'If-Match': '"0"' });
    expect(saved.status).toBe(200);
    expect(saved.headers.etag).toBe('"1"');
    expect(saved.body).toMatchObject({ version: 1, policy: first, createdAt: '2025-03-03T02:00:00.000Z', createdBy: { id: expect.any(String), username: 'admin', role: 'admin', unitId: null } });
    expect((await get()).body).toEqual(saved.body);

    expectError(await put(validPolicy(), 'admin', { 'If-Match': '"0"' }), 409, 'VERSION_CONFLICT');
    expectError(await put(validPolicy(), 'admin', { 'If-Match': 'latest' }), 400, 'VALIDATION_FAILED');
    const second = await put(validPolicy(), 'admin', { 'If-Match': '"1"' });
    expect(second.body.version).toBe(2);
    expect((await get()).body).toMatchObject({ version: 2, policy: validPolicy() });
  });

  it('applies to clocks that start after the change; running clocks keep their ladder and due', async () => {
    t.setNow('2025-03-03T02:00:00.000Z');
    // Reported Monday 03-03 under the defaults: assignment due after 3 working days (end of Thu 03-06).
    const before = await createCase(t, { regionCode: '360102' });
    expect((before.clock as { dueAt: string }).dueAt).toBe('2025-03-06T15:59:59.999Z');

    const changed = validPolicy();
    changed.deadlines.assignmentWorkingDays = 5;
    changed.escalation.ladder = [
      { level: 0, name: '提醒', offsetWorkingDays: -1, target: 'region' },
      { level: 1, name: '通报', offsetWorkingDays: 1, target: 'province' },
    ];
    expect((await put(changed)).status).toBe(200);

    const after = await createCase(t, { regionCode: '360102' });
    expect((after.clock as { dueAt: string }).dueAt).toBe('2025-03-10T15:59:59.999Z'); // 5 working days: Mon 03-10

    t.setNow('2025-06-02T02:00:00.000Z');
    await sweep(t);
    const old = (await inbox(t, 'admin', { caseId: before.id })).items.sort((x, y) => x.level - y.level);
    expect(old.map((e) => [e.level, e.name, e.targetRegionCode])).toEqual([
      [0, '预警 warning', '360102'], // unassigned: the case's region
      [1, '催办 urge', '360102'],
      [2, '督办 supervise', '360100'],
      [3, '挂牌督办 listed', '360000'],
    ]);
    const fresh = (await inbox(t, 'admin', { caseId: after.id })).items.sort((x, y) => x.level - y.level);
    expect(fresh.map((e) => [e.level, e.name, e.targetRegionCode, e.thresholdAt])).toEqual([
      [0, '提醒', '360102', '2025-03-07T15:59:59.999Z'],
      [1, '通报', '360000', '2025-03-11T15:59:59.999Z'],
    ]);
    expect((await sweep(t)).escalations.fired).toBe(0);
  });
});
