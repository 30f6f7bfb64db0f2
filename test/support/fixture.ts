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

/** The world's regions, units and users: one definition for the in-process suites (seedFixture) and the child-process ones (setUpWorld). */
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
