import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import { AcknowledgeEscalationDto, EscalationInboxService, EscalationPage, EscalationQuery, EscalationView } from '@rectify/deadlines';
import { CurrentUser, type AuthUser } from '@rectify/identity';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class EscalationsController {
  constructor(@Inject(EscalationInboxService) private readonly inbox: EscalationInboxService) {}

  @Get()
  @ApiOp({
    summary: 'The escalation inbox (督办)',
    description:
      'Escalations the caller receives: supervisors those targeted at their region or below, bureau users the 预警 warnings of their unit, admins all. Newest first.',
    ok: EscalationPage,
    errors: [400, 403],
  })
  list(@CurrentUser() user: AuthUser, @Query() query: EscalationQuery) {
    return this.inbox.list(user, query);
  }

  @Post(':id/acknowledge')
  @ApiOp({
    summary: 'Acknowledge an escalation',
    description: 'Marks an open escalation as seen (已阅知) by the caller, with an optional note shown in the inbox and the case history. 404 when it is not in your inbox.',
    ok: EscalationView,
    errors: [400, 403, 404, 409, 413],
  })
  acknowledge(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: AcknowledgeEscalationDto) {
    return this.inbox.acknowledge(user, id, body);
  }
}
