/**
 * Demo cases reproducing the real workloads of SPEC §1 (Jiangxi 2020, Quzhou 2020, Anhui 2024).
 * Generated from templates with a seeded PRNG: the same on every run, no Math.random, no clock.
 *
 * A case is created in `reported` with `reportedAt`; the seeder then drives it with the case machine
 * to its `target` state (see DemoTarget).
 */
import type { Category, Source } from '@rectify/workflows';
import { PROBLEM_TEMPLATES, type ProblemTemplate } from './demo-case-templates.js';
import { mulberry32, pickWeighted, randomIndex, seedFrom } from './prng.js';
import {
  ANHUI_CITIES,
  DEMO_PROVINCES,
  DEMO_REGIONS,
  JIANGXI_CITIES,
  QUZHOU,
  QUZHOU_COUNTIES,
  demoProvinceCodeOf,
  type DemoPlace,
  type DemoProvinceKey,
} from './demo-regions.js';
import {
  CITY_GOVERNMENTS,
  PROVINCE_DEPARTMENTS,
  cityEebKey,
  cityGovKey,
  countyEebKey,
  countyGovKey,
  departmentKey,
} from './demo-units.js';

/**
 * Where the seeder takes a case (all start in `reported`):
 * - `reported`: left as logged; `assigned`: ASSIGN;
 * - `rectifying`: ASSIGN, ACCEPT (state `rectifying.inProgress`);
 * - `awaitingVerification`: … SUBMIT_EVIDENCE (state `rectifying.awaitingVerification`);
 * - `verified`: … VERIFY_PASS; `closed`: … CLOSE; `reboundCheck`: … CLOSE, START_REVISIT;
 * - `withdrawn`: WITHDRAW from `reported`;
 * - `returned`: ASSIGN then RETURN by the lead unit, so the case is back in `reported`.
 */
export const DEMO_TARGETS = [
  'reported',
  'assigned',
  'rectifying',
  'awaitingVerification',
  'verified',
  'closed',
  'reboundCheck',
  'withdrawn',
  'returned',
] as const;
export type DemoTarget = (typeof DEMO_TARGETS)[number];

export type DemoSeverity = 'normal' | 'major' | 'critical';

export interface DemoCase {
  /** Unique per source (e.g. 'JX-2020-PI-001'). */
  externalRef: string;
  title: string;
  description: string;
  source: Source;
  category: Category;
  severity: DemoSeverity;
  /** A city or county of the case's province. */
  regionCode: string;
  batch: string;
  /** ISO instant in UTC, within the workload's year, during office hours in Asia/Shanghai. */
  reportedAt: string;
  /**
   * Unit key (DEMO_UNITS) of the lead unit, on the region's branch of the tree. For cases that are
   * never assigned (`reported`, `withdrawn`) it is the unit an assignment would go to.
   */
  leadUnitKey: string;
  /** Unit keys of the co-units, also on the region's branch; never contains the lead unit. */
  coUnitKeys: string[];
  target: DemoTarget;
}

interface BatchPlan {
  province: DemoProvinceKey;
  batch: string;
  /** One source for the whole batch, or one per case (in externalRef order). */
  source: Source | Source[];
  refPrefix: string;
  count: number;
  year: number;
  /** Reporting window, months 1..12 inclusive. */
  months: [from: number, to: number];
  regions: Array<[code: string, weight: number]>;
  categories: Array<[Category, number]>;
  /** Weights of normal, major, critical. */
  severity: [number, number, number];
  targets: Array<[DemoTarget, number]>;
  /** The year of the warning film, for warning_film cases. */
  filmYear?: number;
  /** Replaces the default opening of the description for this batch. */
  intro?: string;
  /** Appended to every description of the batch. */
  note?: string;
}

const DEFAULT_CATEGORIES: Array<[Category, number]> = [
  ['water', 30],
  ['air', 22],
  ['solid_waste', 15],
  ['ecology', 15],
  ['soil', 7],
  ['other', 6],
  ['noise', 3],
  ['radiation', 2],
];
const FILM_CATEGORIES: Array<[Category, number]> = [
  ['water', 40],
  ['ecology', 35],
  ['solid_waste', 20],
  ['soil', 5],
];
const AUDIT_CATEGORIES: Array<[Category, number]> = [
  ['other', 30],
  ['water', 25],
  ['ecology', 20],
  ['air', 15],
  ['solid_waste', 10],
];
const ROUTINE_CATEGORIES: Array<[Category, number]> = [
  ['water', 30],
  ['air', 25],
  ['solid_waste', 25],
  ['ecology', 8],
  ['noise', 7],
  ['other', 5],
];
const PETITION_CATEGORIES: Array<[Category, number]> = [
  ['air', 30],
  ['noise', 30],
  ['water', 25],
  ['solid_waste', 15],
];

const weightedPlaces = (places: DemoPlace[], heavy: Record<string, number>, base = 1): Array<[string, number]> =>
  places.map((p) => [p.code, heavy[p.slug] ?? base]);

const JX_REGIONS = weightedPlaces(JIANGXI_CITIES, { jiujiang: 4, nanchang: 2, shangrao: 2, ganzhou: 2 });

const QUZHOU_NOTE = '按照“倒排工期、挂图作战”要求推进整改，严防反弹。';

/** The workloads of SPEC §1. Counts here are the contract the spec test checks. */
const BATCH_PLANS: BatchPlan[] = [
  // ── Jiangxi 2020 ──
  {
    province: 'jx',
    batch: '2020-中央环保督察反馈',
    source: 'central_inspection',
    refPrefix: 'JX-2020-CI',
    count: 6,
    year: 2020,
    months: [1, 3],
    regions: JX_REGIONS,
    categories: DEFAULT_CATEGORIES,
    severity: [0, 3, 2],
    targets: [
      ['closed', 4],
      ['reboundCheck', 1],
      ['verified', 1],
    ],
  },
  {
    province: 'jx',
    batch: '2020-中央环保督察回头看反馈',
    source: 'central_inspection_revisit',
    refPrefix: 'JX-2020-CIR',
    count: 21,
    year: 2020,
    months: [1, 4],
    regions: JX_REGIONS,
    categories: DEFAULT_CATEGORIES,
    severity: [2, 3, 1],
    targets: [
      ['closed', 13],
      ['reboundCheck', 1],
      ['verified', 1],
      ['awaitingVerification', 2],
      ['rectifying', 4],
    ],
  },
  {
    province: 'jx',
    batch: '2020-省级环保督察反馈',
    source: 'provincial_inspection',
    refPrefix: 'JX-2020-PI',
    count: 101,
    year: 2020,
    months: [4, 10],
    regions: JX_REGIONS,
    categories: DEFAULT_CATEGORIES,
    severity: [6, 3, 1],
    targets: [
      ['closed', 45],
      ['reboundCheck', 3],
      ['verified', 6],
      ['awaitingVerification', 9],
      ['rectifying', 25],
      ['assigned', 6],
      ['returned', 2],
      ['reported', 4],
      ['withdrawn', 1],
    ],
  },
  {
    province: 'jx',
    batch: '2018-长江经济带警示片',
    source: 'warning_film',
    refPrefix: 'JX-2018-WF',
    count: 1,
    year: 2020,
    months: [1, 2],
    regions: [['360400', 1]],
    categories: FILM_CATEGORIES,
    severity: [0, 0, 1],
    filmYear: 2018,
    targets: [['closed', 1]],
  },
  {
    province: 'jx',
    batch: '2019-长江经济带警示片',
    source: 'warning_film',
    refPrefix: 'JX-2019-WF',
    count: 11,
    year: 2020,
    months: [1, 6],
    regions: weightedPlaces(JIANGXI_CITIES, { jiujiang: 5, nanchang: 2, shangrao: 2, jingdezhen: 1, yichun: 1 }, 0),
    categories: FILM_CATEGORIES,
    severity: [0, 2, 3],
    filmYear: 2019,
    targets: [
      ['closed', 6],
      ['verified', 1],
      ['awaitingVerification', 1],
      ['rectifying', 3],
    ],
  },
  {
    province: 'jx',
    batch: '2020-审计发现问题',
    source: 'audit',
    refPrefix: 'JX-2020-AU',
    count: 25,
    year: 2020,
    months: [3, 11],
    regions: JX_REGIONS,
    categories: AUDIT_CATEGORIES,
    severity: [6, 3, 0],
    targets: [
      ['closed', 11],
      ['verified', 1],
      ['awaitingVerification', 2],
      ['rectifying', 6],
      ['assigned', 2],
      ['returned', 1],
      ['reported', 1],
      ['withdrawn', 1],
    ],
  },
  // ── Zhejiang › Quzhou 2020 ──
  {
    province: 'zj',
    batch: '2020-省级环保督察交办',
    source: 'provincial_inspection',
    refPrefix: 'QZ-2020-PI',
    count: 12,
    year: 2020,
    months: [4, 7],
    regions: [[QUZHOU.code, 3], ...weightedPlaces(QUZHOU_COUNTIES, { changshan: 2 })],
    categories: DEFAULT_CATEGORIES,
    severity: [3, 2, 1],
    note: QUZHOU_NOTE,
    targets: [
      ['closed', 2],
      ['reboundCheck', 1],
      ['verified', 1],
      ['awaitingVerification', 2],
      ['rectifying', 6],
    ],
  },
  {
    province: 'zj',
    batch: '2020-中央信访件',
    source: 'petition',
    refPrefix: 'QZ-2020-XF',
    count: 4,
    year: 2020,
    months: [8, 9],
    regions: weightedPlaces(QUZHOU_COUNTIES, { kaihua: 0, longyou: 0 }),
    categories: PETITION_CATEGORIES,
    severity: [2, 2, 0],
    intro: '中央生态环境保护督察组转办信访件反映：',
    targets: [
      ['closed', 2],
      ['verified', 1],
      ['rectifying', 1],
    ],
  },
  {
    province: 'zj',
    batch: '2020-华东督察局暗访',
    source: 'routine',
    refPrefix: 'QZ-2020-AF',
    count: 41,
    year: 2020,
    months: [5, 10],
    regions: weightedPlaces(QUZHOU_COUNTIES, { changshan: 4 }, 2),
    categories: ROUTINE_CATEGORIES,
    severity: [6, 2, 0],
    intro: '生态环境部华东督察局暗访发现：',
    note: QUZHOU_NOTE,
    targets: [
      ['closed', 18],
      ['reboundCheck', 1],
      ['verified', 2],
      ['awaitingVerification', 4],
      ['rectifying', 10],
      ['assigned', 3],
      ['returned', 1],
      ['reported', 1],
      ['withdrawn', 1],
    ],
  },
  {
    province: 'zj',
    batch: '2020-自查自纠',
    source: 'routine',
    refPrefix: 'QZ-2020-ZC',
    count: 27,
    year: 2020,
    months: [2, 12],
    regions: weightedPlaces(QUZHOU_COUNTIES, { changshan: 2 }),
    categories: ROUTINE_CATEGORIES,
    severity: [8, 1, 0],
    intro: '属地自查自纠发现：',
    targets: [
      ['closed', 11],
      ['verified', 1],
      ['awaitingVerification', 2],
      ['rectifying', 6],
      ['assigned', 2],
      ['returned', 1],
      ['reported', 3],
      ['withdrawn', 1],
    ],
  },
  // ── Anhui 2024 ──
  {
    province: 'ah',
    batch: '2024-1+1+N任务清单',
    source: [
      'central_inspection',
      'warning_film',
      'provincial_inspection',
      'provincial_inspection',
      'central_inspection_revisit',
      'audit',
      'provincial_inspection',
      'routine',
      'warning_film',
      'routine',
    ],
    refPrefix: 'AH-2024-1N',
    count: 10,
    year: 2024,
    months: [2, 4],
    regions: weightedPlaces(ANHUI_CITIES, { hefei: 3, wuhu: 2, anqing: 2, maanshan: 1, tongling: 1, chizhou: 1, bengbu: 1, huainan: 1, fuyang: 1 }, 0),
    categories: DEFAULT_CATEGORIES,
    severity: [2, 3, 1],
    filmYear: 2023,
    note: '该问题列入“1+1+N”任务清单，实行月调度、季督导、年考核。',
    targets: [
      ['closed', 1],
      ['verified', 1],
      ['awaitingVerification', 1],
      ['rectifying', 4],
      ['assigned', 2],
      ['reported', 1],
    ],
  },
  {
    province: 'ah',
    batch: '2024-信访件',
    source: 'petition',
    refPrefix: 'AH-2024-XF',
    count: 8,
    year: 2024,
    months: [1, 6],
    regions: weightedPlaces(ANHUI_CITIES, { hefei: 2 }),
    categories: PETITION_CATEGORIES,
    severity: [3, 1, 0],
    intro: '群众信访举报（12369）反映：',
    note: '已办结销号，纳入“回头看”范围。',
    targets: [['closed', 8]],
  },
];

const PLACES_BY_CODE = new Map<string, DemoPlace>(
  [...JIANGXI_CITIES, QUZHOU, ...QUZHOU_COUNTIES, ...ANHUI_CITIES].map((p) => [p.code, p]),
);

function placeOf(code: string): DemoPlace {
  const place = PLACES_BY_CODE.get(code);
  if (!place) throw new Error(`demo data: unknown region ${code}`);
  return place;
}

const DEFAULT_INTROS: Record<Source, string> = {
  central_inspection: '中央生态环境保护督察反馈指出：',
  central_inspection_revisit: '中央生态环境保护督察“回头看”反馈指出：',
  provincial_inspection: '省级生态环境保护督察反馈指出：',
  warning_film: '长江经济带生态环境警示片披露：',
  audit: '审计机关审计发现：',
  petition: '群众信访举报反映：',
  routine: '日常监管发现：',
};

const SEVERITY_TAILS: Record<DemoSeverity, string> = {
  critical: '问题性质严重，列为重点督办事项，要求牵头单位倒排工期、挂图作战，确保按期整改销号。',
  major: '要求责任单位制定整改方案，明确责任人和整改时限，按期完成整改。',
  normal: '要求属地立行立改、举一反三，建立长效监管机制。',
};

/** Lifecycle order used to give older cases more advanced states (withdrawn is placed anywhere). */
const PROGRESS_ORDER: DemoTarget[] = [
  'reboundCheck',
  'closed',
  'verified',
  'awaitingVerification',
  'rectifying',
  'assigned',
  'returned',
  'reported',
];

const DAY_MS = 86_400_000;

/** `count` sorted instants on weekdays between 09:00 and 17:30 Asia/Shanghai (UTC+8, no DST). */
function reportingInstants(rand: () => number, year: number, [from, to]: [number, number], count: number): string[] {
  const start = Date.UTC(year, from - 1, 1);
  const days = Math.round((Date.UTC(year, to, 1) - start) / DAY_MS);
  const instants: string[] = [];
  for (let i = 0; i < count; i++) {
    let day = start + randomIndex(rand, days) * DAY_MS;
    const weekday = new Date(day).getUTCDay();
    if (weekday === 6) day += day + 2 * DAY_MS < start + days * DAY_MS ? 2 * DAY_MS : -DAY_MS;
    else if (weekday === 0) day += day + DAY_MS < start + days * DAY_MS ? DAY_MS : -2 * DAY_MS;
    const localMinutes = 9 * 60 + randomIndex(rand, 8 * 60 + 30);
    instants.push(new Date(day + (localMinutes - 8 * 60) * 60_000).toISOString());
  }
  return instants.sort();
}

/** The batch's targets, older cases first in lifecycle order, lightly shuffled. */
function orderedTargets(rand: () => number, plan: BatchPlan): DemoTarget[] {
  const counts = new Map(plan.targets);
  const total = plan.targets.reduce((sum, [, n]) => sum + n, 0);
  if (total !== plan.count) throw new Error(`demo data: targets of ${plan.batch} sum to ${total}, not ${plan.count}`);
  const list = PROGRESS_ORDER.flatMap((t) => Array<DemoTarget>(counts.get(t) ?? 0).fill(t));
  for (let i = 0; i < list.length; i++) {
    const j = Math.min(list.length - 1, i + randomIndex(rand, 4));
    [list[i], list[j]] = [list[j], list[i]];
  }
  for (let k = 0; k < (counts.get('withdrawn') ?? 0); k++) list.splice(randomIndex(rand, list.length + 1), 0, 'withdrawn');
  return list;
}

function chooseTemplate(
  rand: () => number,
  place: DemoPlace,
  source: Source,
  category: Category,
  usedTitles: Set<string>,
): { template: ProblemTemplate; title: string } {
  const eligible = PROBLEM_TEMPLATES.filter(
    (t) => (!t.regions || t.regions.includes(place.code)) && (!t.sources || t.sources.includes(source)),
  );
  const sameCategory = eligible.filter((t) => t.category === category);
  for (const pool of [sameCategory, eligible]) {
    const start = randomIndex(rand, Math.max(pool.length, 1));
    for (let k = 0; k < pool.length; k++) {
      const template = pool[(start + k) % pool.length];
      const title = place.name + template.text;
      if (!usedTitles.has(title)) return { template, title };
    }
  }
  // Every eligible problem of this place is taken: a second site with the same problem.
  const template = sameCategory[0] ?? eligible[0];
  for (let n = 2; ; n++) {
    const title = `${place.name}${template.text}（${n}）`;
    if (!usedTitles.has(title)) return { template, title };
  }
}

/** Lead and co-units on the region's branch: the place's own units, or the province's departments. */
function chooseUnits(
  rand: () => number,
  province: DemoProvinceKey,
  place: DemoPlace,
  template: ProblemTemplate,
): { leadUnitKey: string; coUnitKeys: string[] } {
  if (province === 'zj') {
    const county = QUZHOU_COUNTIES.find((c) => c.code === place.code);
    if (!county) {
      // A city-level task: the city government or bureau leads, counties concerned cooperate.
      const govLeads = rand() < 0.5;
      const counties = [randomIndex(rand, QUZHOU_COUNTIES.length), randomIndex(rand, QUZHOU_COUNTIES.length)];
      const coCounties = [...new Set(counties)].map((i) => countyGovKey(QUZHOU_COUNTIES[i]));
      return {
        leadUnitKey: govLeads ? cityGovKey('zj', QUZHOU) : cityEebKey('zj', QUZHOU),
        coUnitKeys: [govLeads ? cityEebKey('zj', QUZHOU) : cityGovKey('zj', QUZHOU), ...coCounties],
      };
    }
    if (rand() < 0.6) {
      return {
        leadUnitKey: countyGovKey(county),
        coUnitKeys: [countyEebKey(county), ...(rand() < 0.25 ? [cityEebKey('zj', QUZHOU)] : [])],
      };
    }
    return { leadUnitKey: countyEebKey(county), coUnitKeys: [countyGovKey(county)] };
  }
  const eeb = cityEebKey(province, place);
  const gov = CITY_GOVERNMENTS[province].includes(place.slug) ? cityGovKey(province, place) : null;
  const dept =
    template.dept && PROVINCE_DEPARTMENTS[province].includes(template.dept) ? departmentKey(province, template.dept) : null;
  const r = rand();
  if (dept && r < 0.12) return { leadUnitKey: dept, coUnitKeys: gov ? [eeb, gov] : [eeb] };
  if (gov && r < 0.4) return { leadUnitKey: gov, coUnitKeys: [eeb, ...(dept && rand() < 0.5 ? [dept] : [])] };
  return {
    leadUnitKey: eeb,
    coUnitKeys: [...(gov && rand() < 0.5 ? [gov] : []), ...(dept && rand() < 0.4 ? [dept] : [])],
  };
}

/** A mixed batch (Anhui's 1+1+N list) draws warning-film and audit problems from their own mix. */
function categoriesFor(plan: BatchPlan, source: Source): Array<[Category, number]> {
  if (!Array.isArray(plan.source)) return plan.categories;
  if (source === 'warning_film') return FILM_CATEGORIES;
  if (source === 'audit') return AUDIT_CATEGORIES;
  return plan.categories;
}

function buildBatch(plan: BatchPlan, usedTitles: Set<string>): DemoCase[] {
  const rand = mulberry32(seedFrom(`${plan.province}|${plan.batch}`));
  const instants = reportingInstants(rand, plan.year, plan.months, plan.count);
  const targets = orderedTargets(rand, plan);
  const cases: DemoCase[] = [];
  for (let i = 0; i < plan.count; i++) {
    const source = Array.isArray(plan.source) ? plan.source[i] : plan.source;
    const place = placeOf(pickWeighted(rand, plan.regions));
    const category = pickWeighted(rand, categoriesFor(plan, source));
    const severity = pickWeighted<DemoSeverity>(rand, [
      ['normal', plan.severity[0]],
      ['major', plan.severity[1]],
      ['critical', plan.severity[2]],
    ]);
    const { template, title } = chooseTemplate(rand, place, source, category, usedTitles);
    usedTitles.add(title);
    const intro =
      source === 'warning_film' && plan.filmYear !== undefined
        ? `${plan.filmYear}年${DEFAULT_INTROS.warning_film}`
        : (plan.intro ?? DEFAULT_INTROS[source]);
    cases.push({
      externalRef: `${plan.refPrefix}-${String(i + 1).padStart(3, '0')}`,
      title,
      description: `${intro}${title}。${template.detail}${SEVERITY_TAILS[severity]}${plan.note ?? ''}`,
      source,
      category: template.category,
      severity,
      regionCode: place.code,
      batch: plan.batch,
      reportedAt: instants[i],
      ...chooseUnits(rand, plan.province, place, template),
      target: targets[i],
    });
  }
  return cases;
}

/** Builds the demo cases afresh; every call returns equal data. */
export function buildDemoCases(): DemoCase[] {
  const usedTitles = new Set<string>();
  return BATCH_PLANS.flatMap((plan) => buildBatch(plan, usedTitles));
}

export const DEMO_CASES: DemoCase[] = buildDemoCases();

export interface DemoCaseCount {
  provinceCode: string;
  provinceName: string;
  source: Source;
  batch: string;
  count: number;
}

/** Counts per (province, source, batch), in order of first appearance. */
export function demoCaseCounts(cases: DemoCase[] = DEMO_CASES): DemoCaseCount[] {
  const provinceNames = new Map(Object.values(DEMO_PROVINCES).map((p) => [p.code, p.name]));
  const rows = new Map<string, DemoCaseCount>();
  for (const c of cases) {
    const provinceCode = demoProvinceCodeOf(c.regionCode, DEMO_REGIONS) ?? '';
    const key = `${provinceCode}|${c.source}|${c.batch}`;
    const row = rows.get(key);
    if (row) row.count++;
    else
      rows.set(key, {
        provinceCode,
        provinceName: provinceNames.get(provinceCode) ?? '',
        source: c.source,
        batch: c.batch,
        count: 1,
      });
  }
  return [...rows.values()];
}

/** Counts per target state (every state present, zero if unused). */
export function demoTargetCounts(cases: DemoCase[] = DEMO_CASES): Record<DemoTarget, number> {
  const counts = Object.fromEntries(DEMO_TARGETS.map((t) => [t, 0])) as Record<DemoTarget, number>;
  for (const c of cases) counts[c.target]++;
  return counts;
}
