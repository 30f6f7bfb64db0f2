import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiHeader, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiOp } from '@rectify/core';
import {
  CASE_EVENT_EXAMPLES,
  CASE_EVENT_SCHEMAS,
  CaseHistoryPage,
  CaseHistoryQuery,
  CasePage,
  CaseQueryService,
  CaseView,
  CaseWorkflowService,
  ChainVerificationView,
  CreateCaseDto,
  ListCasesQuery,
} from '@rectify/cases';
import { CurrentUser, type AuthUser } from '@rectify/identity';
import { CASE_EVENT_TYPES } from '@rectify/workflows';

const EVENT_SCHEMAS = CASE_EVENT_TYPES.map((type) => CASE_EVENT_SCHEMAS[type]);

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    @Inject(CaseWorkflowService) private readonly workflow: CaseWorkflowService,
    @Inject(CaseQueryService) private readonly query: CaseQueryService,
  ) {}

  @Post()
  @ApiOp({
    summary: 'Log a case (登记问题)',
    description:
      'Inspectors, supervisors and admins log a problem in their jurisdiction; it starts in `reported` with its assignment clock running. ' +
      '`externalRef` is unique per source: 409 DUPLICATE names the existing case (`existingId`).',
    ok: CaseView,
    status: 201,
    errors: [400, 403, 409, 413],
  })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateCaseDto): Promise<CaseView> {
    return (await this.query.views(user, [await this.workflow.create(user, dto)]))[0]!;
  }

  @Get()
  @ApiOp({
    summary: 'List cases (台账)',
    description:
      'A page of the cases the caller may see, filtered and sorted; `regionCode` includes its subtree, `q` searches title, code and external reference. Unknown query parameters are 400.',
    ok: CasePage,
    errors: [400],
  })
  list(@CurrentUser() user: AuthUser, @Query() query: ListCasesQuery): Promise<CasePage> {
    return this.query.list(user, query);
  }

  @Get(':id')
  @ApiOp({
    summary: 'Read a case',
    description: 'The case with the events this caller may send now (`allowedEvents`); the ETag header is its version. 404 when it does not exist or is not visible.',
    ok: CaseView,
    errors: [404],
  })
  async get(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<CaseView> {
    const view = await this.query.get(user, id);
    void reply.header('ETag', `"${view.version}"`);
    return view;
  }

  @Post(':id/events')
  @ApiOp({
    summary: 'Send an event to a case',
    description:
      'Moves the case through its workflow (docs/contract.md §3): the body is one event, chosen by `type`. Checks run in the order 400 (shape), 404 (visibility), 403 (role/unit), 409 ' +
      '(INVALID_TRANSITION, VERSION_CONFLICT with If-Match, RETURN_LIMIT, EXTENSION_TOO_LATE, EXTENSION_LIMIT). Answers the updated case.',
    ok: CaseView,
    errors: [400, 403, 404, 409, 413],
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version you last saw, e.g. "3": 409 VERSION_CONFLICT if the case moved on' })
  @ApiExtraModels(...EVENT_SCHEMAS)
  @ApiBody({
    description: 'one event; `type` selects its schema. See GET /api/v1/workflows/case for who may send what.',
    schema: {
      oneOf: EVENT_SCHEMAS.map((schema) => ({ $ref: getSchemaPath(schema) })),
      discriminator: {
        propertyName: 'type',
        mapping: Object.fromEntries(CASE_EVENT_TYPES.map((type) => [type, getSchemaPath(CASE_EVENT_SCHEMAS[type])])),
      },
    },
    examples: Object.fromEntries(CASE_EVENT_TYPES.map((type) => [type, { summary: type, value: CASE_EVENT_EXAMPLES[type] }])),
  })
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
  @ApiOp({
    summary: 'A case’s history',
    description: 'Every change of the case in order, from seq 1 (CREATED): who, when, from which state to which, with the accepted payload and the hash chain.',
    ok: CaseHistoryPage,
    errors: [404],
  })
  history(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: CaseHistoryQuery): Promise<CaseHistoryPage> {
    return this.query.historyPage(user, id, query);
  }

  @Get(':id/history/verify')
  @ApiOp({
    summary: 'Verify a case’s history chain',
    description: 'Walks the hash chain and checks it ends where the case row says; `brokenAt` is the first seq that does not hold (an edited, inserted or deleted row).',
    ok: ChainVerificationView,
    errors: [404],
  })
  verify(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ChainVerificationView> {
    return this.query.verifyHistory(user, id);
  }
}
