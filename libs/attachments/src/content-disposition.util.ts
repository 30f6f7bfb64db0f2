/**
 * `attachment` with the original name twice: `filename*` in UTF-8 (RFC 5987/6266, what every current
 * browser uses, so 整改报告.pdf stays 整改报告.pdf) and an ASCII `filename` fallback for old clients.
 */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Maximum stored length of a file name, in characters. */
export const MAX_FILE_NAME_CHARS = 255;

/** The name a user gave, without any path a browser sent along, control characters or surrounding blanks. */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_FILE_NAME_CHARS);
  return clean === '' || clean === '.' || clean === '..' ? 'attachment' : clean;
}
