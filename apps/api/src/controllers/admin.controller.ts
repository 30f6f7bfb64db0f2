import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Clock, DomainError, Instant, ManualClock } from '@rectify/core';
import { CurrentUser, requireRole, type AuthUser } from '@rectify/identity';
import { Role } from '@rectify/workflows';

export class SetClockDto {
  @Instant({ description: 'the new current time' })
  now: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminClockController {
  constructor(@Inject(Clock) private readonly clock: Clock) {}

  private manual(): ManualClock {
    if (!(this.clock instanceof ManualClock)) throw DomainError.notFound('The manual clock (start with APP_CLOCK=manual)');
    return this.clock;
  }

  @Get('clock')
  get(@CurrentUser() user: AuthUser) {
    const clock = this.manual();
    requireRole(user, [Role.Admin], 'read the clock');
    return { now: clock.now().toISOString(), mode: 'manual' };
  }

  @Put('clock')
  set(@CurrentUser() user: AuthUser, @Body() dto: SetClockDto) {
    const clock = this.manual();
    requireRole(user, [Role.Admin], 'move the clock');
    clock.set(new Date(dto.now));
    return { now: clock.now().toISOString(), mode: 'manual' };
  }
}
