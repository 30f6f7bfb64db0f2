import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SweepService } from '@rectify/deadlines';
import { CurrentUser, type AuthUser } from '@rectify/identity';

@ApiTags('sweep')
@ApiBearerAuth()
@Controller('admin')
export class SweepController {
  constructor(@Inject(SweepService) private readonly sweeps: SweepService) {}

  @Post('sweep')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'what the sweep did: {at, durationMs, escalations: {clocks, fired, batches}, revisits: {…}}',
    schema: { type: 'object', additionalProperties: true },
  })
  sweep(@CurrentUser() user: AuthUser) {
    return this.sweeps.runFor(user);
  }
}
