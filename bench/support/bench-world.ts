import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, type AppConfig } from '@rectify/config';
import { Clock, newId } from '@rectify/core';
import { Database } from '@rectify/database';
import { IdentityRepository, RegionTreeService, hashPassword, type AuthUser } from '@rectify/identity';
import { Role } from '@rectify/workflows';
import { AppModule } from '../../apps/api/src/app.module.js';

export const BENCH_PASSWORD = 'bench-password-1';
export const BENCH_JWT_SECRET = 'rectify-bench-secret-not-for-production';
export const IN_PROGRESS = 'rectifying.inProgress';

/**
 * The benchmark's world (the e2e fixture's shape): two provinces, cases spread evenly over four
 * regions, each region with the unit that leads its cases and that unit's bureau user.
 */
export const CASE_REGIONS = [
  { regionCode: '360100', unit: '南昌市生态环境局', inspector: 'jx-inspector', supervisor: 'jx-supervisor', bureau: 'nc-bureau' },
  { regionCode: '360102', unit: '东湖区人民政府', inspector: 'jx-inspector', supervisor: 'jx-supervisor', bureau: 'dh-bureau' },
  { regionCode: '360400', unit: '九江市生态环境局', inspector: 'jx-inspector', supervisor: 'jx-supervisor', bureau: 'jj-bureau' },
  { regionCode: '340000', unit: '安徽省生态环境厅', inspector: 'ah-inspector', supervisor: 'ah-supervisor', bureau: 'ah-bureau' },
] as const;

const REGIONS = [
  { code: '100000', name: '中华人民共和国', level: 'nation' as const, parentCode: null },
  { code: '360000', name: '江西省', level: 'province' as const, parentCode: '100000' },
  { code: '360100', name: '南昌市', level: 'city' as const, parentCode: '360000' },
  { code: '360102', name: '东湖区', level: 'county' as const, parentCode: '360100' },
  { code: '360400', name: '九江市', level: 'city' as const, parentCode: '360000' },
  { code: '340000', name: '安徽省', level: 'province' as const, parentCode: '100000' },
];

const USERS: Array<[string, Role, string, string | null]> = [
  ['admin', Role.Admin, '100000', null],
  ['jx-inspector', Role.Inspector, '360000', null],
  ['jx-supervisor', Role.Supervisor, '360000', null],
  ['ah-inspector', Role.Inspector, '340000', null],
  ['ah-supervisor', Role.Supervisor, '340000', null],
  ['nc-bureau', Role.Bureau, '360100', '南昌市生态环境局'],
  ['dh-bureau', Role.Bureau, '360102', '东湖区人民政府'],
  ['jj-bureau', Role.Bureau, '360400', '九江市生态环境局'],
  ['ah-bureau', Role.Bureau, '340000', '安徽省生态环境厅'],
];

/** The configuration every in-process benchmark uses (no HTTP, no seeding, no periodic sweep). */
export function benchConfig(databaseUrl: string, sqliteSynchronous: 'FULL' | 'NORMAL' = 'FULL'): AppConfig {
  return loadConfig({ SEED: 'none', SWEEP_INTERVAL_SECONDS: '0', LOG_LEVEL: 'warn' }, { databaseUrl, jwtSecret: BENCH_JWT_SECRET, sqliteSynchronous });
}

/** The whole application without HTTP: the same module graph `main.ts` serves. */
export async function openEngine(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['fatal', 'error', 'warn'], abortOnError: false });
  await app.init();
  return app;
}

/** Regions, units and users, written straight through the repositories (the e2e fixture's way). */
export async function seedWorld(app: INestApplicationContext): Promise<void> {
  const repo = app.get(IdentityRepository);
  const at = app.get(Clock).now().toISOString();
  for (const region of REGIONS) await repo.insertRegion(region, at);
  await app.get(RegionTreeService).refresh();
  const unitIds = new Map<string, string>();
  for (const r of CASE_REGIONS) {
    const id = newId();
    unitIds.set(r.unit, id);
    await repo.insertUnit({ id, name: r.unit, regionCode: r.regionCode, createdAt: at });
  }
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  for (const [username, role, regionCode, unitName] of USERS) {
    const unitId = unitName ? unitIds.get(unitName)! : null;
    await repo.insertUser({ id: newId(), username, passwordHash, displayName: username, role, regionCode, unitId, createdAt: at });
  }
}

/** Users by username, as the bearer token would present them. */
export async function benchUsers(db: Database): Promise<Map<string, AuthUser>> {
  const rows = await db.all<{ id: string; username: string; role: Role; region_code: string; unit_id: string | null }>(
    'SELECT id, username, role, region_code, unit_id FROM users',
  );
  return new Map(rows.map((r) => [r.username, { id: r.id, username: r.username, role: r.role, regionCode: r.region_code, unitId: r.unit_id }]));
}

/** Cases in `rectifying.inProgress` with the bureau user of their lead unit, in id order. */
export async function casesInProgress(db: Database): Promise<Array<{ id: string; leadUnitId: string }>> {
  const rows = await db.all<{ id: string; lead_unit_id: string }>('SELECT id, lead_unit_id FROM cases WHERE state_detail = ? ORDER BY id', [IN_PROGRESS]);
  return rows.map((r) => ({ id: r.id, leadUnitId: r.lead_unit_id }));
}
