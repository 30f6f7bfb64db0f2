/** The export's columns, in order: the import's layout first (an exported 台账 re-imports), then the state. */
export const EXPORT_COLUMNS = [
  { key: 'seq', header: '序号', width: 6 },
  { key: 'code', header: '案件编号', width: 20 },
  { key: 'externalRef', header: '外部编号', width: 24 },
  { key: 'source', header: '问题来源', width: 18 },
  { key: 'batch', header: '督察批次', width: 24 },
  { key: 'title', header: '问题标题', width: 30 },
  { key: 'description', header: '问题描述', width: 50 },
  { key: 'regionName', header: '所在地区', width: 12 },
  { key: 'regionCode', header: '行政区划代码', width: 12 },
  { key: 'category', header: '问题类别', width: 10 },
  { key: 'severity', header: '严重程度', width: 10 },
  { key: 'leadUnit', header: '责任单位', width: 24 },
  { key: 'coUnits', header: '配合单位', width: 24 },
  { key: 'responsiblePerson', header: '责任人', width: 10 },
  { key: 'leader', header: '责任领导', width: 10 },
  { key: 'goal', header: '整改目标', width: 30 },
  { key: 'measures', header: '整改措施', width: 40 },
  { key: 'deadline', header: '整改时限', width: 12, date: true },
  { key: 'state', header: '状态', width: 12 },
  { key: 'currentDue', header: '当前时限', width: 18, dateTime: true },
  { key: 'workingDaysLeft', header: '剩余工作日（负数为超期）', width: 12 },
  { key: 'clockOwner', header: '时限责任方', width: 22 },
  { key: 'escalation', header: '督办级别', width: 10 },
  { key: 'extension', header: '延期', width: 24 },
  { key: 'progress', header: '整改进展', width: 50 },
  { key: 'closedAt', header: '销号日期', width: 12, date: true },
  { key: 'revisits', header: '回头看结果', width: 30 },
  { key: 'reportedAt', header: '登记日期', width: 12, date: true },
] as const;

export type ExportColumnKey = (typeof EXPORT_COLUMNS)[number]['key'];
/** Cases read (and rows written) per page. */
export const EXPORT_PAGE_SIZE = 1000;
