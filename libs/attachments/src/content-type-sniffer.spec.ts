import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cfb, docx, elf, exe, heic, pdf, png, zip } from '../../../test/support/evidence-files.js';
import { sniffContentType } from './content-type-sniffer.js';

describe('sniffContentType: what an evidence file is, by its bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-sniff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const sniff = async (bytes: Buffer) => {
    const path = join(dir, `f${++n}`);
    writeFileSync(path, bytes);
    return sniffContentType(path, bytes.length);
  };

  it.each([
    ['a PNG photo', png(), 'image/png'],
    ['a HEIC phone photo', heic(), 'image/heic'],
    ['a PDF', pdf(), 'application/pdf'],
    ['a .docx written with data descriptors', docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['a legacy .doc', cfb(['WordDocument', '1Table']), 'application/msword'],
    ['a legacy .xls', cfb(['Workbook']), 'application/vnd.ms-excel'],
    ['UTF-8 text in Chinese', Buffer.from('整改情况说明：\r\n已完成覆盖。\n'), 'text/plain; charset=utf-8'],
  ])('accepts %s', async (_name, bytes, mime) => {
    expect(await sniff(bytes)).toMatchObject({ accepted: true, mime });
  });

  it.each([
    ['a Windows executable', exe()],
    ['a Linux executable', elf()],
    ['a plain zip archive', zip([['readme.txt', 'hello'], ['setup.exe', exe()]])],
    ['a zip naming word/ but without [Content_Types].xml', zip([['word/document.xml', '<x/>']])],
    ['an installer-like compound file', cfb(['SummaryInformation', 'Property'])],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n')],
    ['text that is not UTF-8 (GBK)', Buffer.from([0xd5, 0xfb, 0xb8, 0xc4, 0xb1, 0xa8, 0xb8, 0xe6, 0xff])],
    ['binary noise', Buffer.from([0, 1, 2, 3, 0, 0, 0, 9, 200, 13, 0])],
  ])('refuses %s', async (_name, bytes) => {
    expect(await sniff(bytes)).toMatchObject({ accepted: false });
  });
});
