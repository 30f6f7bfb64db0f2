import { PassThrough, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
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

/** Decoded text of a byte stream, a character never split between two chunks. */
async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

type ReaderInternals = {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterable: AsyncIterable<Buffer | string>, sheetNo: string): AsyncGenerator<unknown>;
};

/**
 * exceljs 4.4's streaming reader decodes each inflated chunk on its own (utils/parse-sax.js), so a
 * Chinese character falling on a chunk boundary comes out as two U+FFFD: "东湖区" read as "东湖��"
 * now and then, depending on where the zip's chunks fall. Its SAX step passes strings through, so
 * the shared strings and worksheets are handed to it already decoded, boundaries kept whole.
 */
class Utf8WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  constructor(input: Readable, options: ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookReader>[1]) {
    super(input, options);
    const self = this as unknown as ReaderInternals;
    const sharedStrings = self._parseSharedStrings.bind(this);
    const worksheet = self._parseWorksheet.bind(this);
    self._parseSharedStrings = (entry) => {
      const text = new PassThrough();
      text.setEncoding('utf8');
      entry.pipe(text);
      return sharedStrings(text);
    };
    self._parseWorksheet = (iterable, sheetNo) => worksheet(utf8Text(iterable), sheetNo);
  }
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
  const reader = new Utf8WorkbookReader(Readable.from([buffer]), {
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
