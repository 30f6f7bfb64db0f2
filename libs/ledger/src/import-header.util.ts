import { cellText } from './cell-value.util.js';
import { fieldOfHeader, normaliseHeader, type ImportField } from './import-columns.js';
import type { SheetRow } from './sheet-reader.js';

/** Rows looked at for the header: a title, a subtitle and a two-row merged header fit well within. */
export const HEADER_SEARCH_ROWS = 20;

export interface ColumnMatch {
  /** 'A', 'B', … */
  column: string;
  header: string;
  field: ImportField | null;
}

export interface HeaderMatch {
  /** The sheet row numbers of the header (two when the header spans merged rows). */
  headerRows: number[];
  columns: ColumnMatch[];
  /** Field → 0-based column index. */
  indexOf: Map<ImportField, number>;
}

export const columnLetter = (index: number): string => {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
};

/** The mapping a client gives: header text or column letter → field (or 'ignore'). */
export type ExplicitMapping = ReadonlyMap<string, ImportField | 'ignore'>;

function match(headerTexts: Array<string | null>, mapping: ExplicitMapping): ColumnMatch[] {
  return headerTexts.map((text, i) => {
    const column = columnLetter(i);
    const explicit = mapping.get(column) ?? (text ? mapping.get(normaliseHeader(text)) : undefined);
    const field = explicit === 'ignore' ? null : (explicit ?? (text ? (fieldOfHeader(text) ?? null) : null));
    return { column, header: text ?? '', field };
  });
}

function score(columns: ColumnMatch[]): number {
  return new Set(columns.map((c) => c.field).filter(Boolean)).size;
}

/**
 * Finds the header among the first rows: one row, or two adjacent rows whose cells combine (a merged
 * cell spanning both rows has its text in the upper row; sub-headers under a merged group cell in the
 * lower). The candidate matching the most fields wins; the one-row reading wins a tie.
 */
export function findHeader(rows: readonly SheetRow[], mapping: ExplicitMapping): HeaderMatch | null {
  let best: { rows: number[]; columns: ColumnMatch[]; score: number } | null = null;
  const texts = (row: SheetRow) => row.cells.map(cellText);
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const upper = texts(rows[i]!);
    const single = match(upper, mapping);
    const candidates: Array<{ rows: number[]; columns: ColumnMatch[] }> = [{ rows: [rows[i]!.rowNumber], columns: single }];
    const next = rows[i + 1];
    if (next && next.rowNumber === rows[i]!.rowNumber + 1) {
      const lower = texts(next);
      const width = Math.max(upper.length, lower.length);
      const lowerMatch = match(lower, mapping);
      const combined: ColumnMatch[] = [];
      for (let c = 0; c < width; c++) {
        const below = lowerMatch[c];
        const above = single[c] ?? { column: columnLetter(c), header: '', field: null };
        combined.push(below && below.field ? below : above.field ? above : below && below.header ? below : above);
      }
      candidates.push({ rows: [rows[i]!.rowNumber, next.rowNumber], columns: combined });
    }
    for (const candidate of candidates) {
      const s = score(candidate.columns);
      if (!best || s > best.score) best = { ...candidate, score: s };
    }
  }
  if (!best) return null;
  const indexOf = new Map<ImportField, number>();
  best.columns.forEach((c, i) => {
    if (c.field && !indexOf.has(c.field)) indexOf.set(c.field, i);
    else if (c.field) c.field = null; // a second column for the same field is left out, and shown as such
  });
  if (!indexOf.has('description') && !indexOf.has('title')) return null;
  return { headerRows: best.rows, columns: best.columns, indexOf };
}
