import '@fastify/multipart';
import { Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AttachmentList, AttachmentService, AttachmentView, type UploadSource } from '@rectify/attachments';
import { CurrentUser, type AuthUser } from '@rectify/identity';

/** The request's first file part, read with the size limit the service works out for this case. */
function multipartSource(request: FastifyRequest): UploadSource {
  return {
    isMultipart: request.isMultipart(),
    nextFile: async (maxBytes) => {
      // Not thrown at the limit: the body is read to its end and the service checks `truncated` (a 413 then).
      const part = await request.file({ throwFileSizeLimit: false, limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 11 } });
      return part && { filename: part.filename, stream: part.file, truncated: () => part.file.truncated };
    },
  };
}

@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(@Inject(AttachmentService) private readonly attachments: AttachmentService) {}

  @Post('cases/:id/attachments')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Upload an evidence file (multipart/form-data, one part "file")',
    description:
      'Allowed to whoever may now send SUBMIT_EVIDENCE, REPORT_PROGRESS, VERIFY_FAIL or REBOUND_FOUND on the case. The type is decided by the bytes: images (incl. HEIC), PDF, Office documents, plain UTF-8 text. Limits: ATTACHMENT_MAX_FILE_MB (20) a file, ATTACHMENT_MAX_CASE_MB (200) and ATTACHMENT_MAX_FILES_PER_CASE (100) a case. Reference the returned id in an event\'s attachmentIds.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: AttachmentView })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: no file part, an empty file, or an unreadable/interrupted body' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: the caller may not act on the case now' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such case, or not in the caller\'s jurisdiction' })
  @ApiResponse({ status: 409, description: 'CONFLICT: the case holds the most files it may' })
  @ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE: the file or the case total is over its limit' })
  @ApiResponse({ status: 415, description: 'UNSUPPORTED_MEDIA_TYPE: not multipart, or bytes of a kind not accepted (executables, archives …)' })
  upload(@CurrentUser() user: AuthUser, @Param('id') id: string, @Req() request: FastifyRequest): Promise<AttachmentView> {
    return this.attachments.upload(user, id, multipartSource(request));
  }

  @Get('cases/:id/attachments')
  @ApiOperation({ summary: 'The case\'s evidence files, their total size, the limits, and whether the caller may upload now', description: 'Anyone who sees the case: its files (name, type, size, SHA-256, who uploaded them, whether an event cites them), the total stored, the per-file and per-case limits, and `canUpload` for the caller now. See docs/attachments.md.' })
  @ApiOkResponse({ type: AttachmentList })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such case, or not in the caller\'s jurisdiction' })
  list(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<AttachmentList> {
    return this.attachments.list(user, id);
  }

  @Get('attachments/:id')
  @ApiOperation({
    summary: 'Download an evidence file',
    description: 'The sniffed Content-Type, Content-Disposition with the original name (RFC 5987 filename*), ETag = the SHA-256, single byte ranges (206), If-None-Match (304).',
  })
  @ApiProduces('application/octet-stream')
  @ApiResponse({ status: 200, description: 'the file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 206, description: 'the requested byte range', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 304, description: 'Not Modified: If-None-Match names the file as the client holds it' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such file, or its case is not in the caller\'s jurisdiction' })
  @ApiResponse({ status: 409, description: 'CONFLICT: the stored bytes are missing or changed (history verification says which)' })
  @ApiResponse({ status: 416, description: 'RANGE_NOT_SATISFIABLE: the range is outside the file' })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Headers('range') range: string | undefined,
    @Headers('if-range') ifRange: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.attachments.download(user, id, { range, ifRange, ifNoneMatch });
    await reply.status(file.status).headers(file.headers).send(file.body ?? undefined);
  }
}
