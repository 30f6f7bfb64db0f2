import type { FileHandle } from 'node:fs/promises';
import { readAt } from './file-reader.js';

const SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
/** More directory sectors than any office document has; stops a crafted loop. */
const MAX_DIRECTORY_SECTORS = 4096;
const MAX_DIFAT_SECTORS = 4096;

/**
 * The stream and storage names in a Compound File Binary (OLE2) file's directory — the container of
 * .doc/.xls/.ppt, but also of .msi installers and others, so the names decide what it is.
 * Null when the structure cannot be read.
 */
export async function cfbEntryNames(file: FileHandle, size: number): Promise<string[] | null> {
  const header = await readAt(file, 0, 512);
  if (header.length < 512 || !header.subarray(0, 8).equals(SIGNATURE)) return null;
  const shift = header.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return null;
  const sectorSize = 1 << shift;
  const perSector = sectorSize / 4;
  const sectorOffset = (sector: number) => (sector + 1) * sectorSize;
  const firstDirectory = header.readUInt32LE(0x30);

  // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const s = header.readUInt32LE(0x4c + i * 4);
    if (s !== FREE && s !== END_OF_CHAIN) fatSectors.push(s);
  }
  let difat = header.readUInt32LE(0x44);
  for (let n = 0; difat !== END_OF_CHAIN && difat !== FREE && n < MAX_DIFAT_SECTORS; n++) {
    if (sectorOffset(difat) >= size) return null;
    const sector = await readAt(file, sectorOffset(difat), sectorSize);
    for (let i = 0; i < perSector - 1; i++) {
      const s = sector.readUInt32LE(i * 4);
      if (s !== FREE && s !== END_OF_CHAIN) fatSectors.push(s);
    }
    difat = sector.readUInt32LE((perSector - 1) * 4);
  }
  const fatCache = new Map<number, Buffer>();
  const next = async (sector: number): Promise<number | null> => {
    const fatIndex = Math.floor(sector / perSector);
    const fatSector = fatSectors[fatIndex];
    if (fatSector === undefined || sectorOffset(fatSector) >= size) return null;
    let fat = fatCache.get(fatIndex);
    if (!fat) fatCache.set(fatIndex, (fat = await readAt(file, sectorOffset(fatSector), sectorSize)));
    return fat.length === sectorSize ? fat.readUInt32LE((sector % perSector) * 4) : null;
  };

  const names: string[] = [];
  let sector: number | null = firstDirectory;
  for (let n = 0; sector !== END_OF_CHAIN; n++) {
    if (sector === null || n >= MAX_DIRECTORY_SECTORS || sectorOffset(sector) >= size) return null;
    const entries = await readAt(file, sectorOffset(sector), sectorSize);
    for (let at = 0; at + 128 <= entries.length; at += 128) {
      const type = entries[at + 0x42];
      const nameBytes = entries.readUInt16LE(at + 0x40);
      if (type === 0 || nameBytes < 2 || nameBytes > 64) continue;
      names.push(entries.toString('utf16le', at, at + nameBytes - 2));
    }
    sector = await next(sector);
  }
  return names;
}

/** The legacy Office type a CFB's streams say it is, or null (an installer, a thumbnail cache …). */
export function officeTypeOfCfb(names: readonly string[]): { ext: 'doc' | 'xls' | 'ppt'; mime: string } | null {
  if (names.includes('WordDocument')) return { ext: 'doc', mime: 'application/msword' };
  if (names.includes('Workbook') || names.includes('Book')) return { ext: 'xls', mime: 'application/vnd.ms-excel' };
  if (names.includes('PowerPoint Document')) return { ext: 'ppt', mime: 'application/vnd.ms-powerpoint' };
  return null;
}
