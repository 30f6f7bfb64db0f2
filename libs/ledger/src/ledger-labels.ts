import type { Category, Source } from '@rectify/workflows';

/**
 * The Chinese words a 台账 uses for the engine's codes. The first label of each code is the one the
 * template's drop-down list and the export write; every label (and the code itself) is accepted on import.
 */
export const SOURCE_LABELS: Record<Source, readonly string[]> = {
  central_inspection: ['中央生态环境保护督察', '中央环保督察', '中央督察'],
  central_inspection_revisit: ['中央督察“回头看”', '中央督察回头看', '中央环保督察回头看', '中央生态环境保护督察“回头看”'],
  provincial_inspection: ['省级生态环境保护督察', '省级督察', '省级环保督察', '省生态环境保护督察'],
  warning_film: ['长江经济带生态环境警示片', '警示片', '长江警示片'],
  audit: ['审计', '审计发现', '环境审计'],
  petition: ['信访举报', '信访', '12369举报', '群众举报'],
  routine: ['日常监管', '日常检查', '自查自纠'],
};

export const CATEGORY_LABELS: Record<Category, readonly string[]> = {
  air: ['大气', '大气污染', '大气环境'],
  water: ['水', '水污染', '水环境', '水生态'],
  soil: ['土壤', '土壤污染'],
  solid_waste: ['固体废物', '固废', '危险废物', '危废'],
  ecology: ['生态', '生态破坏', '生态保护'],
  radiation: ['辐射', '核与辐射'],
  noise: ['噪声', '噪音'],
  other: ['其他', '其它'],
};

export const STATE_LABELS: Record<string, string> = {
  reported: '待交办',
  assigned: '已交办待签收',
  'rectifying.inProgress': '整改中',
  'rectifying.awaitingVerification': '待验收',
  verified: '已验收待销号',
  closed: '已销号',
  reboundCheck: '回头看中',
  withdrawn: '已撤销',
};

export const ESCALATION_LABELS = ['预警', '催办', '督办', '挂牌督办'] as const;

export const sourceLabel = (code: string): string => SOURCE_LABELS[code as Source]?.[0] ?? code;
export const categoryLabel = (code: string): string => CATEGORY_LABELS[code as Category]?.[0] ?? code;

function reverse<K extends string>(table: Record<K, readonly string[]>): Map<string, K> {
  const map = new Map<string, K>();
  for (const [code, labels] of Object.entries(table) as Array<[K, readonly string[]]>) {
    map.set(code, code);
    for (const label of labels) map.set(label, code);
  }
  return map;
}

const SOURCE_BY_LABEL = reverse(SOURCE_LABELS);
const CATEGORY_BY_LABEL = reverse(CATEGORY_LABELS);
/** Quotes differ between files (“回头看” / "回头看" / 回头看): compared without them. */
const unquoted = (text: string) => text.replace(/[“”"'‘’「」『』]/g, '');
const SOURCE_BY_UNQUOTED = new Map([...SOURCE_BY_LABEL].map(([label, code]) => [unquoted(label), code]));

export const sourceOf = (text: string): Source | undefined => SOURCE_BY_LABEL.get(text) ?? SOURCE_BY_UNQUOTED.get(unquoted(text));
export const categoryOf = (text: string): Category | undefined => CATEGORY_BY_LABEL.get(text);
