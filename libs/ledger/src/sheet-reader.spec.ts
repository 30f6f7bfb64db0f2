import ExcelJS from 'exceljs';
import { readSheet } from './sheet-reader.js';

async function sheetOf(rows: unknown[][], opts: { sharedStrings: boolean }): Promise<Buffer> {
  if (opts.sharedStrings) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    for (const row of rows) ws.addRow(row);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  // the streaming writer without shared strings puts the text inline in the sheet XML
  const chunks: Buffer[] = [];
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const ws = wb.addWorksheet('s');
  for (const row of rows) ws.addRow(row).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

describe('readSheet', () => {
  // Enough CJK text that inflated chunks surely end inside a three-byte character.
  const rows = Array.from({ length: 3000 }, (_, i) => [i + 1, `东湖区人民政府第${i}号问题：污水直排长江支流，整改措施为完成提标改造`, '南昌市生态环境局']);

  it.each([true, false])('reads every Chinese character whole, wherever chunks end (shared strings: %s)', async (sharedStrings) => {
    const buffer = await sheetOf(rows, { sharedStrings });
    const read: unknown[][] = [];
    for await (const row of readSheet(buffer, 'xlsx')) read.push(row.cells);
    expect(read).toEqual(rows);
  });

  it('numbers rows as the sheet does: blank rows are skipped, not renumbered', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.getRow(1).values = ['序号'];
    ws.getRow(4).values = ['１２'];
    const out: Array<[number, unknown]> = [];
    for await (const row of readSheet(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx')) out.push([row.rowNumber, row.cells[0]]);
    expect(out).toEqual([[1, '序号'], [4, '12']]);
  });
});
