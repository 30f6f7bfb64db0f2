/**
 * What an error means to the person using the app, in Chinese, by code (docs/api.md "Errors").
 * `message` stays the developer's English text, naming fields and values; `userMessage` is what a UI shows.
 * A code added to ErrorCode without a line here gets the generic text of its HTTP status.
 */
const BY_CODE: Record<string, string> = {
  VALIDATION_FAILED: '提交的内容不符合要求，请检查后重新提交',
  UNAUTHORIZED: '登录已失效或未登录，请重新登录',
  FORBIDDEN: '您的角色或单位无权进行此操作',
  NOT_FOUND: '未找到该记录，或您无权查看',
  INVALID_TRANSITION: '该问题当前所处环节不能进行此操作，请刷新后查看可办理的操作',
  VERSION_CONFLICT: '该问题已被他人更新，请刷新后再操作',
  DUPLICATE: '已存在相同的记录，请勿重复提交',
  RETURN_LIMIT: '该问题退回次数已达上限，不能再次退回',
  EXTENSION_TOO_LATE: '已超过整改时限，不能再申请延期',
  EXTENSION_LIMIT: '该问题延期次数已达上限',
  CONFLICT: '操作与当前数据冲突，请刷新后再试',
  PAYLOAD_TOO_LARGE: '提交的内容过大（超过 1 MB）',
  UNSUPPORTED_MEDIA_TYPE: '提交的内容格式不正确，请以 JSON 提交',
  UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INSUFFICIENT_STORAGE: '服务器存储空间不足，暂时无法保存，请联系管理员',
  TOO_MANY_REQUESTS: '操作过于频繁或登录失败次数过多，请稍后再试',
  INTERNAL: '系统内部错误，请稍后再试或联系管理员',
};

const BY_STATUS: Record<number, string> = {
  400: BY_CODE.VALIDATION_FAILED!,
  401: BY_CODE.UNAUTHORIZED!,
  403: BY_CODE.FORBIDDEN!,
  404: BY_CODE.NOT_FOUND!,
  409: BY_CODE.CONFLICT!,
  413: BY_CODE.PAYLOAD_TOO_LARGE!,
  429: '操作过于频繁，请稍后再试',
  503: '服务暂时不可用，请稍后再试',
  507: '服务器存储空间不足，暂时无法保存，请联系管理员',
};

/** Field names in validation messages, so a 400 says which field in Chinese. */
const FIELD_LABELS: Record<string, string> = {
  title: '标题', description: '问题描述', source: '问题来源', category: '问题类别', severity: '严重程度',
  regionCode: '行政区划', batch: '批次', externalRef: '原始编号', reportedAt: '发现时间', leadUnitId: '牵头单位',
  coUnitIds: '配合单位', responsiblePerson: '责任人', leader: '包保领导', rectificationDueAt: '整改时限',
  rectificationWorkingDays: '整改工作日数', reason: '理由', reasonCode: '退回原因', note: '说明', percent: '进度',
  requestedDueAt: '申请的整改时限', summary: '整改情况', evidence: '佐证材料', findings: '回头看发现的问题',
  username: '用户名', password: '密码', displayName: '姓名', role: '角色', unitId: '所属单位', name: '名称',
  code: '编码', level: '层级', parentCode: '上级区划', from: '开始日期', to: '结束日期', page: '页码', pageSize: '每页条数',
  type: '事件类型', caseIds: '问题列表', dueAt: '完成时限', sampleRate: '抽取比例', sampleSize: '抽取数量', seed: '抽签种子',
};

export function userMessageOf(code: string, body: { statusCode: number; errors?: unknown }): string {
  const base = BY_CODE[code] ?? BY_STATUS[body.statusCode] ?? (body.statusCode >= 500 ? BY_CODE.INTERNAL! : BY_CODE.VALIDATION_FAILED!);
  if (code !== 'VALIDATION_FAILED' || !Array.isArray(body.errors)) return base;
  const fields = [
    ...new Set(
      body.errors
        .map((m) => (typeof m === 'string' ? /^([A-Za-z]+)/.exec(m)?.[1] : undefined))
        .map((f) => (f === 'property' ? undefined : f && FIELD_LABELS[f]))
        .filter((f): f is string => Boolean(f)),
    ),
  ];
  return fields.length ? `${base}：${fields.join('、')}` : base;
}
