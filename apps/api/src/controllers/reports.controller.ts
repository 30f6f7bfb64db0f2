import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, RegionTreeService, type AuthUser } from '@rectify/identity';
import { XLSX_CONTENT_TYPE } from '@rectify/ledger';
import { AssessmentQuery, AssessmentView, assessmentWorkbook, ProgressReportQuery, ProgressReportView, progressWorkbook, ReportsService } from '@rectify/reports';

const attachment = (reply: FastifyReply, name: string) =>
  reply.header('content-type', XLSX_CONTENT_TYPE).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(RegionTreeService) private readonly regions: RegionTreeService,
  ) {}

  @Get('progress')
  @ApiOperation({ summary: '月调度 progress report per unit / region / source / batch, as the system stood at asOf', description: 'Supervisors, inspectors and admins of the region (bureaus: 403): per group (`groupBy` unit, region, source or batch) and in total, the cases as the append-only records say they stood at `asOf` (default now; never in the future) — total, by state, closed and the completion rate, due this month, overdue, by escalation level, extended, returned, rebounds (docs/ledger.md).' })
  @ApiOkResponse({ type: ProgressReportView })
  @ApiForbiddenResponse({ description: 'bureau users, or a region outside your jurisdiction' })
  progress(@CurrentUser() user: AuthUser, @Query() query: ProgressReportQuery): Promise<ProgressReportView> {
    return this.reports.progress(user, query);
  }

  @Get('progress.xlsx')
  @ApiOperation({ summary: 'The progress report as .xlsx (as-of instant and query in the header)', description: 'The progress report of GET /reports/progress as an .xlsx workbook, its header naming the query and the as-of instant; same access.' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'an .xlsx file', schema: { type: 'string', format: 'binary' } })
  @ApiForbiddenResponse({ description: 'bureau users, or a region outside your jurisdiction' })
  async progressXlsx(@CurrentUser() user: AuthUser, @Query() query: ProgressReportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const report = await this.reports.progress(user, query);
    attachment(reply, `整改进度-${report.asOf.slice(0, 10)}.xlsx`);
    return progressWorkbook(report, (await this.regions.get(report.regionCode))?.name ?? report.regionCode);
  }

  @Get('assessment')
  @ApiOperation({ summary: '年考核: per unit, from the scorecard rates with the documented weighting, ranked, with the 红榜 / 黑榜', description: 'The year\'s assessment of each unit of the region: the scorecard rates weighted as documented (docs/ledger.md), a score and rank, with the 红榜 (best) and 黑榜 (worst) lists; same access as the progress report.' })
  @ApiOkResponse({ type: AssessmentView })
  @ApiForbiddenResponse({ description: 'bureau users, or a region outside your jurisdiction' })
  assessment(@CurrentUser() user: AuthUser, @Query() query: AssessmentQuery): Promise<AssessmentView> {
    return this.reports.assessment(user, query);
  }

  @Get('assessment.xlsx')
  @ApiOperation({ summary: 'The assessment as .xlsx: ranking, 红榜 and 黑榜 sheets', description: 'The assessment of GET /reports/assessment as an .xlsx workbook with the ranking, 红榜 and 黑榜 sheets.' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'an .xlsx file', schema: { type: 'string', format: 'binary' } })
  @ApiForbiddenResponse({ description: 'bureau users, or a region outside your jurisdiction' })
  async assessmentXlsx(@CurrentUser() user: AuthUser, @Query() query: AssessmentQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const report = await this.reports.assessment(user, query);
    attachment(reply, `${report.year}年度考核.xlsx`);
    return assessmentWorkbook(report, (await this.regions.get(report.regionCode))?.name ?? report.regionCode);
  }
}
