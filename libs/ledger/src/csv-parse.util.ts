/**
 * RFC 4180 CSV: quoted fields with doubled quotes and line breaks, CRLF or LF. Yields each record with
 * its 1-based line-record number (blank records are yielded too, as []) so errors cite the file's rows.
 */
export function* parseCsv(text: string): Generator<{ rowNumber: number; fields: string[] }> {
  let i = 0;
  let row = 1;
  const n = text.length;
  while (i < n) {
    const fields: string[] = [];
    let field = '';
    let atEnd = false;
    while (!atEnd) {
      if (text[i] === '"') {
        i++;
        while (i < n) {
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
            } else {
              i++;
              break;
            }
          } else field += text[i++];
        }
      }
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      fields.push(field);
      field = '';
      if (i >= n) atEnd = true;
      else if (text[i] === ',') i++;
      else {
        if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
        else i++;
        atEnd = true;
      }
    }
    yield { rowNumber: row++, fields: fields.length === 1 && fields[0] === '' ? [] : fields };
  }
}

/** A CSV file's text: UTF-8 (with or without BOM), else GB18030 as older Excel writes it on Chinese Windows. */
export function decodeCsv(buffer: Buffer): string {
  const bytes = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? buffer.subarray(3) : buffer;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
