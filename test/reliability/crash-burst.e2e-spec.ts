import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ApiClient, freePort, ServiceProcess } from '../support/service-process.js';
import { buildWorld, type World } from '../support/fixture.js';

/** RELIABILITY_SCALE multiplies the rounds and the load (1 in CI). */
const SCALE = Math.max(1, Number(process.env.RELIABILITY_SCALE ?? 1));
const ROUNDS = 6 * SCALE;
const CASES = 8;
const COMMANDS_PER_ROUND = 60 * SCALE;

describe('crash mid-transition burst: SIGKILL inside a transition while clients send events', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let api: ApiClient;
  let world: World;
  const caseIds: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    service = new ServiceProcess(await freePort(), { DATABASE_URL: db.url, SEED: 'none', ADMIN_PASSWORD: 'reliability-admin-1' });
    await service.start(120_000);
    api = new ApiClient(service.base);
    world = await buildWorld(api, 'reliability-admin-1', ['nc-inspector', 'nc-supervisor', 'nc-bureau']);
    for (let i = 0; i < CASES; i++) {
      const c = await api.ok('POST', '/cases', world.as('nc-inspector'), { title: `崩溃测试 ${i}`, description: 'd', source: 'routine', category: 'air', regionCode: '360100' });
      await api.ok('POST', `/cases/${c.id}/events`, world.as('nc-supervisor'), { type: 'ASSIGN', leadUnitId: world.units.ncEeb });
      await api.ok('POST', `/cases/${c.id}/events`, world.as('nc-bureau'), { type: 'ACCEPT' });
      caseIds.push(c.id);
    }
    // each round starts the service with a crash point armed inside one transition's transaction
    await service.stop();
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  it(`every acknowledged event survives ${ROUNDS} kills inside transitions and nothing is half-applied`, async () => {
    const acknowledged = new Map<string, string>(); // note → case id
    const inFlightAtKill: number[] = [];
    let sent = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // The kill lands while the n-th transition of this start holds its transaction open (after its
      // statements, before its commit; libs/core test-pause.ts), with the other requests still in flight.
      const pauseAt = 10 + Math.floor(Math.random() * 30);
      await service.start(60_000, { RECTIFY_TEST_PAUSE_AT: `transition-transaction:${pauseAt}` });
      const inFlight: Array<Promise<void>> = [];
      let pending = 0;
      for (let i = 0; i < COMMANDS_PER_ROUND; i++) {
        const caseId = caseIds[i % caseIds.length]!;
        const note = `r${round}-c${i}`;
        sent++;
        pending++;
        inFlight.push(
          api
            .call('POST', `/cases/${caseId}/events`, world.as('nc-bureau'), { type: 'REPORT_PROGRESS', note })
            .then((res) => {
              if (res.status === 200) acknowledged.set(note, caseId);
              else if (res.status >= 500) throw new Error(`5xx before the kill: ${res.status} ${JSON.stringify(res.body)}`);
            })
            .catch((error: Error) => {
              if (/5xx/.test(error.message)) throw error; // connection reset by the kill is expected
            })
            .finally(() => pending--),
        );
        if (i % 10 === 9) await sleep(5);
      }
      const inside = await service.waitForOutput(/rectify-test-pause transition-transaction/, 15_000);
      inFlightAtKill.push(inside ? pending : 0);
      await service.kill();
      await Promise.all(inFlight);
    }
    console.info(`crash mid-transition: requests in flight at each kill: ${inFlightAtKill.join(', ')}`);
    // every kill found a transition inside its transaction and at least that request unanswered
    expect(inFlightAtKill.filter((n) => n >= 1)).toHaveLength(ROUNDS);
    await service.start();

    let recorded = 0;
    for (const caseId of caseIds) {
      const view = await api.ok('GET', `/cases/${caseId}`, world.as('nc-supervisor'));
      const history: Array<{ seq: number; type: string; payload: { note?: string } }> = (await api.ok('GET', `/cases/${caseId}/history`, world.as('nc-supervisor'))).items;
      // nothing half-applied: the row's version is exactly the number of history rows, and the chain verifies
      expect(history).toHaveLength(view.version);
      expect(await api.ok('GET', `/cases/${caseId}/history/verify`, world.as('nc-supervisor'))).toMatchObject({ valid: true });
      const notes = history.filter((e) => e.type === 'REPORT_PROGRESS').map((e) => e.payload.note!);
      expect(new Set(notes).size).toBe(notes.length); // none twice
      recorded += notes.length;
      for (const [note, id] of acknowledged) if (id === caseId) expect(notes).toContain(note);
    }
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(recorded).toBeGreaterThanOrEqual(acknowledged.size);
    expect(recorded).toBeLessThanOrEqual(sent);
  }, 300_000);
});
