import { setTimeout as sleep } from 'node:timers/promises';
import { DirectDb } from '../support/direct-db.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ApiClient, freePort, ServiceProcess } from '../support/service-process.js';
import { buildWorld } from '../support/fixture.js';
import { expectSweepInvariants } from './sweep-invariants.js';

const SCALE = Math.max(1, Number(process.env.RELIABILITY_SCALE ?? 1));
const KILLS = 30 * SCALE;
/** Kills that must land inside a sweep transaction, before the sweep answered (25 of 30). */
const MIN_INTERRUPTED = Math.ceil((KILLS * 25) / 30);
const OPEN_CASES = 100 * SCALE;
const CLOSED_CASES = 20 * SCALE;
const T0 = '2025-03-03T02:00:00.000Z';
const T1 = '2026-06-01T02:00:00.000Z'; // long after every threshold and both policy revisits (+90 d, +365 d)

describe('crash mid-sweep: SIGKILL inside sweep transactions, restart, sweep', () => {
  let database: TestDatabase;
  let service: ServiceProcess;
  let api: ApiClient;
  let admin: string;
  const caseIds: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const port = await freePort();
    const env = { DATABASE_URL: database.url, SEED: 'none', ADMIN_PASSWORD: 'reliability-admin-1', APP_CLOCK: 'manual', APP_CLOCK_START: T0 };
    service = new ServiceProcess(port, env);
    await service.start(120_000);
    api = new ApiClient(service.base);
    const world = await buildWorld(api, 'reliability-admin-1', ['nc-inspector', 'nc-supervisor', 'nc-bureau']);
    admin = world.admin;
    const create = async (i: number) =>
      (await api.ok('POST', '/cases', world.as('nc-inspector'), { title: `逾期 ${i}`, description: 'd', source: 'routine', category: 'water', regionCode: '360100' })).id as string;
    for (let i = 0; i < OPEN_CASES; i += 10) {
      const ids = await Promise.all(Array.from({ length: Math.min(10, OPEN_CASES - i) }, (_, k) => create(i + k)));
      await Promise.all(ids.map((id, k) => ((i + k) % 2 ? api.ok('POST', `/cases/${id}/events`, world.as('nc-supervisor'), { type: 'ASSIGN', leadUnitId: world.units.ncEeb }) : null)));
      caseIds.push(...ids);
    }
    for (let i = 0; i < CLOSED_CASES; i++) {
      const id = await create(10_000 + i);
      for (const [token, body] of [
        [world.as('nc-supervisor'), { type: 'ASSIGN', leadUnitId: world.units.ncEeb }],
        [world.as('nc-bureau'), { type: 'ACCEPT' }],
        [world.as('nc-bureau'), { type: 'SUBMIT_EVIDENCE', summary: '完成', evidence: [{ kind: 'photo', title: 'p', ref: 'r' }] }],
        [world.as('nc-inspector'), { type: 'VERIFY_PASS' }],
        [world.as('nc-supervisor'), { type: 'CLOSE' }],
      ] as const) {
        await api.ok('POST', `/cases/${id}/events`, token, body);
      }
      caseIds.push(id);
    }
    // From now on the service wakes up long after every deadline, as after a long downtime; each kill's
    // start arms a crash point inside a sweep transaction (libs/core test-pause.ts).
    await service.stop();
    service = new ServiceProcess(port, { ...env, APP_CLOCK_START: T1 });
  }, 600_000);

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });

  it(`${KILLS} kills inside sweep transactions leave every escalation and revisit start exactly once`, async () => {
    let interrupted = 0;
    for (let k = 0; k < KILLS; k++) {
      // Even kills land in the first sweep transaction of their start, odd ones in the second, after its
      // statements and before its commit: the first transaction of each odd start commits, so the sweep
      // makes progress across crashes (the escalation batch first, then one revisit start per kill).
      const at = 1 + (k % 2);
      await service.start(60_000, { RECTIFY_TEST_PAUSE_AT: `sweep-transaction:${at}` });
      const sweep = api.call('POST', '/admin/sweep', admin).catch(() => null);
      const inside = await service.waitForOutput(/rectify-test-pause sweep-transaction/, 15_000);
      await sleep(Math.floor(Math.random() * 10));
      await service.kill();
      const res = await sweep;
      if (inside && !res) interrupted++;
      // a client may have been answered just before the kill: that is fine; never a 5xx
      if (res && res.status >= 500) throw new Error(`sweep answered ${res.status}: ${JSON.stringify(res.body)}`);
      if (k === 0) {
        // killed inside the escalation batch before its commit: none of its rows survived
        const db = await DirectDb.open(database.url);
        try {
          expect(await db.count('SELECT COUNT(*) AS n FROM escalations')).toBe(0);
        } finally {
          await db.close();
        }
      }
    }
    console.info(`crash mid-sweep: ${KILLS} kills, ${interrupted} inside a sweep transaction before the sweep answered`);
    expect(interrupted).toBeGreaterThanOrEqual(MIN_INTERRUPTED);
    await service.start();
    const final = await api.ok('POST', '/admin/sweep', admin);
    expect(final).toHaveProperty('escalations');
    const db = await DirectDb.open(database.url);
    try {
      await expectSweepInvariants(db, api, admin, caseIds);
      // every open clock that ran before the downtime is past its top threshold at T1: four levels each
      // (the revisit clocks the sweep itself started at T1 are not due yet)
      const openClocks = await db.count("SELECT COUNT(*) AS n FROM clocks WHERE ended_at IS NULL AND name <> 'revisit'");
      expect(openClocks).toBe(OPEN_CASES);
      expect(
        await db.count("SELECT COUNT(*) AS n FROM escalations e JOIN clocks c ON c.id = e.clock_id WHERE c.ended_at IS NULL AND c.name <> 'revisit'"),
      ).toBe(openClocks * 4);
      // every closed case had its first revisit started by the system once
      expect(await db.count("SELECT COUNT(*) AS n FROM cases WHERE state = 'reboundCheck'")).toBe(CLOSED_CASES);
    } finally {
      await db.close();
    }
  }, 900_000);
});
