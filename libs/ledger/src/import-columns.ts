/** The fields an import row fills, and the headers (with their aliases) a 问题清单 / 任务清单 uses for them. */
export const IMPORT_FIELDS = [
  'seq', 'source', 'batch', 'title', 'description', 'regionName', 'regionCode', 'category', 'severity',
  'leadUnit', 'coUnits', 'responsiblePerson', 'leader', 'goal', 'measures', 'deadline', 'externalRef',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The template's header for each field, then the aliases accepted on import (compared after normalising). */
export const FIELD_HEADERS: Record<ImportField, readonly string[]> = {
  seq: ['序号', '编号', '问题序号', '序'],
  source: ['问题来源', '来源', '问题来源类别'],
  batch: ['督察批次', '批次', '反馈批次', '督察轮次', '交办批次'],
  title: ['问题标题', '标题', '问题名称'],
  description: ['问题描述', '具体问题', '问题内容', '存在问题', '反馈问题', '问题清单', '主要问题'],
  regionName: ['所在地区', '地区', '所属地区', '涉及地区', '属地', '所在地'],
  regionCode: ['行政区划代码', '行政区划', '区划代码', '地区代码'],
  category: ['问题类别', '问题类型', '类别', '类型', '环境要素'],
  severity: ['严重程度', '问题等级'],
  leadUnit: ['责任单位', '牵头单位', '整改责任单位', '主体责任单位', '责任主体'],
  coUnits: ['配合单位', '协办单位', '配合责任单位'],
  responsiblePerson: ['责任人', '整改责任人', '具体责任人'],
  leader: ['责任领导', '牵头领导', '分管领导'],
  goal: ['整改目标', '目标'],
  measures: ['整改措施', '措施', '整改举措'],
  deadline: ['整改时限', '完成时限', '整改期限', '时限', '完成时间'],
  externalRef: ['外部编号', '问题编号', '原编号', '清单编号'],
};

/** The header text as compared: full-width forms folded (NFKC), every space and line break removed. */
export const normaliseHeader = (text: string): string => text.normalize('NFKC').replace(/[\s\u3000]+/g, '').replace(/[（(].*?[）)]/g, '');

const FIELD_BY_HEADER = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) for (const header of FIELD_HEADERS[field]) FIELD_BY_HEADER.set(normaliseHeader(header), field);

/** The field a header stands for, by the explicit mapping first (header text or column letter), then by the known names. */
export function fieldOfHeader(text: string, mapping: ReadonlyMap<string, ImportField> = new Map()): ImportField | undefined {
  const key = normaliseHeader(text);
  return mapping.get(key) ?? FIELD_BY_HEADER.get(key);
}
