/**
 * Demo responsible units (责任单位). `key` is a stable slug other seed records (users, cases) use
 * to refer to a unit; the database id is assigned when the seed is loaded.
 */
import {
  ANHUI_CITIES,
  DEMO_PROVINCES,
  JIANGXI_CITIES,
  QUZHOU,
  QUZHOU_COUNTIES,
  type DemoPlace,
  type DemoProvinceKey,
} from './demo-regions.js';

export interface DemoUnit {
  key: string;
  name: string;
  regionCode: string;
}

/** Provincial departments other than the ecology-environment department, by topic. */
export type DemoDepartment = 'water' | 'nr' | 'housing' | 'agri' | 'forestry';

export const DEPARTMENT_NAMES: Record<DemoDepartment, string> = {
  water: '水利厅',
  nr: '自然资源厅',
  housing: '住房和城乡建设厅',
  agri: '农业农村厅',
  forestry: '林业局',
};

/** Which provincial departments each demo province has as units. */
export const PROVINCE_DEPARTMENTS: Record<DemoProvinceKey, DemoDepartment[]> = {
  jx: ['water', 'nr', 'housing', 'agri', 'forestry'],
  zj: [],
  ah: ['water', 'nr'],
};

/** Prefecture-level cities that have their people's government (市人民政府) as a unit. */
export const CITY_GOVERNMENTS: Record<DemoProvinceKey, string[]> = {
  jx: ['nanchang', 'jiujiang', 'ganzhou', 'shangrao'],
  zj: ['quzhou'],
  ah: ['hefei', 'wuhu', 'anqing'],
};

// Key builders, shared with the case and user generators so that keys never drift apart.
export const provinceEebKey = (p: DemoProvinceKey): string => `${p}-eeb`;
export const departmentKey = (p: DemoProvinceKey, d: DemoDepartment): string => `${p}-${d}`;
/** Quzhou's units use the `qz` prefix (its province is Zhejiang, `zj`). */
export const cityEebKey = (p: DemoProvinceKey, city: DemoPlace): string =>
  p === 'zj' ? 'qz-eeb' : `${p}-${city.slug}-eeb`;
export const cityGovKey = (p: DemoProvinceKey, city: DemoPlace): string =>
  p === 'zj' ? 'qz-gov' : `${p}-${city.slug}-gov`;
export const countyGovKey = (county: DemoPlace): string => `qz-${county.slug}-gov`;
export const countyEebKey = (county: DemoPlace): string => `qz-${county.slug}-eeb`;

function provinceUnits(p: DemoProvinceKey): DemoUnit[] {
  const province = DEMO_PROVINCES[p];
  return [
    { key: provinceEebKey(p), name: `${province.name}生态环境厅`, regionCode: province.code },
    ...PROVINCE_DEPARTMENTS[p].map((d) => ({
      key: departmentKey(p, d),
      name: `${province.name}${DEPARTMENT_NAMES[d]}`,
      regionCode: province.code,
    })),
  ];
}

function cityUnits(p: DemoProvinceKey, cities: DemoPlace[]): DemoUnit[] {
  return cities.flatMap((city) => [
    { key: cityEebKey(p, city), name: `${city.name}生态环境局`, regionCode: city.code },
    ...(CITY_GOVERNMENTS[p].includes(city.slug)
      ? [{ key: cityGovKey(p, city), name: `${city.name}人民政府`, regionCode: city.code }]
      : []),
  ]);
}

function quzhouCountyUnits(): DemoUnit[] {
  return QUZHOU_COUNTIES.flatMap((county) => [
    { key: countyGovKey(county), name: `${county.name}人民政府`, regionCode: county.code },
    {
      // 衢州市生态环境局常山分局: the city bureau's branch in the county.
      key: countyEebKey(county),
      name: `${QUZHOU.name}生态环境局${county.name.slice(0, -1)}分局`,
      regionCode: county.code,
    },
  ]);
}

export function buildDemoUnits(): DemoUnit[] {
  return [
    ...provinceUnits('jx'),
    ...cityUnits('jx', JIANGXI_CITIES),
    ...provinceUnits('zj'),
    ...cityUnits('zj', [QUZHOU]),
    ...quzhouCountyUnits(),
    ...provinceUnits('ah'),
    ...cityUnits('ah', ANHUI_CITIES),
  ];
}

export const DEMO_UNITS: DemoUnit[] = buildDemoUnits();
