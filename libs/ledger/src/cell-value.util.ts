/** A spreadsheet cell as the importer reads it: text (width-folded, trimmed), a number, a date, or nothing. */
export type CellValue = string | number | Date | null;

/** Full-width digits, Latin letters and the ideographic space folded to ASCII; nothing else (keeps 。，：). */
export function foldWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (ch) => {
    const code = ch.charCodeAt(0);
    // digits, Latin letters, and the few signs that appear in codes and dates: －．／＃
    if ((code >= 0xff10 && code <= 0xff19) || (code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a) || '－．／＃'.includes(ch)) {
      return String.fromCharCode(code - 0xfee0);
    }
    return ch;
  }).replace(/\u3000/g, ' ');
}

/** Trims spaces (also U+00A0 and U+3000) and folds widths; '' is null. */
export function cleanText(text: string): string | null {
  const out = foldWidth(text).replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
  return out === '' ? null : out;
}

/** exceljs' many cell shapes (rich text, hyperlinks, formulas, errors) to one of ours. */
export function cellOf(raw: unknown): CellValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') return cleanText(raw);
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'boolean') return raw ? 'TRUE' : 'FALSE';
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw;
  if (typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    if (Array.isArray(o.richText)) return cleanText((o.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join(''));
    if ('result' in o) return cellOf(o.result);
    if (typeof o.text === 'string') return cleanText(o.text);
    if ('error' in o) return null;
  }
  return cleanText(String(raw));
}

/** A cell as text (numbers without a trailing .0; dates as YYYY-MM-DD). */
export function cellText(value: CellValue): string | null {
  if (value === null) return null;
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value;
}
