import { jest } from '@jest/globals';
import { CATEGORIES, SOURCES } from '@rectify/workflows';
import {
  DEMO_CASES,
  DEMO_PASSWORD,
  DEMO_REGIONS,
  DEMO_TARGETS,
  DEMO_UNITS,
  DEMO_USERS,
  buildDemoCases,
  buildDemoRegions,
  buildDemoUnits,
  buildDemoUsers,
  demoCaseCounts,
  demoTargetCounts,
  type DemoCase,
} from './index.js';

const regionByCode = new Map(DEMO_REGIONS.map((r) => [r.code, r]));
const unitByKey = new Map(DEMO_UNITS.map((u) => [u.key, u]));

function ancestors(code: string): string[] {
  const out: string[] = [];
  let parent = regionByCode.get(code)?.parentCode ?? null;
  while (parent !== null) {
    out.push(parent);
    parent = regionByCode.get(parent)?.parentCode ?? null;
  }
  return out;
}

/** SPEC §3: a unit may serve a case when its region is the case's region, above it or below it. */
function onBranch(unitRegion: string, caseRegion: string): boolean {
  return unitRegion === caseRegion || ancestors(caseRegion).includes(unitRegion) || ancestors(unitRegion).includes(caseRegion);
}

function provinceOf(code: string): string {
  const chain = [code, ...ancestors(code)];
  return chain[chain.length - 2];
}

const count = (filter: (c: DemoCase) => boolean): number => DEMO_CASES.filter(filter).length;

describe('demo regions', () => {
  it('has the nation root, the three provinces and their GB/T 2260 divisions', () => {
    expect(DEMO_REGIONS[0]).toEqual({ code: '100000', name: '中华人民共和国', level: 'nation', parentCode: null });
    expect(DEMO_REGIONS.filter((r) => r.parentCode === '360000').map((r) => r.code)).toEqual([
      '360100', '360200', '360300', '360400', '360500', '360600', '360700', '360800', '360900', '361000', '361100',
    ]);
    expect(DEMO_REGIONS.filter((r) => r.parentCode === '330800').map((r) => r.code)).toEqual([
      '330802', '330803', '330822', '330824', '330825', '330881',
    ]);
    expect(DEMO_REGIONS.filter((r) => r.parentCode === '340000')).toHaveLength(16);
    expect(regionByCode.get('360400')?.name).toBe('九江市');
    expect(regionByCode.get('330822')?.name).toBe('常山县');
    expect(regionByCode.get('341800')?.name).toBe('宣城市');
  });

  it('lists codes once, each parent before its children, each child one level below its parent', () => {
    const levels = ['nation', 'province', 'city', 'county'];
    expect(new Set(DEMO_REGIONS.map((r) => r.code)).size).toBe(DEMO_REGIONS.length);
    const seen = new Set<string>();
    for (const region of DEMO_REGIONS) {
      expect(region.code).toMatch(/^\d{6}$/);
      if (region.parentCode === null) {
        expect(region.level).toBe('nation');
      } else {
        expect(seen.has(region.parentCode)).toBe(true);
        expect(levels.indexOf(region.level)).toBe(levels.indexOf(regionByCode.get(region.parentCode)!.level) + 1);
      }
      seen.add(region.code);
    }
  });
});

describe('demo units and users', () => {
  it('gives every unit a unique key and an existing region', () => {
    expect(new Set(DEMO_UNITS.map((u) => u.key)).size).toBe(DEMO_UNITS.length);
    for (const unit of DEMO_UNITS) expect(regionByCode.has(unit.regionCode)).toBe(true);
  });

  it('has an ecology-environment department/bureau for every province and city', () => {
    for (const region of DEMO_REGIONS.filter((r) => r.level === 'province' || r.level === 'city')) {
      const suffix = region.level === 'province' ? '生态环境厅' : '生态环境局';
      expect(DEMO_UNITS.some((u) => u.regionCode === region.code && u.name === region.name + suffix)).toBe(true);
    }
    for (const county of DEMO_REGIONS.filter((r) => r.level === 'county')) {
      const units = DEMO_UNITS.filter((u) => u.regionCode === county.code).map((u) => u.name);
      expect(units).toContain(`${county.name}人民政府`);
      expect(units).toContain(`衢州市生态环境局${county.name.slice(0, -1)}分局`);
    }
    expect(unitByKey.get('jx-eeb')?.name).toBe('江西省生态环境厅');
    expect(unitByKey.get('jx-nanchang-eeb')?.name).toBe('南昌市生态环境局');
    expect(unitByKey.get('qz-changshan-eeb')?.name).toBe('衢州市生态环境局常山分局');
  });

  it('has unique usernames, valid roles, regions and units, and the shared demo password', () => {
    expect(new Set(DEMO_USERS.map((u) => u.username)).size).toBe(DEMO_USERS.length);
    expect(DEMO_USERS.some((u) => u.username === 'admin')).toBe(false);
    expect(DEMO_PASSWORD.length).toBeGreaterThanOrEqual(8);
    for (const user of DEMO_USERS) {
      expect(user.password).toBe(DEMO_PASSWORD);
      expect(['inspector', 'bureau', 'supervisor', 'admin']).toContain(user.role);
      expect(regionByCode.has(user.regionCode)).toBe(true);
      if (user.role === 'bureau') {
        const unit = unitByKey.get(user.unitKey ?? '');
        expect(unit).toBeDefined();
        expect(unit!.regionCode).toBe(user.regionCode);
      } else {
        expect(user.unitKey).toBeUndefined();
      }
    }
  });

  it('has one user of each role per province', () => {
    for (const province of ['360000', '330000', '340000']) {
      const roles = DEMO_USERS.filter((u) => provinceOf(u.regionCode) === province).map((u) => u.role);
      expect(new Set(roles)).toEqual(new Set(['inspector', 'bureau', 'supervisor', 'admin']));
    }
    const byName = new Map(DEMO_USERS.map((u) => [u.username, u]));
    expect(byName.get('jx-bureau')?.unitKey).toBe('jx-jiujiang-eeb');
    expect(byName.get('qz-supervisor')?.regionCode).toBe('330800');
    expect(byName.get('qz-bureau')?.unitKey).toBe('qz-changshan-gov');
  });
});

describe('demo cases', () => {
  it('reproduces the SPEC §1 workloads exactly', () => {
    const jx = (c: DemoCase) => provinceOf(c.regionCode) === '360000';
    const zj = (c: DemoCase) => provinceOf(c.regionCode) === '330000';
    const ah = (c: DemoCase) => provinceOf(c.regionCode) === '340000';
    // Jiangxi 2020
    expect(count((c) => jx(c) && c.source === 'central_inspection')).toBe(6);
    expect(count((c) => jx(c) && c.source === 'central_inspection_revisit')).toBe(21);
    expect(count((c) => jx(c) && c.source === 'provincial_inspection')).toBe(101);
    expect(count((c) => jx(c) && c.source === 'warning_film' && c.batch.includes('2018'))).toBe(1);
    expect(count((c) => jx(c) && c.source === 'warning_film' && c.batch.includes('2019'))).toBe(11);
    expect(count((c) => jx(c) && c.source === 'warning_film')).toBe(12);
    expect(count((c) => jx(c) && c.source === 'audit')).toBe(25);
    expect(count(jx)).toBe(165);
    // Quzhou 2020
    expect(count((c) => zj(c) && c.source === 'provincial_inspection')).toBe(12);
    expect(count((c) => zj(c) && c.source === 'petition' && c.batch === '2020-中央信访件')).toBe(4);
    expect(count((c) => zj(c) && c.source === 'routine' && c.batch === '2020-华东督察局暗访')).toBe(41);
    expect(count((c) => zj(c) && c.source === 'routine' && c.batch === '2020-自查自纠')).toBe(27);
    expect(count(zj)).toBe(84);
    expect(DEMO_CASES.filter(zj).every((c) => c.regionCode.startsWith('3308'))).toBe(true);
    // Anhui 2024
    const list = DEMO_CASES.filter((c) => ah(c) && c.batch === '2024-1+1+N任务清单');
    expect(list).toHaveLength(10);
    expect(new Set(list.map((c) => c.source)).size).toBeGreaterThan(2);
    const petitions = DEMO_CASES.filter((c) => ah(c) && c.source === 'petition');
    expect(petitions.length).toBeGreaterThan(0);
    expect(petitions.every((c) => c.target === 'closed')).toBe(true);
    expect(count(ah)).toBe(10 + petitions.length);
  });

  it('summarises counts per (province, source, batch)', () => {
    const rows = demoCaseCounts();
    const get = (provinceCode: string, source: string, batch: string) =>
      rows.find((r) => r.provinceCode === provinceCode && r.source === source && r.batch === batch)?.count;
    expect(get('360000', 'central_inspection', '2020-中央环保督察反馈')).toBe(6);
    expect(get('360000', 'central_inspection_revisit', '2020-中央环保督察回头看反馈')).toBe(21);
    expect(get('360000', 'provincial_inspection', '2020-省级环保督察反馈')).toBe(101);
    expect(get('360000', 'warning_film', '2018-长江经济带警示片')).toBe(1);
    expect(get('360000', 'warning_film', '2019-长江经济带警示片')).toBe(11);
    expect(get('360000', 'audit', '2020-审计发现问题')).toBe(25);
    expect(get('330000', 'provincial_inspection', '2020-省级环保督察交办')).toBe(12);
    expect(get('330000', 'petition', '2020-中央信访件')).toBe(4);
    expect(get('330000', 'routine', '2020-华东督察局暗访')).toBe(41);
    expect(get('330000', 'routine', '2020-自查自纠')).toBe(27);
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(DEMO_CASES.length);
    expect(rows.find((r) => r.provinceCode === '360000')?.provinceName).toBe('江西省');
  });

  it('uses only known sources, categories, severities and targets', () => {
    for (const c of DEMO_CASES) {
      expect(SOURCES).toContain(c.source);
      expect(CATEGORIES).toContain(c.category);
      expect(['normal', 'major', 'critical']).toContain(c.severity);
      expect(DEMO_TARGETS).toContain(c.target);
      expect(c.title.length).toBeGreaterThan(5);
      expect(c.description).toContain(c.title);
    }
  });

  it('spreads the cases over the whole lifecycle, most older ones closed', () => {
    const targets = demoTargetCounts();
    for (const t of DEMO_TARGETS) expect(targets[t]).toBeGreaterThan(0);
    expect(targets.closed).toBeGreaterThan(DEMO_CASES.length / 3);
    expect(targets.rectifying).toBeGreaterThan(DEMO_CASES.length / 5);
    const central = DEMO_CASES.filter((c) => c.source === 'central_inspection' && c.regionCode.startsWith('36'));
    expect(central.filter((c) => c.target === 'closed' || c.target === 'reboundCheck').length).toBeGreaterThan(central.length / 2);
  });

  it('places each case in a city or county of its province, reported within the workload year', () => {
    for (const c of DEMO_CASES) {
      const region = regionByCode.get(c.regionCode);
      expect(region && ['city', 'county'].includes(region.level)).toBe(true);
      const year = provinceOf(c.regionCode) === '340000' ? '2024' : '2020';
      expect(c.reportedAt).toMatch(new RegExp(`^${year}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$`));
      expect(new Date(c.reportedAt).toISOString()).toBe(c.reportedAt);
    }
  });

  it('resolves every unit reference, on the branch of the case region', () => {
    for (const c of DEMO_CASES) {
      const lead = unitByKey.get(c.leadUnitKey);
      expect(lead).toBeDefined();
      expect(onBranch(lead!.regionCode, c.regionCode)).toBe(true);
      expect(c.coUnitKeys).not.toContain(c.leadUnitKey);
      expect(new Set(c.coUnitKeys).size).toBe(c.coUnitKeys.length);
      for (const key of c.coUnitKeys) {
        const co = unitByKey.get(key);
        expect(co).toBeDefined();
        expect(onBranch(co!.regionCode, c.regionCode)).toBe(true);
      }
    }
  });

  it('has externalRef unique per source', () => {
    for (const source of SOURCES) {
      const refs = DEMO_CASES.filter((c) => c.source === source).map((c) => c.externalRef);
      expect(new Set(refs).size).toBe(refs.length);
    }
    expect(DEMO_CASES.every((c) => /^[A-Z]{2}-\d{4}-[A-Z0-9]+-\d{3}$/.test(c.externalRef))).toBe(true);
  });

  it('gives the demo bureau users cases to work on', () => {
    const leads = (key: string) => DEMO_CASES.filter((c) => c.leadUnitKey === key).length;
    const coOf = (key: string) => DEMO_CASES.filter((c) => c.coUnitKeys.includes(key)).length;
    expect(leads('jx-jiujiang-eeb')).toBeGreaterThanOrEqual(15);
    expect(leads('qz-changshan-gov')).toBeGreaterThanOrEqual(8);
    expect(leads('ah-hefei-eeb')).toBeGreaterThan(0);
    for (const user of DEMO_USERS.filter((u) => u.role === 'bureau')) {
      expect(leads(user.unitKey!) + coOf(user.unitKey!)).toBeGreaterThan(0);
    }
  });

  it('is deterministic and never uses Math.random or the clock', () => {
    const random = jest.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    const now = jest.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now used');
    });
    try {
      expect(buildDemoRegions()).toEqual(DEMO_REGIONS);
      expect(buildDemoUnits()).toEqual(DEMO_UNITS);
      expect(buildDemoUsers()).toEqual(DEMO_USERS);
      const first = buildDemoCases();
      expect(first).toEqual(DEMO_CASES);
      expect(buildDemoCases()).toEqual(first);
      expect(first).not.toBe(DEMO_CASES);
    } finally {
      random.mockRestore();
      now.mockRestore();
    }
  });

  it('is the same data when the module is imported again', async () => {
    let again: typeof import('./index.js') | undefined;
    await jest.isolateModulesAsync(async () => {
      again = await import('./index.js');
    });
    expect(again!.DEMO_CASES).not.toBe(DEMO_CASES); // a fresh evaluation of the module…
    expect(again!.DEMO_CASES).toEqual(DEMO_CASES); // …gives the same data
    expect(again!.DEMO_USERS).toEqual(DEMO_USERS);
    expect(again!.DEMO_UNITS).toEqual(DEMO_UNITS);
    expect(again!.DEMO_REGIONS).toEqual(DEMO_REGIONS);
  });
});
