import type { FileHandle } from 'node:fs/promises';
import { readAt } from './file-reader.js';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_ENTRY = 0x02014b50;
/** The end record sits in the last 22 bytes plus a comment of at most 65,535. */
const EOCD_SEARCH_BYTES = 22 + 65_535;
/** A central directory larger than this is not an office document's (they list a few hundred entries). */
const MAX_DIRECTORY_BYTES = 8 * 1024 * 1024;

/**
 * The entry names of a zip archive, read from its central directory at the end of the file — where
 * every writer puts the truth, also those that stream entries with data descriptors (which defeat a
 * scan of the local headers from the front). Null when the file has no readable central directory.
 */
export async function zipEntryNames(file: FileHandle, size: number): Promise<string[] | null> {
  const tailStart = Math.max(0, size - EOCD_SEARCH_BYTES);
  const tail = await readAt(file, tailStart, size - tailStart);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directoryOffset === 0xffffffff || directorySize === 0xffffffff || count === 0xffff) {
    const locatorAt = tailStart + eocd - 20;
    if (locatorAt < 0) return null;
    const locator = await readAt(file, locatorAt, 20);
    if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR) return null;
    const record = await readAt(file, Number(locator.readBigUInt64LE(8)), 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) return null;
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (directorySize > MAX_DIRECTORY_BYTES || directoryOffset + directorySize > size) return null;
  const directory = await readAt(file, directoryOffset, directorySize);
  const names: string[] = [];
  let at = 0;
  while (names.length < count && at + 46 <= directory.length && directory.readUInt32LE(at) === CENTRAL_ENTRY) {
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    names.push(directory.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The Office Open XML type a zip's entries say it is, or null for any other archive. */
export function officeTypeOfZip(names: readonly string[]): { ext: 'docx' | 'xlsx' | 'pptx'; mime: string } | null {
  if (!names.includes('[Content_Types].xml')) return null;
  if (names.some((n) => n.startsWith('word/'))) return { ext: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };
  if (names.some((n) => n.startsWith('xl/'))) return { ext: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  if (names.some((n) => n.startsWith('ppt/'))) return { ext: 'pptx', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' };
  return null;
}
