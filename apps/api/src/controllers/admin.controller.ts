import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Clock, DomainError, Instant, ManualClock } from '@rectify/core';
import { CurrentUser, JurisdictionService, type AuthUser } from '@rectify/identity';

export class SetClockDto {
  @Instant({ description: 'the new current time' })
  now: string;
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
  async get(@CurrentUser() user: AuthUser) {
    const clock = this.manual();
    await this.jurisdiction.requireNationalAdmin(user, 'read the clock');
    return { now: clock.now().toISOString(), mode: 'manual' };
  }

  @Put('clock')
  async set(@CurrentUser() user: AuthUser, @Body() dto: SetClockDto) {
    const clock = this.manual();
    // One clock for every region: only a national admin moves it.
    await this.jurisdiction.requireNationalAdmin(user, 'move the clock');
    clock.set(new Date(dto.now));
    return { now: clock.now().toISOString(), mode: 'manual' };
  }
}
