import ExcelJS from 'exceljs';

/**
 * Spreadsheets as the provinces send them, made here rather than checked in: a title row merged
 * across the sheet, a two-row header with merged cells, blank rows, full-width digits, dates as text,
 * as Excel serials and as real dates, 整改时限 phrases, a unit name with a trailing space, a duplicate.
 */
export const PROVINCIAL_BATCH = '2020年江西省第一轮省级生态环境保护督察';

export interface ProvincialList {
  buffer: Buffer;
  /** 序号 → the sheet row it is on (blank rows make these differ from a counter). */
  rowOf: Map<number, number>;
  /** The sheet row of the duplicate of 序号 12. */
  duplicateRow: number;
  expected: { create: number; 'create+assign': number; unchanged: number; error: number };
}

const HEADER_TOP = ['序号', '问题来源', '督察批次', '具体问题', '所在地区', '问题类别', '责任单位', '配合单位', '责任人', '整改要求', null, null, '备注'];
const HEADER_SUB = [null, null, null, null, null, null, null, null, null, '整改目标', '整改措施', '整改时限', null];
const FULL_WIDTH = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** The regions, units and deadlines row i gets; `fix` turns the planted errors into good rows. */
function rowFor(i: number, fix: boolean): { values: ExcelJS.CellValue[] } {
  const places = [
    { region: '南昌市', unit: '南昌市生态环境局', co: '' },
    { region: '九江市', unit: '九江市生态环境局', co: '' },
    { region: '东湖区', unit: '东湖区人民政府', co: '南昌市生态环境局' },
    { region: '360100', unit: '南昌市生态环境局', co: '东湖区人民政府' },
  ];
  const place = places[i % places.length]!;
  const deadlines: ExcelJS.CellValue[] = ['2025年6月底前', 45930 /* 2025-09-30 as a serial */, new Date(Date.UTC(2025, 11, 31)), '立行立改', '长期坚持', '年底前', '2025-08-15', FULL_WIDTH('2025年9月30日前')];
  let region: string = place.region;
  let unit = i === 7 ? '南昌市生态环境局 ' : place.unit;
  let deadline = deadlines[i % deadlines.length];
  if (!fix) {
    if (i === 33) unit = '九江市环保局';
    if (i === 44) region = '安徽省';
    if (i === 55) deadline = '尽快';
    if (i === 66) deadline = '2024年12月底前';
  } else if (i === 44) unit = place.unit;
  if (i === 20) unit = '';
  const seq = i % 10 === 3 ? FULL_WIDTH(String(i)) : i;
  return {
    values: [seq, '省级督察', PROVINCIAL_BATCH, `督察发现第${i}号问题：某企业废水未经处理直排。需要整改。`, region, i % 3 === 0 ? '大气' : '水', unit, place.co, `责任人${i}`, '稳定达标', '完成治理设施改造', deadline, ''],
  };
}

export async function provincialList(opts: { fix?: boolean } = {}): Promise<ProvincialList> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('问题清单');
  sheet.getRow(1).values = ['江西省第一轮省级生态环境保护督察反馈问题整改清单'];
  sheet.mergeCells('A1:M1');
  sheet.getRow(2).values = HEADER_TOP;
  sheet.getRow(3).values = HEADER_SUB;
  for (const col of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'M']) sheet.mergeCells(`${col}2:${col}3`);
  sheet.mergeCells('J2:L2');
  const rowOf = new Map<number, number>();
  let r = 4;
  for (let i = 1; i <= 100; i++) {
    if (i === 31 || i === 61) r += 2; // blank rows between sections
    sheet.getRow(r).values = rowFor(i, opts.fix ?? false).values;
    rowOf.set(i, r++);
  }
  sheet.getRow(r).values = rowFor(12, false).values; // a row pasted twice
  const errors = opts.fix ? 1 : 5;
  return {
    buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
    rowOf,
    duplicateRow: r,
    expected: { create: 1, 'create+assign': 100 - 1 - (errors - 1), unchanged: 0, error: errors },
  };
}
