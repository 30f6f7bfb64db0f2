/**
 * Every label the web app shows, in one place, so that an English file can follow (same keys).
 * Domain labels mirror the values the API stores (state, source, category, …).
 */
export const messages = {
  app: { title: '整改工作台', subtitle: '生态环境问题整改 · 交办 · 验收 · 销号 · 回头看' },
  common: {
    loading: '加载中…', retry: '重试', cancel: '取消', confirm: '确定', submit: '提交', save: '保存', search: '查询', reset: '重置',
    create: '新建', delete: '删除', edit: '编辑', refresh: '刷新', none: '无', all: '全部', yes: '是', no: '否', actions: '操作',
    detail: '详情', back: '返回', total: '共 {n} 条', noData: '暂无数据', required: '必填', optional: '选填',
  },
  auth: {
    login: '登录', logout: '退出登录', username: '用户名', password: '密码', loginTitle: '登录整改工作台',
    demoHint: '演示账号密码均为 rectify-demo-2026，例如 jx-inspector、jx-supervisor、jx-bureau、jx-admin。',
    expired: '登录已过期，请重新登录。', badCredentials: '用户名或密码不正确。', loggedOut: '已退出登录。',
  },
  roles: { inspector: '督察员', bureau: '责任单位', supervisor: '督办人员', admin: '管理员' } as Record<string, string>,
  nav: {
    todo: '我的待办', cases: '案件列表', newCase: '登记问题', escalations: '督办预警', revisits: '回头看', scorecards: '考核评分',
    rules: '交办规则', workflow: '流程图', admin: '系统管理', regions: '行政区划', units: '责任单位', users: '用户', policies: '政策参数',
    calendar: '工作日历', returns: '退回记录',
  },
  states: {
    reported: '待交办', assigned: '已交办待接收', 'rectifying.inProgress': '整改中', 'rectifying.awaitingVerification': '待验收',
    rectifying: '整改阶段', verified: '已验收待销号', closed: '已销号', reboundCheck: '回头看核查中', withdrawn: '已撤回',
  } as Record<string, string>,
  sources: {
    central_inspection: '中央生态环保督察', central_inspection_revisit: '中央督察“回头看”', provincial_inspection: '省级生态环保督察',
    warning_film: '长江警示片', audit: '审计发现', petition: '信访投诉', routine: '日常监管',
  } as Record<string, string>,
  categories: {
    air: '大气', water: '水', soil: '土壤', solid_waste: '固体废物', ecology: '生态', radiation: '辐射', noise: '噪声', other: '其他',
  } as Record<string, string>,
  severities: { normal: '一般', major: '较重', critical: '严重' } as Record<string, string>,
  clocks: { assignment: '交办时限', acceptance: '接收时限', rectification: '整改时限', verification: '验收时限', closure: '销号时限', revisit: '回头看时限' } as Record<string, string>,
  clockStatus: { onTrack: '正常', warning: '临期', overdue: '逾期' } as Record<string, string>,
  levels: ['预警', '催办', '督办', '挂牌督办'],
  escalationStatus: { open: '待处理', acknowledged: '已确认', resolved: '已解决' } as Record<string, string>,
  returnReasons: { not_our_jurisdiction: '不属本单位职责', duplicate: '重复交办', insufficient_information: '信息不全', other: '其他' } as Record<string, string>,
  evidenceKinds: { photo: '照片', document: '文件', monitoring_report: '监测报告', other: '其他' } as Record<string, string>,
  events: {
    ASSIGN: '交办', ACCEPT: '接收', RETURN: '退回', REPORT_PROGRESS: '报告进展', REQUEST_EXTENSION: '申请延期', APPROVE_EXTENSION: '批准延期',
    REJECT_EXTENSION: '驳回延期', SUBMIT_EVIDENCE: '提交整改材料', VERIFY_PASS: '验收通过', VERIFY_FAIL: '验收不通过', CLOSE: '销号',
    START_REVISIT: '开始回头看', REVISIT_PASS: '回头看通过', REBOUND_FOUND: '发现反弹', WITHDRAW: '撤回', CREATED: '登记',
    EDIT: '更正信息', ADJUST_UNITS: '调整责任单位', SUPERSEDED: '由更正案件替代', ESCALATION_ACKNOWLEDGED: '确认督办', DUE_RECOMPUTED: '时限重算',
  } as Record<string, string>,
  fields: {
    code: '编号', title: '问题标题', description: '问题描述', source: '问题来源', category: '问题类别', severity: '严重程度', regionCode: '所在地区',
    region: '地区', batch: '督察批次', externalRef: '外部编号', state: '状态', leadUnit: '牵头责任单位', coUnits: '配合单位', responsiblePerson: '责任人',
    leader: '包保领导', due: '整改时限', clockDueAt: '当前时限截止', year: '年份', notice: '通知文号', clock: '当前时限', daysLeft: '剩余', escalation: '督办级别', reportedAt: '登记时间', closedAt: '销号时间',
    createdAt: '创建时间', updatedAt: '更新时间', version: '版本', q: '关键词', overdue: '仅看逾期', sort: '排序',
    leadUnitId: '牵头责任单位', coUnitIds: '配合单位', rectificationWorkingDays: '整改时限（工作日）', rectificationDueAt: '整改截止日期',
    reasonCode: '退回原因', reason: '理由', note: '说明', percent: '完成进度（%）', requestedDueAt: '申请延期至', summary: '整改情况说明',
    evidence: '佐证材料', findings: '核查发现', kind: '类型', ref: '材料编号或链接', name: '名称', parentCode: '上级区划', level: '级别',
    attachmentIds: '附件',
    username: '用户名', password: '初始密码', role: '角色', unitId: '所属单位', displayName: '姓名', priority: '优先级',
  } as Record<string, string>,
  attachments: {
    title: '佐证附件', upload: '上传附件', uploading: '正在上传 {name}', download: '下载', empty: '尚未上传附件。',
    name: '文件名', type: '类型', size: '大小', uploader: '上传人', uploadedAt: '上传时间',
    hint: '支持照片（含 HEIC）、PDF、Office 文档和 UTF-8 文本；单个文件不超过 {file}，每个案件合计不超过 {case}、{count} 个文件。',
    cannotUpload: '当前环节您不能上传附件（整改期间由责任单位上传，验收或回头看期间由核查人员上传）。',
    uploaded: '已上传 {name}', total: '共 {n} 个文件，{size}', pick: '选择本次提交的附件',
  },
  sorts: { '-createdAt': '最新登记', createdAt: '最早登记', dueAt: '时限最近', '-dueAt': '时限最远' } as Record<string, string>,
  todo: {
    title: '我的待办', empty: '当前没有需要您处理的案件。', hint: '您现在可以处理的案件，按时限由近到远排列。',
    overdueBy: '逾期 {n} 个工作日', left: '剩余 {n} 个工作日', dueToday: '今日到期',
  },
  cases: {
    list: '案件列表', filters: '筛选', bulkAssign: '批量交办', selected: '已选 {n} 件', newCase: '登记问题', created: '已登记：{code}',
    facts: '基本信息', units: '责任单位', deadlines: '时限', history: '办理记录', verifyChain: '记录校验', chainValid: '办理记录完整，未被篡改（{n} 条）',
    chainInvalid: '办理记录校验失败：第 {seq} 条起不一致', actions: '可办理事项', noActions: '您当前不能对此案件办理事项。',
    stale: '案件已被他人更新，请刷新后重试。', reload: '刷新案件', done: '已{event}', extensionPending: '延期申请待审批：至 {date}（{reason}）',
    from: '从', to: '到', by: '经办', payload: '内容', suggestion: '按交办规则建议：{unit}', bulkResult: '批量交办结果',
  },
  escalations: { title: '督办预警', acknowledge: '确认', acknowledged: '已确认', note: '处理说明', level: '级别', case: '案件', firedAt: '触发时间', status: '状态' },
  revisits: {
    title: '回头看', campaigns: '抽查活动', draw: '抽取', newCampaign: '新建抽查', name: '活动名称', sampleSize: '抽取数量', drawn: '抽中案件',
    dueAt: '完成期限', progress: '进度', seed: '随机种子', scheduled: '计划回头看',
  },
  scorecards: { title: '考核评分', ranking: '红黑榜', red: '红榜', black: '黑榜', unit: '单位', from: '起', to: '止', rate: '比率' },
  admin: { created: '已创建', saved: '已保存', newRegion: '新建区划', newUnit: '新建单位', newUser: '新建用户', override: '日历调整', workday: '工作日', holiday: '休息日' },
  calendar: {
    provisional: '暂定',
    provisionalHint: '按法定节假日推算，官方安排发布后可能调整',
    provisionalNote: '{years} 年尚无国务院办公厅发布的节假日安排：系统按《全国年节及纪念日放假办法》推算法定节假日（春节、清明、劳动节、端午、中秋、国庆、元旦），调休无法推算。跨越这些年份计算的时限标为“暂定”；导入官方安排后自动重算，并在各案件历史中记录。',
    importTitle: '导入全年官方节假日安排',
    importHint: '每行一天：日期、类型（休 = 放假，班 = 调休上班）、节日名称，用空格、逗号或制表符分隔，例如“2027-02-05 休 春节”“2027-02-20 班 春节”。可粘贴通知中的表格，或上传 .txt / .csv 文件。',
    year: '年份',
    notice: '通知文号',
    days: '日期清单',
    upload: '上传文件',
    preview: '共 {holidays} 天放假、{workdays} 天调休上班',
    submit: '导入并重算时限',
    imported: '{year} 年官方安排已导入：{moved} 个时限已重算',
    unchanged: '{year} 年的这份安排此前已导入，未作改动',
    importedYears: '已导入的官方安排',
    lineError: '第 {line} 行无法识别：{text}',
    holidaysCount: '放假天数',
    workdaysCount: '调休上班天数',
    importedAt: '导入时间',
  },
  notifications: { title: '消息', unread: '条未读', readAll: '全部已读', empty: '暂无消息。' },
  errors: {
    network: '无法连接服务器，请检查网络后重试。您填写的内容已保留。', server: '服务器暂时无法处理请求（{status}），请稍后重试。您填写的内容已保留。',
    forbidden: '您没有权限执行此操作。', notFound: '未找到该记录，或您无权查看。', conflict: '数据已被他人修改，请刷新后重试。',
    validation: '填写有误，请按提示修改。', tooMany: '操作过于频繁，请稍后再试。',
  },
} as const;

export type Messages = typeof messages;
