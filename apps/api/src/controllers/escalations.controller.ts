import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AcknowledgeEscalationDto, EscalationInboxService, EscalationPage, EscalationQuery, EscalationView } from '@rectify/deadlines';
import { CurrentUser, type AuthUser } from '@rectify/identity';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class EscalationsController {
  constructor(@Inject(EscalationInboxService) private readonly inbox: EscalationInboxService) {}

  @Get()
  @ApiOkResponse({ type: EscalationPage })
  list(@CurrentUser() user: AuthUser, @Query() query: EscalationQuery) {
    return this.inbox.list(user, query);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOkResponse({ type: EscalationView })
  acknowledge(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: AcknowledgeEscalationDto) {
    return this.inbox.acknowledge(user, id, body);
  }
}
