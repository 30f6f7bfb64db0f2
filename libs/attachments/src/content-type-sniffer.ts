import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { cfbEntryNames, officeTypeOfCfb } from './cfb-entries.util.js';
import { readAt } from './file-reader.js';
import { officeTypeOfZip, zipEntryNames } from './zip-entries.util.js';

export type EvidenceKind = 'image' | 'pdf' | 'office' | 'text';

export type SniffResult =
  | { accepted: true; mime: string; ext: string; kind: EvidenceKind }
  | { accepted: false; detected: string };

/** What an evidence file may be, by the type its bytes show (file-type's names). */
const ACCEPTED: Record<string, EvidenceKind> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'image/bmp': 'image',
  'image/tiff': 'image',
  'image/heic': 'image',
  'image/heif': 'image',
  'image/avif': 'image',
  'application/pdf': 'pdf',
  'application/rtf': 'office',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'office',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'office',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'office',
  'application/vnd.oasis.opendocument.text': 'office',
  'application/vnd.oasis.opendocument.spreadsheet': 'office',
  'application/vnd.oasis.opendocument.presentation': 'office',
};

export const TEXT_MIME = 'text/plain; charset=utf-8';
const TEXT_CHUNK_BYTES = 64 * 1024;

/**
 * Decides what a staged upload is from its bytes alone (its name and declared type are ignored):
 * images (also HEIC phone photos), PDF, Office documents (OOXML and OpenDocument zips, legacy
 * .doc/.xls/.ppt compound files — each by what is inside the container) and UTF-8 plain text are
 * accepted; everything else — executables, installers, archives, scripts, unknown binary — is not.
 */
export async function sniffContentType(path: string, size: number): Promise<SniffResult> {
  const detected = await fileTypeFromFile(path);
  if (detected) {
    const kind = ACCEPTED[detected.mime];
    if (kind) return { accepted: true, mime: detected.mime, ext: detected.ext, kind };
    if (detected.ext === 'zip' || detected.ext === 'cfb') {
      const file = await open(path, 'r');
      try {
        if (detected.ext === 'zip') {
          const office = officeTypeOfZip((await zipEntryNames(file, size)) ?? []);
          if (office) return { accepted: true, ...office, kind: 'office' };
        } else {
          const office = officeTypeOfCfb((await cfbEntryNames(file, size)) ?? []);
          if (office) return { accepted: true, ...office, kind: 'office' };
        }
      } finally {
        await file.close();
      }
    }
    return { accepted: false, detected: `${detected.mime} (.${detected.ext})` };
  }
  return (await isPlainText(path, size)) ? { accepted: true, mime: TEXT_MIME, ext: 'txt', kind: 'text' } : { accepted: false, detected: 'unrecognised binary data' };
}

/** Valid UTF-8 without NUL or other C0 controls but tab, line breaks and form feed; not a `#!` script. */
async function isPlainText(path: string, size: number): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let at = 0; at < size; at += TEXT_CHUNK_BYTES) {
      const chunk = await readAt(file, at, TEXT_CHUNK_BYTES);
      if (at === 0 && chunk[0] === 0x23 && chunk[1] === 0x21) return false;
      for (const byte of chunk) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  } finally {
    await file.close();
  }
}
