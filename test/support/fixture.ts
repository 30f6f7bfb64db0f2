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

export async function seedFixture(app: NestFastifyApplication): Promise<Fixture> {
  const repo = app.get(IdentityRepository);
  const regions = app.get(RegionTreeService);
  const at = app.get(Clock).now().toISOString();
  for (const r of [
    { code: '100000', name: '中华人民共和国', level: 'nation' as const, parentCode: null },
    { code: '360000', name: '江西省', level: 'province' as const, parentCode: '100000' },
    { code: '360100', name: '南昌市', level: 'city' as const, parentCode: '360000' },
    { code: '360102', name: '东湖区', level: 'county' as const, parentCode: '360100' },
    { code: '360400', name: '九江市', level: 'city' as const, parentCode: '360000' },
    { code: '340000', name: '安徽省', level: 'province' as const, parentCode: '100000' },
  ]) {
    await repo.insertRegion(r, at);
  }
  await regions.refresh();
  const units = { jxEeb: newId(), ncEeb: newId(), dhGov: newId(), jjEeb: newId(), ahEeb: newId() };
  const unitRows: Array<[string, string, string]> = [
    [units.jxEeb, '江西省生态环境厅', '360000'],
    [units.ncEeb, '南昌市生态环境局', '360100'],
    [units.dhGov, '东湖区人民政府', '360102'],
    [units.jjEeb, '九江市生态环境局', '360400'],
    [units.ahEeb, '安徽省生态环境厅', '340000'],
  ];
  for (const [id, name, regionCode] of unitRows) await repo.insertUnit({ id, name, regionCode, createdAt: at });
  // One hash for all fixture users keeps suite start-up fast (scrypt is slow on purpose).
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const users: Array<[string, Role, string, string | null]> = [
    ['admin', Role.Admin, '100000', null],
    ['jx-admin', Role.Admin, '360000', null],
    ['ah-admin', Role.Admin, '340000', null],
    ['jx-inspector', Role.Inspector, '360000', null],
    ['jx-supervisor', Role.Supervisor, '360000', null],
    ['nc-inspector', Role.Inspector, '360100', null],
    ['nc-supervisor', Role.Supervisor, '360100', null],
    ['jj-supervisor', Role.Supervisor, '360400', null],
    ['jj-inspector', Role.Inspector, '360400', null],
    ['ah-inspector', Role.Inspector, '340000', null],
    ['ah-supervisor', Role.Supervisor, '340000', null],
    ['jx-bureau', Role.Bureau, '360000', units.jxEeb],
    ['nc-bureau', Role.Bureau, '360100', units.ncEeb],
    ['dh-bureau', Role.Bureau, '360102', units.dhGov],
    ['jj-bureau', Role.Bureau, '360400', units.jjEeb],
    ['ah-bureau', Role.Bureau, '340000', units.ahEeb],
  ];
  for (const [username, role, regionCode, unitId] of users) {
    await repo.insertUser({ id: newId(), username, passwordHash, displayName: username, role, regionCode, unitId, createdAt: at });
  }
  void app.get(IdentityService);
  return { password: FIXTURE_PASSWORD, units };
}
