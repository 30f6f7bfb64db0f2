import { Body, Controller, Delete, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import {
  AssignmentRulePage,
  AssignmentRuleQuery,
  AssignmentRulesService,
  AssignmentRuleView,
  AssignmentSuggestionView,
  BulkAssignmentDto,
  BulkAssignmentResponse,
  BulkAssignmentService,
  CaseReturnPage,
  CaseReturnService,
  CaseReturnsQuery,
  CreateAssignmentRuleDto,
  ReturnInboxPage,
  ReturnInboxQuery,
} from '@rectify/assignment';
import { CurrentUser, type AuthUser } from '@rectify/identity';

@ApiTags('assignment')
@ApiBearerAuth()
@Controller()
export class AssignmentController {
  constructor(
    @Inject(AssignmentRulesService) private readonly rules: AssignmentRulesService,
    @Inject(BulkAssignmentService) private readonly bulk: BulkAssignmentService,
    @Inject(CaseReturnService) private readonly returns: CaseReturnService,
  ) {}

  @Post('assignment-rules')
  @ApiOp({
    summary: 'Create a routing rule',
    description: 'Admins and supervisors (in their jurisdiction). `ASSIGN` without `leadUnitId` follows the deepest matching rule, then the one naming more criteria.',
    ok: AssignmentRuleView,
    status: 201,
    errors: [400, 403, 409, 413],
  })
  createRule(@CurrentUser() user: AuthUser, @Body() dto: CreateAssignmentRuleDto): Promise<AssignmentRuleView> {
    return this.rules.create(user, dto);
  }

  @Get('assignment-rules')
  @ApiOp({ summary: 'List routing rules', description: 'Rules in the caller’s jurisdiction; `regionCode` narrows to one region’s subtree.', ok: AssignmentRulePage, errors: [400, 403] })
  listRules(@CurrentUser() user: AuthUser, @Query() query: AssignmentRuleQuery): Promise<AssignmentRulePage> {
    return this.rules.list(user, query);
  }

  @Delete('assignment-rules/:id')
  @ApiOp({ summary: 'Delete a routing rule', description: 'Cases already assigned keep their units.', status: 204, errors: [403, 404] })
  deleteRule(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.rules.remove(user, id);
  }

  @Get('cases/:id/assignment-suggestion')
  @ApiOp({ summary: 'The routing rule’s proposal for a case', description: 'Which rule matches the case and the units it would assign; `rule` is null when none matches.', ok: AssignmentSuggestionView, errors: [403, 404] })
  suggestion(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<AssignmentSuggestionView> {
    return this.rules.suggest(user, id);
  }

  @Post('assignments/bulk')
  @ApiOp({
    summary: 'Assign many cases at once (批量交办)',
    description:
      'Each case goes through the same engine command as a single ASSIGN; one bad case does not stop the others, and repeating the request reports `unchanged`. Per-case outcomes in `results`.',
    ok: BulkAssignmentResponse,
    errors: [400, 403, 413],
  })
  assignBulk(@CurrentUser() user: AuthUser, @Body() dto: BulkAssignmentDto): Promise<BulkAssignmentResponse> {
    return this.bulk.assign(user, dto);
  }

  @Get('cases/:id/returns')
  @ApiOp({ summary: 'A case’s returns (退回)', description: 'Every RETURN of the case with its reason code and the returning unit.', ok: CaseReturnPage, errors: [404] })
  caseReturns(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: CaseReturnsQuery): Promise<CaseReturnPage> {
    return this.returns.forCase(user, id, query);
  }

  @Get('returns')
  @ApiOp({ summary: 'The returns inbox', description: 'Returns of cases the caller may see, newest first, to re-route them.', ok: ReturnInboxPage, errors: [400, 403] })
  returnInbox(@CurrentUser() user: AuthUser, @Query() query: ReturnInboxQuery): Promise<ReturnInboxPage> {
    return this.returns.inbox(user, query);
  }
}
