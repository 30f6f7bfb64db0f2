import { CATEGORIES, ClockName, type ClockOwner, EVIDENCE_KINDS, RETURN_REASON_CODES, Role, SEVERITIES, SOURCES, type CaseEventType } from './case-types.js';

/**
 * Chinese labels of every identifier a user reads (docs/api.md "Labels"): case views carry them beside the
 * identifiers (`stateLabel`, `sourceLabel` …) and `GET /api/v1/labels` returns these tables whole, so the
 * web UI and exports never show `rectifying.awaitingVerification`.
 */
export const STATE_LABELS: Record<string, string> = {
  reported: '待交办',
  assigned: '待签收',
  rectifying: '整改中',
  'rectifying.inProgress': '整改中',
  'rectifying.awaitingVerification': '待验收',
  verified: '待销号',
  closed: '已销号',
  reboundCheck: '回头看',
  withdrawn: '已撤销',
};

export const SOURCE_LABELS: Record<(typeof SOURCES)[number], string> = {
  central_inspection: '中央生态环境保护督察',
  central_inspection_revisit: '中央督察“回头看”',
  provincial_inspection: '省级生态环境保护督察',
  warning_film: '长江经济带生态环境警示片',
  audit: '审计',
  petition: '信访·12369举报',
  routine: '日常监管·暗访·自查',
};

export const CATEGORY_LABELS: Record<(typeof CATEGORIES)[number], string> = {
  air: '大气',
  water: '水',
  soil: '土壤',
  solid_waste: '固体废物',
  ecology: '生态',
  radiation: '辐射',
  noise: '噪声',
  other: '其他',
};

export const SEVERITY_LABELS: Record<(typeof SEVERITIES)[number], string> = {
  normal: '一般',
  major: '较重',
  critical: '严重',
};

export const CLOCK_LABELS: Record<ClockName, string> = {
  [ClockName.Assignment]: '交办时限',
  [ClockName.Acceptance]: '签收时限',
  [ClockName.Rectification]: '整改时限',
  [ClockName.Verification]: '验收时限',
  [ClockName.Closure]: '销号时限',
  [ClockName.Revisit]: '回头看时限',
  [ClockName.ExtensionDecision]: '延期审批时限',
};

/** Whose clock it is (whose lateness): the party that has to move. */
export const CLOCK_OWNER_LABELS: Record<ClockOwner, string> = {
  unit: '责任单位',
  inspector: '督察人员',
  supervisor: '督办人员',
};

export const CLOCK_STATUS_LABELS: Record<'onTrack' | 'warning' | 'overdue', string> = {
  onTrack: '正常',
  warning: '临期',
  overdue: '超期',
};

/** The escalation ladder's levels (预警 → 催办 → 督办 → 挂牌督办); a policy may add levels beyond 3. */
export const ESCALATION_LEVEL_LABELS: Record<number, string> = { 0: '预警', 1: '催办', 2: '督办', 3: '挂牌督办' };

export const EVENT_LABELS: Record<CaseEventType, string> = {
  ASSIGN: '交办',
  ACCEPT: '签收',
  RETURN: '退回',
  REPORT_PROGRESS: '报送进展',
  REQUEST_EXTENSION: '申请延期',
  APPROVE_EXTENSION: '同意延期',
  REJECT_EXTENSION: '不同意延期',
  SUBMIT_EVIDENCE: '提交整改材料',
  VERIFY_PASS: '验收通过',
  VERIFY_FAIL: '验收不通过',
  CLOSE: '销号',
  START_REVISIT: '开始回头看',
  REVISIT_PASS: '回头看通过',
  REBOUND_FOUND: '发现反弹',
  WITHDRAW: '撤销',
  EDIT: '更正',
  ADJUST_UNITS: '动态调整',
};

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Inspector]: '督察人员',
  [Role.Bureau]: '责任单位',
  [Role.Supervisor]: '督办人员',
  [Role.Admin]: '系统管理员',
};

export const EVIDENCE_KIND_LABELS: Record<(typeof EVIDENCE_KINDS)[number], string> = {
  photo: '照片',
  document: '文件',
  monitoring_report: '监测报告',
  other: '其他',
};

export const RETURN_REASON_LABELS: Record<(typeof RETURN_REASON_CODES)[number], string> = {
  not_our_jurisdiction: '不属于本单位职责',
  duplicate: '重复交办',
  insufficient_information: '问题信息不全',
  other: '其他',
};

export const ESCALATION_STATUS_LABELS: Record<string, string> = { open: '待处理', acknowledged: '已阅知', resolved: '已解除' };
export const REVISIT_STATUS_LABELS: Record<string, string> = {
  scheduled: '待开展',
  inProgress: '进行中',
  passed: '未反弹',
  rebound: '已反弹',
  cancelled: '已取消',
};
export const REVISIT_ORIGIN_LABELS: Record<string, string> = { policy: '定期回头看', campaign: '双随机抽查', adhoc: '临时回头看' };

/** Every table, as `GET /api/v1/labels` returns it. */
export const LABEL_TABLES = {
  states: STATE_LABELS,
  sources: SOURCE_LABELS,
  categories: CATEGORY_LABELS,
  severities: SEVERITY_LABELS,
  clocks: CLOCK_LABELS,
  clockOwners: CLOCK_OWNER_LABELS,
  clockStatuses: CLOCK_STATUS_LABELS,
  escalationLevels: ESCALATION_LEVEL_LABELS,
  events: EVENT_LABELS,
  roles: ROLE_LABELS,
  evidenceKinds: EVIDENCE_KIND_LABELS,
  returnReasons: RETURN_REASON_LABELS,
  escalationStatuses: ESCALATION_STATUS_LABELS,
  revisitStatuses: REVISIT_STATUS_LABELS,
  revisitOrigins: REVISIT_ORIGIN_LABELS,
} as const;

/** A label, or the identifier itself when a table has no entry (a level a policy added, say). */
export const labelOf = (table: Record<string | number, string>, key: string | number | null | undefined): string | null =>
  key === null || key === undefined ? null : (table[key] ?? String(key));

