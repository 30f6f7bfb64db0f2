import ExcelJS from 'exceljs';
import { SCORE_PRIOR_CASES } from '@rectify/assignment';
import type { AssessmentUnitView, AssessmentView, ProgressGroupView, ProgressReportView } from './dto/report.dto.js';
import { LADDER_LEVELS, REPORT_STATES } from './progress-report.util.js';

const STATE_NAMES: Record<string, string> = {
  reported: '待交办', assigned: '已交办', 'rectifying.inProgress': '整改中', 'rectifying.awaitingVerification': '待验收',
  verified: '已验收', closed: '已销号', reboundCheck: '回头看中', withdrawn: '已撤销',
};
const LEVEL_NAMES = ['预警', '催办', '督办', '挂牌督办'];
const GROUP_NAMES: Record<string, string> = { unit: '责任单位', region: '地区', source: '问题来源', batch: '督察批次' };
const shanghai = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** A sheet with the title, the as-of instant and the query on top, then the table. */
function table(wb: ExcelJS.Workbook, name: string, title: string, meta: string[], header: string[], rows: Array<Array<string | number | null>>, widths: number[]) {
  const sheet = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, header.length);
  for (const line of meta) sheet.addRow([line]);
  const headerRow = sheet.addRow(header);
  headerRow.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: headerRow.number }];
  for (const row of rows) sheet.addRow(row);
  header.forEach((_, i) => (sheet.getColumn(i + 1).width = widths[i] ?? 10));
  return sheet;
}

export async function progressWorkbook(report: ProgressReportView, regionName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const header = [GROUP_NAMES[report.groupBy] ?? '分组', '问题总数', ...REPORT_STATES.map((s) => STATE_NAMES[s]!), '已销号', '完成率', '本月到期', '超期', ...LADDER_LEVELS.map((l) => LEVEL_NAMES[l]!), '延期', '退回', '反弹'];
  const row = (g: ProgressGroupView) => [
    g.name, g.total, ...REPORT_STATES.map((s) => g.byState[s] ?? 0), g.closed, percent(g.completionRate), g.dueThisMonth, g.overdue,
    ...LADDER_LEVELS.map((l) => g.escalatedByLevel[String(l)] ?? 0), g.extended, g.returned, g.rebounds,
  ];
  table(
    wb,
    '整改进度',
    '整改工作月调度表',
    [`截至：${shanghai(report.asOf)}（北京时间）`, `查询：地区 ${regionName}（${report.regionCode}），按${GROUP_NAMES[report.groupBy]}汇总`],
    header,
    [...report.groups.map(row), row(report.total)],
    [28, 9, ...REPORT_STATES.map(() => 8), 8, 8, 8, 6, 6, 6, 6, 8, 6, 6, 6],
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function assessmentWorkbook(report: AssessmentView, regionName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const meta = [
    `考核年度：${report.year}（${shanghai(report.from)} 至 ${shanghai(report.to)}，数据截至 ${shanghai(report.asOf)}）`,
    `查询：地区 ${regionName}（${report.regionCode}）；得分为考核评分综合分（权重 按时办结 ${report.weights.rectificationOnTime}、及时签收 ${report.weights.acceptanceOnTime}、未超期 ${report.weights.notOverdue}、未反弹 ${report.weights.noRebound}、未退回 ${report.weights.noReturn}，按 ${SCORE_PRIOR_CASES} 件先验平滑）`,
  ];
  const header = ['名次', '单位', '得分', '按时办结率', '签收及时率', '回退率', '反弹率', '交办数', '办结数', '超期'];
  const row = (u: AssessmentUnitView & { rank?: number | null }) => [
    u.rank ?? '—', u.unitName, u.score, percent(u.rectificationOnTimeRate), percent(u.acceptanceOnTimeRate), percent(u.returnRate), percent(u.reboundRate), u.assigned, u.rectified, u.overdue,
  ];
  const widths = [6, 28, 8, 11, 11, 9, 9, 8, 8, 6];
  table(wb, '考核排名', `${report.year}年度整改考核排名`, meta, header, report.items.map(row), widths);
  table(wb, '红榜', `${report.year}年度整改工作红榜`, meta, header, report.redList.map(row), widths);
  table(wb, '黑榜', `${report.year}年度整改工作黑榜`, meta, header, report.blackList.map(row), widths);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
