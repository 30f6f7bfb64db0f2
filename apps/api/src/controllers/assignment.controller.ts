import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AssignmentRuleQuery,
  AssignmentRulesService,
  AssignmentRuleView,
  AssignmentSuggestionView,
  BulkAssignmentDto,
  BulkAssignmentResponse,
  BulkAssignmentService,
  CaseReturnService,
  CaseReturnView,
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
  @ApiOkResponse({ type: AssignmentRuleView })
  createRule(@CurrentUser() user: AuthUser, @Body() dto: CreateAssignmentRuleDto): Promise<AssignmentRuleView> {
    return this.rules.create(user, dto);
  }

  @Get('assignment-rules')
  @ApiOkResponse({ type: [AssignmentRuleView] })
  listRules(@CurrentUser() user: AuthUser, @Query() query: AssignmentRuleQuery): Promise<AssignmentRuleView[]> {
    return this.rules.list(user, query);
  }

  @Delete('assignment-rules/:id')
  @HttpCode(204)
  deleteRule(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.rules.remove(user, id);
  }

  @Get('cases/:id/assignment-suggestion')
  @ApiOkResponse({ type: AssignmentSuggestionView })
  suggestion(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<AssignmentSuggestionView> {
    return this.rules.suggest(user, id);
  }

  @Post('assignments/bulk')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkAssignmentResponse })
  assignBulk(@CurrentUser() user: AuthUser, @Body() dto: BulkAssignmentDto): Promise<BulkAssignmentResponse> {
    return this.bulk.assign(user, dto);
  }

  @Get('cases/:id/returns')
  @ApiOkResponse({ type: [CaseReturnView] })
  caseReturns(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<CaseReturnView[]> {
    return this.returns.forCase(user, id);
  }

  @Get('returns')
  @ApiOkResponse({ type: ReturnInboxPage })
  returnInbox(@CurrentUser() user: AuthUser, @Query() query: ReturnInboxQuery): Promise<ReturnInboxPage> {
    return this.returns.inbox(user, query);
  }
}
