import ExcelJS from 'exceljs';
import { IMMEDIATE_RECTIFICATION_WORKING_DAYS } from './deadline-phrase.util.js';
import { FIELD_HEADERS, type ImportField } from './import-columns.js';
import { CATEGORY_LABELS, SOURCE_LABELS } from './ledger-labels.js';

const TEMPLATE_FIELDS: ImportField[] = [
  'seq', 'source', 'batch', 'title', 'description', 'regionName', 'regionCode', 'category', 'leadUnit', 'coUnits',
  'responsiblePerson', 'goal', 'measures', 'deadline', 'externalRef',
];
const EXAMPLE: Partial<Record<ImportField, string | number>> = {
  seq: 1,
  source: SOURCE_LABELS.provincial_inspection[0],
  batch: '2025年第一轮省级督察',
  title: '某工业园区污水处理厂尾水超标排放',
  description: '督察发现园区污水处理厂尾水化学需氧量超标，直排长江支流。',
  regionName: '南昌市',
  regionCode: '360100',
  category: CATEGORY_LABELS.water[0],
  leadUnit: '南昌市生态环境局',
  coUnits: '东湖区人民政府',
  responsiblePerson: '张三',
  goal: '尾水稳定达标排放',
  measures: '完成提标改造，安装在线监测',
  deadline: '2025年6月底前',
  externalRef: '',
};
const VALIDATION_ROWS = 2000;

/** The import template: the headers, drop-down lists for 问题来源 and 问题类别, an example row, and a sheet of notes. */
export async function importTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('问题清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_FIELDS.map((field) => ({ header: FIELD_HEADERS[field][0]!, key: field, width: field === 'description' || field === 'measures' ? 40 : 16 }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(Object.fromEntries(TEMPLATE_FIELDS.map((f) => [f, EXAMPLE[f] ?? ''])));
  const list = (labels: Record<string, readonly string[]>) => `"${Object.values(labels).map((l) => l[0]).join(',')}"`;
  const validations: Array<[ImportField, string]> = [
    ['source', list(SOURCE_LABELS)],
    ['category', list(CATEGORY_LABELS)],
  ];
  for (const [field, formula] of validations) {
    const column = sheet.getColumn(field);
    for (let r = 2; r <= VALIDATION_ROWS; r++) {
      sheet.getCell(r, column.number).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [formula],
        showErrorMessage: true,
        errorTitle: FIELD_HEADERS[field][0],
        error: '请从下拉列表中选择',
      };
    }
  }
  const notes = workbook.addWorksheet('填写说明');
  notes.columns = [{ header: '项目', width: 16 }, { header: '说明', width: 90 }];
  notes.addRows([
    ['整改时限', '日期（2025-06-30）、“2025年6月底前”、“2025年底前”、“年底前”（当年12月31日）、“立行立改”（交办后' + IMMEDIATE_RECTIFICATION_WORKING_DAYS + '个工作日）、“长期坚持”（当年12月31日为阶段时限）；留空按默认期限'],
    ['所在地区', '地区全称（如“南昌市”）或6位行政区划代码，须在您的管辖范围内'],
    ['责任单位', '系统中的单位全称；填了责任单位即在导入时交办，不填只登记问题'],
    ['配合单位', '多个单位用“、”分隔'],
    ['外部编号', '同一来源下唯一；不填时取“督察批次-序号”。重复导入同一文件不会重复登记'],
    ['问题来源', Object.values(SOURCE_LABELS).map((l) => l[0]).join('、')],
    ['问题类别', Object.values(CATEGORY_LABELS).map((l) => l[0]).join('、')],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
