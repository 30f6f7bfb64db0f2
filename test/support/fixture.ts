import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Clock, newId } from '@rectify/core';
import { IdentityRepository, IdentityService, RegionTreeService, hashPassword } from '@rectify/identity';
import { Role } from '@rectify/workflows';

/**
 * A small world for the e2e suites: one province with two cities and a county, and a second
 * province; a bureau per city; one user of each role at each place that matters.
 *
 *   100000 nation (admin: the only national admin)
 *   ├── 360000 江西省  (jx-admin, jx-inspector, jx-supervisor)
 *   │   ├── 360100 南昌市 (nc-inspector, nc-supervisor; unit nc-eeb → nc-bureau)
 *   │   │   └── 360102 东湖区 (unit dh-gov → dh-bureau)
 *   │   └── 360400 九江市 (jj-supervisor; unit jj-eeb → jj-bureau)
 *   └── 340000 安徽省 (ah-admin, ah-inspector, ah-supervisor; unit ah-eeb → ah-bureau)
 */
export interface Fixture {
  password: string;
  units: Record<'jxEeb' | 'ncEeb' | 'dhGov' | 'jjEeb' | 'ahEeb', string>;
}

export const FIXTURE_PASSWORD = 'test-password-1';

type UnitKey = keyof Fixture['units'];

/** The world's regions, units and users: one definition for the in-process suites (seedFixture) and the child-process ones (buildWorld). */
export const FIXTURE_REGIONS = [
  { code: '100000', name: '中华人民共和国', level: 'nation' as const, parentCode: null },
  { code: '360000', name: '江西省', level: 'province' as const, parentCode: '100000' },
  { code: '360100', name: '南昌市', level: 'city' as const, parentCode: '360000' },
  { code: '360102', name: '东湖区', level: 'county' as const, parentCode: '360100' },
  { code: '360400', name: '九江市', level: 'city' as const, parentCode: '360000' },
  { code: '340000', name: '安徽省', level: 'province' as const, parentCode: '100000' },
];
export const FIXTURE_UNITS: Array<{ key: UnitKey; name: string; regionCode: string }> = [
  { key: 'jxEeb', name: '江西省生态环境厅', regionCode: '360000' },
  { key: 'ncEeb', name: '南昌市生态环境局', regionCode: '360100' },
  { key: 'dhGov', name: '东湖区人民政府', regionCode: '360102' },
  { key: 'jjEeb', name: '九江市生态环境局', regionCode: '360400' },
  { key: 'ahEeb', name: '安徽省生态环境厅', regionCode: '340000' },
];
export const FIXTURE_USERS: Array<{ username: string; role: Role; regionCode: string; unit: UnitKey | null }> = [
  { username: 'admin', role: Role.Admin, regionCode: '100000', unit: null },
  { username: 'jx-admin', role: Role.Admin, regionCode: '360000', unit: null },
  { username: 'ah-admin', role: Role.Admin, regionCode: '340000', unit: null },
  { username: 'jx-inspector', role: Role.Inspector, regionCode: '360000', unit: null },
  { username: 'jx-supervisor', role: Role.Supervisor, regionCode: '360000', unit: null },
  { username: 'nc-inspector', role: Role.Inspector, regionCode: '360100', unit: null },
  { username: 'nc-supervisor', role: Role.Supervisor, regionCode: '360100', unit: null },
  { username: 'jj-supervisor', role: Role.Supervisor, regionCode: '360400', unit: null },
  { username: 'jj-inspector', role: Role.Inspector, regionCode: '360400', unit: null },
  { username: 'ah-inspector', role: Role.Inspector, regionCode: '340000', unit: null },
  { username: 'ah-supervisor', role: Role.Supervisor, regionCode: '340000', unit: null },
  { username: 'jx-bureau', role: Role.Bureau, regionCode: '360000', unit: 'jxEeb' },
  { username: 'nc-bureau', role: Role.Bureau, regionCode: '360100', unit: 'ncEeb' },
  { username: 'dh-bureau', role: Role.Bureau, regionCode: '360102', unit: 'dhGov' },
  { username: 'jj-bureau', role: Role.Bureau, regionCode: '360400', unit: 'jjEeb' },
  { username: 'ah-bureau', role: Role.Bureau, regionCode: '340000', unit: 'ahEeb' },
];

/** What buildWorld needs of a client of the real service (test/support/service-process.ts's ApiClient). */
export interface WorldApi {
  ok(method: string, path: string, token: string | null, body?: unknown): Promise<any>;
  login(username: string, password: string): Promise<string>;
}

/** The fixture world inside a service started as a child process: its units' ids and its users' tokens. */
export interface World {
  password: string;
  units: Fixture['units'];
  /** The national admin (created by the service from ADMIN_PASSWORD). */
  admin: string;
  /** The bearer token of a fixture user that buildWorld was asked for; throws for any other. */
  as(username: string): string;
}

/**
 * The same world as seedFixture, built through the admin API of a fresh service (the child-process
 * suites cannot reach its repositories): every region and unit, and the fixture users named in
 * `users` (each costs a password hash and a login, so a suite asks only for those it uses), logged in.
 */
export async function buildWorld(api: WorldApi, adminPassword: string, users: readonly string[]): Promise<World> {
  const admin = await api.login('admin', adminPassword);
  for (const r of FIXTURE_REGIONS) if (r.parentCode !== null) await api.ok('POST', '/regions', admin, r);
  const units = {} as Fixture['units'];
  for (const u of FIXTURE_UNITS) units[u.key] = (await api.ok('POST', '/units', admin, { name: u.name, regionCode: u.regionCode })).id as string;
  const tokens = new Map<string, string>();
  for (const username of users) {
    const u = FIXTURE_USERS.find((f) => f.username === username);
    if (!u || u.username === 'admin') throw new Error(`buildWorld: ${username} is not a fixture user (the national admin comes with the service)`);
    const unitId = u.unit ? units[u.unit] : undefined;
    await api.ok('POST', '/users', admin, { username, password: FIXTURE_PASSWORD, displayName: username, role: u.role, regionCode: u.regionCode, ...(unitId ? { unitId } : {}) });
    tokens.set(username, await api.login(username, FIXTURE_PASSWORD));
  }
  return {
    password: FIXTURE_PASSWORD,
    units,
    admin,
    as(username: string) {
      const token = tokens.get(username);
      if (!token) throw new Error(`buildWorld was not asked for ${username} (users: ${[...tokens.keys()].join(', ')})`);
      return token;
    },
  };
}

export async function seedFixture(app: NestFastifyApplication): Promise<Fixture> {
  const repo = app.get(IdentityRepository);
  const regions = app.get(RegionTreeService);
  const at = app.get(Clock).now().toISOString();
  for (const r of FIXTURE_REGIONS) await repo.insertRegion(r, at);
  await regions.refresh();
  const units = Object.fromEntries(FIXTURE_UNITS.map((u) => [u.key, newId()])) as Fixture['units'];
  for (const u of FIXTURE_UNITS) await repo.insertUnit({ id: units[u.key], name: u.name, regionCode: u.regionCode, createdAt: at });
  // One hash for all fixture users keeps suite start-up fast (scrypt is slow on purpose).
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  for (const u of FIXTURE_USERS) {
    await repo.insertUser({ id: newId(), username: u.username, passwordHash, displayName: u.username, role: u.role, regionCode: u.regionCode, unitId: u.unit ? units[u.unit] : null, createdAt: at });
  }
  void app.get(IdentityService);
  return { password: FIXTURE_PASSWORD, units };
}
