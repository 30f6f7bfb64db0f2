/**
 * Demo administrative divisions (行政区划), codes per GB/T 2260. Only the branches the demo
 * workloads of SPEC §1 need: Jiangxi with its 11 prefecture-level cities, Zhejiang › Quzhou with
 * its 6 county-level divisions, Anhui with its 16 prefecture-level cities.
 */

export type DemoRegionLevel = 'nation' | 'province' | 'city' | 'county';

export interface DemoRegion {
  code: string;
  name: string;
  level: DemoRegionLevel;
  parentCode: string | null;
}

/** The three demo provinces, by the prefix used in unit keys, usernames and external refs. */
export type DemoProvinceKey = 'jx' | 'zj' | 'ah';

/** A place below a province: its code, its name and the pinyin slug used in unit keys. */
export interface DemoPlace {
  code: string;
  name: string;
  slug: string;
}

export const NATION_CODE = '100000';

export const DEMO_PROVINCES: Record<DemoProvinceKey, DemoPlace> = {
  jx: { code: '360000', name: '江西省', slug: 'jx' },
  zj: { code: '330000', name: '浙江省', slug: 'zj' },
  ah: { code: '340000', name: '安徽省', slug: 'ah' },
};

export const JIANGXI_CITIES: DemoPlace[] = [
  { code: '360100', name: '南昌市', slug: 'nanchang' },
  { code: '360200', name: '景德镇市', slug: 'jingdezhen' },
  { code: '360300', name: '萍乡市', slug: 'pingxiang' },
  { code: '360400', name: '九江市', slug: 'jiujiang' },
  { code: '360500', name: '新余市', slug: 'xinyu' },
  { code: '360600', name: '鹰潭市', slug: 'yingtan' },
  { code: '360700', name: '赣州市', slug: 'ganzhou' },
  { code: '360800', name: '吉安市', slug: 'jian' },
  { code: '360900', name: '宜春市', slug: 'yichun' },
  { code: '361000', name: '抚州市', slug: 'fuzhou' },
  { code: '361100', name: '上饶市', slug: 'shangrao' },
];

export const QUZHOU: DemoPlace = { code: '330800', name: '衢州市', slug: 'quzhou' };

export const QUZHOU_COUNTIES: DemoPlace[] = [
  { code: '330802', name: '柯城区', slug: 'kecheng' },
  { code: '330803', name: '衢江区', slug: 'qujiang' },
  { code: '330822', name: '常山县', slug: 'changshan' },
  { code: '330824', name: '开化县', slug: 'kaihua' },
  { code: '330825', name: '龙游县', slug: 'longyou' },
  { code: '330881', name: '江山市', slug: 'jiangshan' },
];

export const ANHUI_CITIES: DemoPlace[] = [
  { code: '340100', name: '合肥市', slug: 'hefei' },
  { code: '340200', name: '芜湖市', slug: 'wuhu' },
  { code: '340300', name: '蚌埠市', slug: 'bengbu' },
  { code: '340400', name: '淮南市', slug: 'huainan' },
  { code: '340500', name: '马鞍山市', slug: 'maanshan' },
  { code: '340600', name: '淮北市', slug: 'huaibei' },
  { code: '340700', name: '铜陵市', slug: 'tongling' },
  { code: '340800', name: '安庆市', slug: 'anqing' },
  { code: '341000', name: '黄山市', slug: 'huangshan' },
  { code: '341100', name: '滁州市', slug: 'chuzhou' },
  { code: '341200', name: '阜阳市', slug: 'fuyang' },
  { code: '341300', name: '宿州市', slug: 'suzhou' },
  { code: '341500', name: '六安市', slug: 'luan' },
  { code: '341600', name: '亳州市', slug: 'bozhou' },
  { code: '341700', name: '池州市', slug: 'chizhou' },
  { code: '341800', name: '宣城市', slug: 'xuancheng' },
];

/** Builds the region list; parents always come before their children. */
export function buildDemoRegions(): DemoRegion[] {
  const { jx, zj, ah } = DEMO_PROVINCES;
  const below = (places: DemoPlace[], level: DemoRegionLevel, parentCode: string): DemoRegion[] =>
    places.map((p) => ({ code: p.code, name: p.name, level, parentCode }));
  return [
    { code: NATION_CODE, name: '中华人民共和国', level: 'nation', parentCode: null },
    { code: jx.code, name: jx.name, level: 'province', parentCode: NATION_CODE },
    ...below(JIANGXI_CITIES, 'city', jx.code),
    { code: zj.code, name: zj.name, level: 'province', parentCode: NATION_CODE },
    { code: QUZHOU.code, name: QUZHOU.name, level: 'city', parentCode: zj.code },
    ...below(QUZHOU_COUNTIES, 'county', QUZHOU.code),
    { code: ah.code, name: ah.name, level: 'province', parentCode: NATION_CODE },
    ...below(ANHUI_CITIES, 'city', ah.code),
  ];
}

export const DEMO_REGIONS: DemoRegion[] = buildDemoRegions();

/** The code of the province (the highest region below the nation) that `regionCode` lies in. */
export function demoProvinceCodeOf(regionCode: string, regions: DemoRegion[] = DEMO_REGIONS): string | null {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  let region = byCode.get(regionCode);
  while (region && region.level !== 'province') {
    region = region.parentCode === null ? undefined : byCode.get(region.parentCode);
  }
  return region?.code ?? null;
}
