import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DomainError } from '@rectify/core';
import { cellOf, cleanText, type CellValue } from './cell-value.util.js';
import { decodeCsv, parseCsv } from './csv-parse.util.js';

export type SheetFormat = 'xlsx' | 'csv';

/** One non-blank row of the sheet, numbered as the spreadsheet numbers it. */
export interface SheetRow {
  rowNumber: number;
  /** Column A is index 0. */
  cells: CellValue[];
}

/** The file's format from its first bytes (a renamed file is caught), else from its name. */
export function sheetFormatOf(buffer: Buffer, fileName: string): SheetFormat {
  if (buffer.length >= 4 && buffer.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  if (buffer.length >= 4 && buffer.readUInt32BE(0) === 0xd0cf11e0) {
    throw DomainError.validation('不支持旧版 .xls 文件：请在 Excel 中“另存为” .xlsx 后再导入');
  }
  if (/\.csv$/i.test(fileName) || !/\.[a-z0-9]+$/i.test(fileName)) return 'csv';
  throw DomainError.validation('只能导入 .xlsx 或 .csv 文件');
}

const isBlank = (cells: CellValue[]) => cells.every((c) => c === null);

/**
 * The rows of the first worksheet, streamed (exceljs' WorkbookReader: a 20,000-row sheet is never held
 * as a workbook). The streaming reader skips blank rows itself; we skip rows whose cells are all empty.
 */
export async function* readSheet(buffer: Buffer, format: SheetFormat): AsyncGenerator<SheetRow> {
  if (format === 'csv') {
    for (const { rowNumber, fields } of parseCsv(decodeCsv(buffer))) {
      const cells = fields.map((f) => cleanText(f));
      if (!isBlank(cells)) yield { rowNumber, cells };
    }
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const values = (row.values as unknown[]) ?? [];
        const cells: CellValue[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellOf(values[c]));
        if (!isBlank(cells)) yield { rowNumber: row.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw DomainError.validation(`无法读取该 .xlsx 文件（${(error as Error).message.slice(0, 200)}）：请用 Excel 打开后重新保存再导入`);
  }
}
