import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, type AuthUser } from '@rectify/identity';
import {
  CommitImportDto,
  ImportDryRunView,
  ImportRowsPage,
  ImportRowsQuery,
  ImportService,
  ImportUploadBody,
  ImportView,
  importTemplate,
  readImportUpload,
  XLSX_CONTENT_TYPE,
} from '@rectify/ledger';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(@Inject(ImportService) private readonly imports: ImportService) {}

  @Post()
  @ApiOperation({ summary: '台账导入 dry run: reads the .xlsx / .csv and stores a plan, one outcome a row (nothing is created yet)', description: 'Inspectors, supervisors and admins (bureaus: 403): upload a 台账 (.xlsx or .csv, multipart or raw body); every row is checked and planned (create, create and assign, duplicate, error) under its own region’s policy and calendar, and the plan is stored. Nothing is created until POST /imports/:id/commit (docs/ledger.md).' })
  @ApiConsumes('multipart/form-data', XLSX_CONTENT_TYPE, 'text/csv')
  @ApiBody({ type: ImportUploadBody })
  @ApiResponse({ status: 201, type: ImportDryRunView, description: 'the stored plan' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: bureau users do not import ledgers' })
  @ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE: the file is over the import limit' })
  @ApiResponse({ status: 415, description: 'UNSUPPORTED_MEDIA_TYPE: not multipart, or not an .xlsx / .csv' })
  async dryRun(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<ImportDryRunView> {
    return this.imports.dryRun(user, await readImportUpload(request));
  }

  @Get('template.xlsx')
  @ApiOperation({ summary: 'The import template: headers, drop-down lists for 问题来源 and 问题类别, an example row', description: 'The .xlsx template to fill in: the headers the import reads, drop-down lists of the Chinese labels of 问题来源 and 问题类别, and one example row.' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'an .xlsx file', schema: { type: 'string', format: 'binary' } })
  async template(@Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    void reply.header('content-type', XLSX_CONTENT_TYPE).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('问题清单导入模板.xlsx')}`);
    return importTemplate();
  }

  @Get(':id')
  @ApiOperation({ summary: 'An import: who, when, file hash, planned counts, and commit progress (done / toApply, errors)', description: 'One import as its importer sees it: who uploaded it, when, the file’s SHA-256, the planned counts per outcome and, once committed, the progress (done of toApply, errors). 404 for anyone else’s.' })
  @ApiOkResponse({ type: ImportView })
  @ApiNotFoundResponse({ description: 'no such import, or not yours' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ImportView> {
    return this.imports.get(user, id);
  }

  @Get(':id/rows')
  @ApiOperation({ summary: 'Every row of an import with its planned outcome and, after commit, its result', description: 'The rows of an import, paged, each with its planned outcome and messages and, after the commit, the case it created or why it failed.' })
  @ApiOkResponse({ type: ImportRowsPage })
  @ApiNotFoundResponse({ description: 'no such import, or not yours' })
  rows(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: ImportRowsQuery): Promise<ImportRowsPage> {
    return this.imports.rows(user, id, query);
  }

  @Post(':id/commit')
  @HttpCode(202)
  @ApiOperation({ summary: 'Applies exactly the stored plan through the engine (create, then ASSIGN); poll GET /imports/:id for progress', description: 'The importer applies exactly the stored plan, row by row through the engine (create, then ASSIGN), in the background; answers 202 and is polled with GET /imports/:id. 409 CONFLICT when it was committed already or `planHash` is not this dry run’s plan.' })
  @ApiAcceptedResponse({ type: ImportView })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: only the importer commits an import' })
  @ApiNotFoundResponse({ description: 'no such import, or not yours' })
  @ApiConflictResponse({ description: 'CONFLICT: already committed, or planHash is not the plan of this dry run' })
  commit(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: CommitImportDto): Promise<ImportView> {
    return this.imports.commit(user, id, dto);
  }
}
