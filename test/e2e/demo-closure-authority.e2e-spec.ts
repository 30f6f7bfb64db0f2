import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@rectify/config';
import { Database } from '@rectify/database';
import { createApp } from '../../apps/api/src/app.factory.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** The demo data follows the closure authority it documents: central-inspection problems closed by a province. */
describe('demo data and closure authority', () => {
  let app: NestFastifyApplication;
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig(
      { SEED: 'demo', APP_CLOCK: 'manual', APP_CLOCK_START: '2026-06-01T02:00:00.000Z', SWEEP_INTERVAL_SECONDS: '0', LOG_LEVEL: 'error' },
      { databaseUrl: database.url, jwtSecret: 'test-secret', sqliteSynchronous: 'NORMAL' },
    );
    app = await createApp(config, { swaggerUi: false });
    await app.init();
    db = app.get(Database);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('every closed central-inspection and warning-film case was closed by a province-level supervisor', async () => {
    const rows = await db.all<{ source: string; level: string }>(
      `SELECT c.source, r.level FROM case_events e JOIN cases c ON c.id = e.case_id JOIN users u ON u.id = e.actor_id JOIN regions r ON r.code = u.region_code
       WHERE e.type = 'CLOSE'`,
    );
    const central = rows.filter((r) => ['central_inspection', 'central_inspection_revisit', 'warning_film'].includes(r.source));
    expect(central.length).toBeGreaterThan(20);
    expect(central.every((r) => r.level === 'province' || r.level === 'nation')).toBe(true);
    // Other sources are still closed where they are handled, cities included.
    expect(rows.some((r) => !central.includes(r) && r.level === 'city')).toBe(true);
  });
});
