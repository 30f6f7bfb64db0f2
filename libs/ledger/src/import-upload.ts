import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@rectify/core';
import { IMPORT_MAX_FILE_BYTES } from './import-limits.js';
import type { ImportUpload } from './import.service.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_CONTENT_TYPE = 'text/csv';

const tooLarge = () => new DomainError(ErrorCode.PayloadTooLarge, `文件超过 ${IMPORT_MAX_FILE_BYTES / 1024 / 1024} MB：请拆分后分批导入`);

/**
 * The uploaded ledger: a multipart form (field `file` plus optional text fields), or the file itself
 * as the body with content type xlsx or text/csv (then the options come from the query string).
 */
export async function readImportUpload(request: FastifyRequest): Promise<ImportUpload> {
  const query = Object.fromEntries(Object.entries((request.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  if (Buffer.isBuffer(request.body)) {
    const type = String(request.headers['content-type'] ?? '');
    return { buffer: request.body, fileName: type.startsWith(CSV_CONTENT_TYPE) ? 'upload.csv' : 'upload.xlsx', fields: query };
  }
  if (!request.isMultipart?.()) throw DomainError.validation('请以 multipart/form-data 上传文件（字段 file），或以 xlsx / text/csv 作为请求体上传');
  const fields: Record<string, string> = { ...query };
  let file: { buffer: Buffer; fileName: string } | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: IMPORT_MAX_FILE_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw DomainError.validation(`Unexpected file field ${part.fieldname}: the file goes in the field "file"`);
        const buffer = await part.toBuffer();
        if (part.file.truncated) throw tooLarge();
        file = { buffer, fileName: part.filename || 'upload' };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code.startsWith('FST_')) throw DomainError.validation(`上传内容有误：${(error as Error).message}`);
    throw error;
  }
  if (!file) throw DomainError.validation('没有收到文件：请在字段 file 中上传 .xlsx 或 .csv');
  if (file.buffer.length === 0) throw DomainError.validation('上传的文件是空的');
  return { ...file, fields };
}
