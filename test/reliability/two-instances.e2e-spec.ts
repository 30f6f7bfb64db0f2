import { DirectDb } from '../support/direct-db.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ApiClient, freePort, ServiceProcess } from '../support/service-process.js';
import { buildWorld, type World } from '../support/fixture.js';
import { expectSweepInvariants } from './sweep-invariants.js';

const SCALE = Math.max(1, Number(process.env.RELIABILITY_SCALE ?? 1));
const OVERDUE_CASES = 120 * SCALE;
const ACTIVE_CASES = 10;
const COMMANDS = 120 * SCALE;
const T0 = '2025-03-03T02:00:00.000Z';
const T1 = '2025-09-01T02:00:00.000Z';

/**
 * Two service instances on one database — two processes on one SQLite file, or (with
 * DATABASE_URL=postgres://…) two instances on one PostgreSQL database — sweeping the same overdue
 * cases at the same time while clients send commands to both: each (case, clock, level) recorded
 * once, every command answered without a 5xx, every history intact.
 */
describe('two instances on one database: concurrent sweepers and commands', () => {
  let database: TestDatabase;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let apiA: ApiClient;
  let apiB: ApiClient;
  let world: World;
  const overdue: string[] = [];
  const active: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, SEED: 'none', ADMIN_PASSWORD: 'reliability-admin-1', APP_CLOCK: 'manual' };
    const setup = new ServiceProcess(await freePort(), { ...env, APP_CLOCK_START: T0 });
    await setup.start(120_000);
    const api = new ApiClient(setup.base);
    world = await buildWorld(api, 'reliability-admin-1', ['nc-inspector', 'nc-supervisor', 'nc-bureau']);
    for (let i = 0; i < OVERDUE_CASES; i += 10) {
      const ids = await Promise.all(
        Array.from({ length: Math.min(10, OVERDUE_CASES - i) }, async (_, k) =>
          (await api.ok('POST', '/cases', world.as('nc-inspector'), { title: `逾期 ${i + k}`, description: 'd', source: 'audit', category: 'soil', regionCode: '360100' })).id as string,
        ),
      );
      overdue.push(...ids);
    }
    for (let i = 0; i < ACTIVE_CASES; i++) {
      const id = (await api.ok('POST', '/cases', world.as('nc-inspector'), { title: `整改 ${i}`, description: 'd', source: 'audit', category: 'air', regionCode: '360100' })).id as string;
      await api.ok('POST', `/cases/${id}/events`, world.as('nc-supervisor'), { type: 'ASSIGN', leadUnitId: world.units.ncEeb, rectificationDueAt: '2026-12-31T00:00:00Z' });
      await api.ok('POST', `/cases/${id}/events`, world.as('nc-bureau'), { type: 'ACCEPT' });
      active.push(id);
    }
    await setup.stop();
    // Both instances wake up months later: every assignment clock is far past its last threshold.
    a = new ServiceProcess(await freePort(), { ...env, APP_CLOCK_START: T1 });
    b = new ServiceProcess(await freePort(), { ...env, APP_CLOCK_START: T1 });
    await Promise.all([a.start(), b.start()]);
    apiA = new ApiClient(a.base);
    apiB = new ApiClient(b.base);
  }, 600_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('records each escalation once and answers every request without a 5xx', async () => {
    const sweeps = [apiA, apiB, apiA, apiB, apiA, apiB].map((api) => api.call('POST', '/admin/sweep', world.admin));
    const commands = Array.from({ length: COMMANDS }, (_, i) =>
      (i % 2 ? apiA : apiB).call('POST', `/cases/${active[i % active.length]}/events`, world.as('nc-bureau'), { type: 'REPORT_PROGRESS', note: `n${i}` }),
    );
    const reads = Array.from({ length: 40 }, (_, i) => (i % 2 ? apiA : apiB).call('GET', `/cases?overdue=true&pageSize=50`, world.as('nc-supervisor')));
    const results = await Promise.all([...sweeps, ...commands, ...reads]);
    const failures = results.filter((r) => r.status >= 500);
    expect(failures).toEqual([]);
    expect(results.slice(sweeps.length, sweeps.length + COMMANDS).every((r) => r.status === 200)).toBe(true);
    const fired = results.slice(0, sweeps.length).reduce((sum, r) => sum + Number(r.body.escalations?.fired ?? 0), 0);

    const db = await DirectDb.open(database.url);
    try {
      // 4 levels on each overdue assignment clock, fired by one instance or the other, never both
      const total = await db.count("SELECT COUNT(*) AS n FROM escalations e JOIN clocks c ON c.id = e.clock_id WHERE c.name = 'assignment'");
      expect(total).toBe(OVERDUE_CASES * 4);
      expect(fired).toBe(await db.count('SELECT COUNT(*) AS n FROM escalations'));
      await expectSweepInvariants(db, apiB, world.admin, [...overdue.slice(0, 20), ...active]);
      for (const id of active) {
        const notes = await db.count("SELECT COUNT(*) AS n FROM case_events WHERE case_id = ? AND type = 'REPORT_PROGRESS'", [id]);
        expect(notes).toBe(COMMANDS / ACTIVE_CASES);
      }
    } finally {
      await db.close();
    }
  }, 600_000);
});
