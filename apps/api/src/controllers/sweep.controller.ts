import { Controller, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import { SweepReportView, SweepService } from '@rectify/deadlines';
import { CurrentUser, type AuthUser } from '@rectify/identity';

@ApiTags('sweep')
@ApiBearerAuth()
@Controller('admin')
export class SweepController {
  constructor(@Inject(SweepService) private readonly sweeps: SweepService) {}

  @Post('sweep')
  @ApiOp({
    summary: 'Run the sweep now',
    description:
      'Admin only. Runs every sweep task (escalations, revisits, …) at the current time and reports what each did. A failing task is reported in `errors`; the others still run.',
    ok: SweepReportView,
    errors: [403, 413],
  })
  sweep(@CurrentUser() user: AuthUser) {
    return this.sweeps.runFor(user);
  }
}
