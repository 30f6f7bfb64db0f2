import type { Region, Unit } from '@rectify/identity';
import { SEVERITIES, type Category, type Source } from '@rectify/workflows';
import { cellText, type CellValue } from './cell-value.util.js';
import { parseDeadline, type Deadline } from './deadline-phrase.util.js';
import { FIELD_HEADERS, type ImportField } from './import-columns.js';
import type { HeaderMatch } from './import-header.util.js';
import { CATEGORY_LABELS, categoryOf, SOURCE_LABELS, sourceOf } from './ledger-labels.js';
import { composeDescription } from './description-sections.util.js';

export type RowOutcome = 'create' | 'create+assign' | 'unchanged' | 'error';

export interface RowIssue {
  /** The column letter and its header, when the problem is in one cell. */
  column: string | null;
  header: string | null;
  message: string;
}

/** What committing a row does: exactly this, nothing recomputed from the file. */
export interface RowPlan {
  rowNumber: number;
  outcome: RowOutcome;
  errors: RowIssue[];
  /** How a cell was read (a 整改时限 phrase, a derived title or reference). */
  notes: string[];
  source: string | null;
  externalRef: string | null;
  /** unchanged: the case already there (when the importer may see it). */
  caseId?: string | null;
  create?: {
    title: string;
    description: string;
    source: Source;
    category: Category;
    severity: string;
    regionCode: string;
    batch: string | null;
    externalRef: string;
  };
  assign?: {
    leadUnitId: string;
    coUnitIds: string[];
    responsiblePerson: string | null;
    leader: string | null;
    deadline: Exclude<Deadline, { kind: 'error' }>;
  };
  /** For people: names as matched, and the due the deadline gives if committed today. */
  display: { region?: string; leadUnit?: string; coUnits?: string[]; due?: string | null };
}

/** Everything a row is checked against, loaded once per import. */
export interface PlanDirectory {
  today: string;
  /**
   * The Shanghai date of the due the deadline gives when assigned today, under the policy and
   * working calendar of the case's region (what the engine will use on commit).
   */
  dueIfAssignedToday: (deadline: Exclude<Deadline, { kind: 'error' }>, regionCode: string) => string;
  regions: ReadonlyMap<string, Region>;
  /** Regions in the importer's jurisdiction (null: everywhere). */
  jurisdiction: ReadonlySet<string> | null;
  units: readonly Unit[];
  /** Whether the importer's role may send ASSIGN, and the role's name if not. */
  canAssign: boolean;
  roleName: string;
  defaults: { source?: Source; batch?: string; category?: Category };
  /** (source, externalRef) already in the database → the case id (null when the importer may not see it). */
  existing: ReadonlyMap<string, string | null>;
}

export const identityKey = (source: string, externalRef: string) => `${source}\u0000${externalRef}`;

const LIMITS = { title: 200, description: 5000, batch: 200, externalRef: 100, person: 100 } as const;
const SEVERITY_LABELS: Record<string, string> = { 一般: 'normal', 较重: 'major', 重大: 'major', 严重: 'major', 特别重大: 'critical', 特别严重: 'critical' };
const UNIT_SEPARATORS = /[、，,；;\n]+/;

function ancestry(regions: ReadonlyMap<string, Region>, code: string): string[] {
  const out: string[] = [];
  for (let c: string | null = code; c; c = regions.get(c)?.parentCode ?? null) out.push(c);
  return out;
}
const onBranch = (regions: ReadonlyMap<string, Region>, a: string, b: string) => ancestry(regions, a).includes(b) || ancestry(regions, b).includes(a);

/** Derived title: the description's first sentence, at most 60 characters. */
export function titleOf(description: string): string {
  const first = description.split(/[。；;\n]/)[0]!.trim() || description;
  return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}

/**
 * Plans one data row. `seen` holds the identities of earlier rows of the same file (duplicate check).
 * Regions and units match exactly, by code or by name, within the importer's jurisdiction; nothing
 * is guessed: an ambiguous or unknown name is an error the clerk can fix in the file.
 */
export function planRow(cells: readonly CellValue[], rowNumber: number, header: HeaderMatch, dir: PlanDirectory, seen: Map<string, number>): RowPlan {
  const errors: RowIssue[] = [];
  const notes: string[] = [];
  const columnOf = (field: ImportField) => {
    const i = header.indexOf.get(field);
    return i === undefined ? { column: null, header: FIELD_HEADERS[field][0]! } : { column: header.columns[i]!.column, header: header.columns[i]!.header };
  };
  const raw = (field: ImportField): CellValue => {
    const i = header.indexOf.get(field);
    return i === undefined ? null : (cells[i] ?? null);
  };
  const text = (field: ImportField) => cellText(raw(field));
  const fail = (field: ImportField | null, message: string) => errors.push(field ? { ...columnOf(field), message } : { column: null, header: null, message });
  const limit = (field: ImportField, value: string | null, max: number) => {
    if (value !== null && value.length > max) fail(field, `${columnOf(field).header}超过 ${max} 个字（现 ${value.length} 个）`);
  };

  // source and identity
  const sourceText = text('source');
  let source: Source | undefined = dir.defaults.source;
  if (sourceText) {
    source = sourceOf(sourceText);
    if (!source) fail('source', `问题来源“${sourceText}”不认识：可填 ${Object.values(SOURCE_LABELS).map((l) => l[0]).join('、')}`);
  } else if (!source) fail('source', '缺少问题来源：请填写“问题来源”列，或导入时选择默认来源');
  const batch = text('batch') ?? dir.defaults.batch ?? null;
  limit('batch', batch, LIMITS.batch);
  const seqText = text('seq');
  const seq = seqText ? seqText.normalize('NFKC').replace(/\.0+$/, '') : null;
  let externalRef = text('externalRef');
  if (!externalRef && batch && seq) {
    externalRef = `${batch}-${seq}`;
    notes.push(`外部编号取“督察批次-序号”：${externalRef}`);
  }
  if (!externalRef) fail('externalRef', '无法确定问题编号：请填写“外部编号”，或填写“督察批次”（或导入时的默认批次）和“序号”，以便重复导入时识别');
  limit('externalRef', externalRef, LIMITS.externalRef);
  const key = source && externalRef ? identityKey(source, externalRef) : null;
  if (key) {
    const earlier = seen.get(key);
    if (earlier !== undefined) fail('externalRef', `与第 ${earlier} 行重复（来源和编号相同“${externalRef}”）：请删除重复行`);
    else seen.set(key, rowNumber);
  }

  // content
  const description = text('description');
  let title = text('title');
  if (!description && !title) fail('description', '缺少问题描述');
  if (!title && description) {
    title = titleOf(description);
    notes.push('问题标题取问题描述的第一句');
  }
  limit('title', title, LIMITS.title);
  const fullDescription = composeDescription(description ?? title ?? '', text('goal'), text('measures'));
  if (fullDescription.length > LIMITS.description) fail('description', `问题描述连同整改目标和措施超过 ${LIMITS.description} 个字`);
  const categoryText = text('category');
  let category: Category | undefined = dir.defaults.category;
  if (categoryText) {
    category = categoryOf(categoryText);
    if (!category) fail('category', `问题类别“${categoryText}”不认识：可填 ${Object.values(CATEGORY_LABELS).map((l) => l[0]).join('、')}`);
  } else if (!category) {
    category = 'other';
    notes.push('未填问题类别：记为“其他”');
  }
  const severityText = text('severity');
  const severity = severityText ? (SEVERITY_LABELS[severityText] ?? ((SEVERITIES as readonly string[]).includes(severityText) ? severityText : undefined)) : 'normal';
  if (!severity) fail('severity', `严重程度“${severityText}”不认识：可填 一般、重大、特别重大`);

  // region: by code or by exact name, in the importer's jurisdiction
  const region = resolveRegion(text('regionCode'), text('regionName'), dir, fail);

  // units: exact names (or ids) in the jurisdiction, on the branch of the case's region
  const leadText = text('leadUnit');
  const lead = leadText ? resolveUnit(leadText, 'leadUnit', region?.code ?? null, dir, fail) : null;
  const coNames = (text('coUnits') ?? '').split(UNIT_SEPARATORS).map((s) => s.trim()).filter(Boolean);
  const coUnits = coNames.map((name) => resolveUnit(name, 'coUnits', region?.code ?? null, dir, fail)).filter((u): u is Unit => u !== null && u.id !== lead?.id);
  const responsiblePerson = text('responsiblePerson');
  const leader = text('leader');
  limit('responsiblePerson', responsiblePerson, LIMITS.person);
  limit('leader', leader, LIMITS.person);
  if (!leadText && coNames.length > 0) fail('leadUnit', '填了配合单位但没有责任单位：请填写责任单位');

  let deadline: Deadline | null = null;
  if (leadText) {
    if (!dir.canAssign) fail('leadUnit', `您的角色（${dir.roleName}）不能交办：请由督察员或监督员导入，或清空责任单位只登记问题`);
    deadline = parseDeadline(raw('deadline'), dir.today);
    if (deadline.kind === 'error') fail('deadline', deadline.message);
    else {
      notes.push(`整改时限：${deadline.meaning}`);
      if (deadline.kind === 'date' && deadline.date < dir.today) {
        fail('deadline', `整改时限 ${deadline.date} 已过，无法按此时限交办：请改为今后的日期，或留空按默认期限`);
      }
    }
  } else if (raw('deadline') !== null) {
    notes.push('未填责任单位：只登记问题，整改时限在交办时确定');
  }

  const plan: RowPlan = {
    rowNumber,
    outcome: 'error',
    errors,
    notes,
    source: source ?? null,
    externalRef: externalRef ?? null,
    display: { region: region ? `${region.name}（${region.code}）` : undefined, leadUnit: lead?.name, coUnits: coUnits.map((u) => u.name) },
  };
  if (key && dir.existing.has(key) && errors.every((e) => !e.message.startsWith('与第'))) {
    // Already imported (or logged): nothing to do, whatever else the row says now.
    return { ...plan, outcome: 'unchanged', errors: [], caseId: dir.existing.get(key) ?? null, notes: ['已有同一来源和编号的问题：不重复登记'] };
  }
  if (errors.length > 0) return plan;
  plan.create = {
    title: title!,
    description: fullDescription,
    source: source!,
    category: category!,
    severity: severity!,
    regionCode: region!.code,
    batch,
    externalRef: externalRef!,
  };
  if (lead && deadline && deadline.kind !== 'error') {
    plan.assign = { leadUnitId: lead.id, coUnitIds: coUnits.map((u) => u.id), responsiblePerson, leader, deadline };
    plan.display.due = dir.dueIfAssignedToday(deadline, region!.code);
    plan.outcome = 'create+assign';
  } else plan.outcome = 'create';
  return plan;
}

function resolveRegion(codeText: string | null, nameText: string | null, dir: PlanDirectory, fail: (field: ImportField, message: string) => void): Region | null {
  const inJurisdiction = (code: string) => dir.jurisdiction === null || dir.jurisdiction.has(code);
  let byCode: Region | null = null;
  // A name column may hold a code too ("所在地区: 360100").
  const code = codeText ?? (nameText && /^\d{6}$/.test(nameText) ? nameText : null);
  const name = codeText || !nameText || /^\d{6}$/.test(nameText) ? (codeText ? nameText : null) : nameText;
  const field: ImportField = codeText ? 'regionCode' : 'regionName';
  if (code) {
    const region = /^\d{6}$/.test(code) ? dir.regions.get(code) : undefined;
    if (!region) {
      fail(field, `行政区划代码“${code}”不存在：请填写 6 位区划代码`);
      return null;
    }
    if (!inJurisdiction(region.code)) {
      fail(field, `${region.name}（${region.code}）不在您的管辖范围内`);
      return null;
    }
    byCode = region;
  }
  if (name) {
    const all = [...dir.regions.values()].filter((r) => r.name === name);
    const mine = all.filter((r) => inJurisdiction(r.code));
    if (byCode) {
      if (!all.some((r) => r.code === byCode.code)) fail('regionName', `所在地区“${name}”与行政区划代码 ${byCode.code}（${byCode.name}）不一致`);
      return byCode;
    }
    if (all.length === 0) fail('regionName', `所在地区“${name}”不存在：请填写规范的地区全称（如“南昌市”）或 6 位行政区划代码`);
    else if (mine.length === 0) fail('regionName', `所在地区“${name}”不在您的管辖范围内`);
    else if (mine.length > 1) fail('regionName', `所在地区“${name}”有 ${mine.length} 个（${mine.map((r) => r.code).join('、')}）：请改填行政区划代码`);
    else return mine[0]!;
    return null;
  }
  if (!byCode) fail('regionName', '缺少所在地区：请填写“所在地区”或“行政区划代码”');
  return byCode;
}

function resolveUnit(text: string, field: 'leadUnit' | 'coUnits', regionCode: string | null, dir: PlanDirectory, fail: (field: ImportField, message: string) => void): Unit | null {
  const label = field === 'leadUnit' ? '责任单位' : '配合单位';
  const all = dir.units.filter((u) => u.name === text || u.id === text);
  const mine = all.filter((u) => dir.jurisdiction === null || dir.jurisdiction.has(u.regionCode));
  if (all.length === 0) {
    fail(field, `${label}“${text}”不存在：请填写系统中的单位全称（可在“单位”列表中查看）`);
    return null;
  }
  if (mine.length === 0) {
    fail(field, `${label}“${text}”不在您的管辖范围内`);
    return null;
  }
  if (!regionCode) return null; // the region's own error says what to fix
  const onCaseBranch = mine.filter((u) => onBranch(dir.regions, u.regionCode, regionCode));
  if (onCaseBranch.length === 0) {
    fail(field, `${label}“${text}”（${dir.regions.get(mine[0]!.regionCode)?.name ?? mine[0]!.regionCode}）不管辖问题所在地区 ${dir.regions.get(regionCode)?.name ?? regionCode}`);
    return null;
  }
  if (onCaseBranch.length > 1) {
    fail(field, `${label}“${text}”有 ${onCaseBranch.length} 个同名单位：请联系管理员区分单位名称`);
    return null;
  }
  return onCaseBranch[0]!;
}
