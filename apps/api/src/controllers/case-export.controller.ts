import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type AuthUser } from '@rectify/identity';
import { CaseExportService, ExportCasesQuery, type ExportFormat, XLSX_CONTENT_TYPE } from '@rectify/ledger';

const sendFile = (reply: FastifyReply, file: Awaited<ReturnType<CaseExportService['export']>>) =>
  reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .send(file.stream);

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseExportController {
  constructor(@Inject(CaseExportService) private readonly exports: CaseExportService) {}

  @Get('export.xlsx')
  @ApiOperation({ summary: '整改台账 export: every case the list shows for these filters, one row a case (streamed .xlsx)', description: 'The same filters as GET /cases (and the same visibility): every matching case, not one page, streamed as an .xlsx workbook with Chinese headers and labels (docs/ledger.md). Unknown query parameters are 400.' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'an .xlsx file', schema: { type: 'string', format: 'binary' } })
  async xlsx(@CurrentUser() user: AuthUser, @Query() query: ExportCasesQuery, @Res() reply: FastifyReply): Promise<void> {
    await sendFile(reply, await this.exports.export(user, query, 'xlsx' satisfies ExportFormat));
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'The same 台账 as CSV (UTF-8 with BOM, for older Excel)', description: 'The export of GET /cases/export.xlsx as CSV: the same rows and columns, UTF-8 with a byte-order mark so that older Excel opens it in Chinese.' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'a .csv file', schema: { type: 'string', format: 'binary' } })
  async csv(@CurrentUser() user: AuthUser, @Query() query: ExportCasesQuery, @Res() reply: FastifyReply): Promise<void> {
    await sendFile(reply, await this.exports.export(user, query, 'csv'));
  }
}
