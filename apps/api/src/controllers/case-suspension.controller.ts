import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import { CaseSuspensionService, SuspendCaseDto, SuspensionPage, SuspensionQuery, SuspensionView } from '@rectify/cases';
import { CurrentUser, type AuthUser } from '@rectify/identity';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:id')
export class CaseSuspensionController {
  constructor(@Inject(CaseSuspensionService) private readonly suspensions: CaseSuspensionService) {}

  @Get('suspensions')
  @ApiOp({
    summary: 'A case’s suspensions (挂起记录)',
    description: 'Every suspension of the case’s clock, newest first, as a page (default: all of them on one page); `open` marks the one that holds now. 404 when the caller may not see the case.',
    ok: SuspensionPage,
    errors: [404],
  })
  list(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: SuspensionQuery): Promise<SuspensionPage> {
    return this.suspensions.list(user, id, query);
  }

  @Post('suspension')
  @ApiOp({
    summary: 'Suspend the case’s clock (挂起)',
    description:
      'A supervisor whose jurisdiction holds the case (others who see it: 403) parks the running clock for an accepted reason (litigation 诉讼, forceMajeure 不可抗力, awaitingDecision 等待上级决定, other with `reasonText`) until a planned date (today or later). While suspended the escalation ladder stands still, the case takes no event (`allowedEvents` is empty; a transition is a 409) and reports do not count it overdue. 409 when it is already suspended, has no running clock, or an extension request awaits its decision. A CLOCK_SUSPENDED history row. Example body: `{"reason":"litigation","reasonText":"企业已提起行政诉讼，待法院判决。","plannedResumeOn":"2027-01-15"}`.',
    ok: SuspensionView,
    status: 201,
    errors: [403, 404, 409, 413],
  })
  suspend(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: SuspendCaseDto) {
    return this.suspensions.suspend(user, id, body);
  }

  @Post('suspension/resume')
  @ApiOp({
    summary: 'Resume the case’s clock (恢复计时)',
    description:
      'A supervisor of the case’s jurisdiction ends the open suspension (manually: the planned date is a reminder, nothing resumes on its own). The clock is due the working days it had left when suspended, counted again from today (an overdue clock stays as many days overdue); the ladder is re-armed from the new due, and a rectification clock moves the case’s rectification due with it. A CLOCK_RESUMED history row with the due before → after. 409 when the case is not suspended.',
    ok: SuspensionView,
    errors: [403, 404, 409],
  })
  resume(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.suspensions.resume(user, id);
  }
}
