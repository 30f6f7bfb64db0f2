import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CaseQueryService, CaseView, CaseWorkflowService, CreateCaseDto, ListCasesQuery, type CasePage } from '@rectify/cases';
import { CurrentUser, type AuthUser } from '@rectify/identity';
import { CASE_EVENT_TYPES } from '@rectify/workflows';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    @Inject(CaseWorkflowService) private readonly workflow: CaseWorkflowService,
    @Inject(CaseQueryService) private readonly query: CaseQueryService,
  ) {}

  @Post()
  @ApiOkResponse({ type: CaseView })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateCaseDto): Promise<CaseView> {
    return (await this.query.views(user, [await this.workflow.create(user, dto)]))[0]!;
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListCasesQuery): Promise<CasePage> {
    return this.query.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: CaseView })
  async get(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<CaseView> {
    const view = await this.query.get(user, id);
    void reply.header('ETag', `"${view.version}"`);
    return view;
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version you last saw, e.g. "3": 409 VERSION_CONFLICT if the case moved on' })
  @ApiBody({
    description: `{type, ...payload}; type ∈ ${CASE_EVENT_TYPES.join(', ')}. See GET /api/v1/workflows/case for who may send what.`,
    schema: { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: [...CASE_EVENT_TYPES] } }, additionalProperties: true },
    examples: {
      ASSIGN: { value: { type: 'ASSIGN', leadUnitId: '<unit id>', rectificationWorkingDays: 60, responsiblePerson: '张三' } },
      ACCEPT: { value: { type: 'ACCEPT' } },
      SUBMIT_EVIDENCE: {
        value: { type: 'SUBMIT_EVIDENCE', summary: '已完成整改', evidence: [{ kind: 'photo', title: '整改后现场照片', ref: 'doc-2026-001' }] },
      },
      VERIFY_PASS: { value: { type: 'VERIFY_PASS', note: '现场核查通过' } },
      CLOSE: { value: { type: 'CLOSE', note: '同意销号' } },
    },
  })
  @ApiOkResponse({ type: CaseView })
  async send(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    const view = (await this.query.views(user, [await this.workflow.send(user, id, body, ifMatch)]))[0]!;
    void reply.header('ETag', `"${view.version}"`);
    return view;
  }

  @Get(':id/history')
  history(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.query.history(user, id);
  }

  @Get(':id/history/verify')
  verify(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.query.verifyHistory(user, id);
  }
}
