import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiInstant, ApiOp, Clock, DomainError, Instant, ManualClock } from '@rectify/core';
import { CurrentUser, JurisdictionService, type AuthUser } from '@rectify/identity';

export class SetClockDto {
  @Instant({ description: 'the new current time' })
  now: string;
}

export class ClockView {
  @ApiInstant({ description: 'the service\'s current time' }) now: string;
  @ApiProperty({ enum: ['manual'] }) mode: 'manual';
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminClockController {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(JurisdictionService) private readonly jurisdiction: JurisdictionService,
  ) {}

  private manual(): ManualClock {
    if (!(this.clock instanceof ManualClock)) throw DomainError.notFound('The manual clock (start with APP_CLOCK=manual)');
    return this.clock;
  }

  @Get('clock')
  @ApiOp({
    summary: 'Read the manual clock',
    description: 'National admins only, and only when the service runs with APP_CLOCK=manual (else 404): the time every deadline is measured against.',
    ok: ClockView,
    errors: [403, 404],
  })
  async get(@CurrentUser() user: AuthUser): Promise<ClockView> {
    const clock = this.manual();
    await this.jurisdiction.requireNationalAdmin(user, 'read the clock');
    return { now: clock.now().toISOString(), mode: 'manual' };
  }

  @Put('clock')
  @ApiOp({
    summary: 'Move the manual clock',
    description: 'National admins only, APP_CLOCK=manual only (else 404). Time may move backwards; run POST /admin/sweep to fire what became due.',
    ok: ClockView,
    errors: [400, 403, 404, 413],
  })
  async set(@CurrentUser() user: AuthUser, @Body() dto: SetClockDto): Promise<ClockView> {
    const clock = this.manual();
    // One clock for every region: only a national admin moves it.
    await this.jurisdiction.requireNationalAdmin(user, 'move the clock');
    clock.set(new Date(dto.now));
    return { now: clock.now().toISOString(), mode: 'manual' };
  }
}
