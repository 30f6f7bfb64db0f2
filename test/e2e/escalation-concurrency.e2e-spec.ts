import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CaseWorkflowService, type CreateCaseDto } from '@rectify/cases';
import { IdentityRepository, type AuthUser } from '@rectify/identity';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { send } from '../support/case-factory.js';
import { sweep } from './escalation-test-helpers.js';

/** Enough open, overdue clocks for several sweep batches (500 each). */
const CASES_PER_ROUND = 600;
const LEVELS = [0, 1, 2, 3];
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Cases reported two months ago and never assigned: every level of their assignment clock has passed. */
async function overdueCases(t: TestApp, regionCode: string, n: number): Promise<string[]> {
  const user = (await t.app.get(IdentityRepository).userByUsername('jx-inspector'))!;
  const author: AuthUser = { id: user.id, username: user.username, role: user.role, regionCode: user.regionCode, unitId: user.unitId };
  const workflow = t.app.get(CaseWorkflowService);
  const create = (k: number) => {
    const dto: CreateCaseDto = {
      title: `积压问题 ${regionCode}-${k}`,
      description: '长期未交办的问题',
      source: 'routine',
      category: 'air',
      regionCode,
      reportedAt: '2025-01-02T02:00:00.000Z',
    };
    return workflow.create(author, dto);
  };
  // The region's first case alone: it creates the region's case-number counter.
  const ids: string[] = [(await create(0)).id];
  for (let i = 1; i < n; i += 100) {
    const created = await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, k) => create(i + k)));
    ids.push(...created.map((c) => c.id));
  }
  return ids;
}

interface EscalationRow {
  case_id: string;
  clock_id: string;
  level: number;
  status: string;
  ended_at: unknown;
}

async function escalationRows(t: TestApp): Promise<EscalationRow[]> {
  const rows = await t.db.all<EscalationRow>(
    'SELECT e.case_id, e.clock_id, e.level, e.status, cl.ended_at FROM escalations e JOIN clocks cl ON cl.id = e.clock_id',
  );
  return rows.map((r) => ({ ...r, level: Number(r.level) }));
}

/** Every case's escalations as "clock:level" lists, and the (clock, level) pairs seen more than once. */
function summarize(rows: EscalationRow[]) {
  const byCase = new Map<string, Array<{ clock: string; level: number; status: string }>>();
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const r of rows) {
    const key = `${r.clock_id}:${r.level}`;
    if (seen.has(key)) duplicates.push(key);
    seen.add(key);
    byCase.set(r.case_id, [...(byCase.get(r.case_id) ?? []), { clock: r.clock_id, level: r.level, status: r.status }]);
  }
  return { byCase, duplicates };
}

function expectOneClockAllLevels(items: Array<{ clock: string; level: number }> | undefined) {
  expect(items).toBeDefined();
  expect(new Set(items!.map((i) => i.clock)).size).toBe(1);
  expect(items!.map((i) => i.level).sort()).toEqual(LEVELS);
}

/** How many cases in `state` show each `escalationLevel`, read page by page from GET /cases as admin. */
async function escalationLevelsOfList(t: TestApp, state: string): Promise<Map<number | null, number>> {
  const counts = new Map<number | null, number>();
  for (let page = 1; ; page++) {
    const res = await t.http.get('/api/v1/cases').query({ state, page, pageSize: 100 }).set(await t.auth('admin'));
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{ escalationLevel: number | null }>;
    for (const item of items) counts.set(item.escalationLevel, (counts.get(item.escalationLevel) ?? 0) + 1);
    if (items.length < 100) return counts;
  }
}

/** Starts a sweeper process on the test database; resolves once it has booted. */
function startSweeper(databaseUrl: string, now: string) {
  const child = spawn(
    process.execPath,
    ['--import', './test/e2e/escalation-sweeper-loader.mjs', 'test/e2e/escalation-sweeper.child.ts', databaseUrl, now],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const output: string[] = [];
  let onLine: (() => void) | null = null;
  lines.on('line', (line) => {
    output.push(line);
    onLine?.();
  });
  const nextLine = (index: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (output.length > index) resolve(output[index]!);
        else if (child.exitCode !== null) reject(new Error(`sweeper exited ${child.exitCode}: ${stderr}`));
      };
      onLine = check;
      child.once('exit', check);
      check();
    });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    ready: nextLine(0),
    go: async () => {
      child.stdin.write('go\n');
      const report = JSON.parse(await nextLine(1)) as { escalations: { fired: number }; errors?: unknown };
      return { report, code: await exited, stderr: () => stderr };
    },
    kill: () => child.kill(),
  };
}

describe('two sweepers at once over many overdue cases', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ start: '2025-03-03T02:00:00.000Z' })));
  afterAll(async () => t.close());

  it('in one process: two concurrent sweeps and user transitions record each (case, clock, level) once, and no request fails', async () => {
    const ids = await overdueCases(t, '360100', CASES_PER_ROUND);
    const touched = ids.slice(0, 20);
    const [first, second, ...assigned] = await Promise.all([
      sweep(t),
      sweep(t),
      ...touched.map((id) => send(t, id, 'nc-supervisor', { type: 'ASSIGN', leadUnitId: t.fixture.units.ncEeb, rectificationWorkingDays: 20 })),
    ]);
    expect(assigned.map((r) => r.status)).toEqual(touched.map(() => 200));
    expect(first.errors ?? second.errors).toBeUndefined();

    const rows = await escalationRows(t);
    const { byCase, duplicates } = summarize(rows);
    expect(duplicates).toEqual([]);
    expect(first.escalations.fired + second.escalations.fired).toBe(rows.length);
    for (const id of ids.slice(20)) expectOneClockAllLevels(byCase.get(id));
    // A case assigned mid-sweep: either its old clock climbed the whole ladder first (then resolved), or it never did.
    for (const id of touched) {
      const items = byCase.get(id) ?? [];
      expect([0, 4]).toContain(items.length);
      for (const item of items) expect(item.status).toBe('resolved');
    }
    expect(rows.filter((r) => r.ended_at !== null && r.status !== 'resolved')).toEqual([]);
    expect(await escalationLevelsOfList(t, 'reported')).toEqual(new Map([[3, CASES_PER_ROUND - 20]]));
    expect((await sweep(t)).escalations.fired).toBe(0);
  });

  it('in two processes on the same database: each (case, clock, level) once, neither fails', async () => {
    const ids = await overdueCases(t, '360400', CASES_PER_ROUND);
    const before = (await escalationRows(t)).length;
    const now = t.clock.now().toISOString();
    const sweepers = [startSweeper(t.database.url, now), startSweeper(t.database.url, now)];
    try {
      await Promise.all(sweepers.map((s) => s.ready));
      const results = await Promise.all(sweepers.map((s) => s.go()));
      for (const r of results) {
        expect({ code: r.code, errors: r.report.errors }).toEqual({ code: 0, errors: undefined });
      }
      const rows = await escalationRows(t);
      const { byCase, duplicates } = summarize(rows);
      expect(duplicates).toEqual([]);
      expect(results[0]!.report.escalations.fired + results[1]!.report.escalations.fired).toBe(rows.length - before);
      expect(rows.length - before).toBe(CASES_PER_ROUND * LEVELS.length);
      for (const id of ids) expectOneClockAllLevels(byCase.get(id));
    } finally {
      sweepers.forEach((s) => s.kill());
    }
  }, 180_000);
});
