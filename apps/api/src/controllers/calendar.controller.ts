import { Body, Controller, Delete, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiOp } from '@rectify/core';
import {
  AddWorkingDaysQuery,
  AddWorkingDaysView,
  CalendarOverrideDto,
  CalendarOverrideView,
  CalendarRangeQuery,
  CalendarRangeView,
  CalendarService,
} from '@rectify/calendar';
import { CurrentUser, type AuthUser } from '@rectify/identity';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(@Inject(CalendarService) private readonly calendar: CalendarService) {}

  @Get()
  @ApiOp({
    summary: 'Working days in a range',
    description: 'Every day from `from` to `to` (both YYYY-MM-DD, Asia/Shanghai, at most 366 days) with whether it is worked and the holiday or 调休 name; admin overrides included.',
    ok: CalendarRangeView,
    errors: [400],
  })
  range(@Query() query: CalendarRangeQuery) {
    return this.calendar.range(query.from, query.to);
  }

  @Get('add-working-days')
  @ApiOp({
    summary: 'Add working days to a date',
    description: 'The date `days` working days after (negative: before) `from`; `from` itself never counts.',
    ok: AddWorkingDaysView,
    errors: [400],
  })
  addWorkingDays(@Query() query: AddWorkingDaysQuery) {
    return this.calendar.addWorkingDays(query.from, query.days);
  }

  @Get('overrides')
  @ApiOp({ summary: 'Calendar overrides', description: 'Days an admin declared worked or off, by date.', ok: [CalendarOverrideView] })
  overrides() {
    return this.calendar.listOverrides();
  }

  @Put('overrides/:date')
  @ApiOp({
    summary: 'Override one day',
    description: 'Admin only. Declares a date (YYYY-MM-DD) worked or off; it wins over the shipped arrangement for clocks started from now on.',
    ok: CalendarOverrideView,
    errors: [400, 403, 413],
  })
  putOverride(@CurrentUser() user: AuthUser, @Param('date') date: string, @Body() dto: CalendarOverrideDto) {
    return this.calendar.putOverride(user, date, dto);
  }

  @Delete('overrides/:date')
  @ApiOp({ summary: 'Remove an override', description: 'Admin only. The shipped arrangement applies to that date again.', status: 204, errors: [400, 403, 404] })
  deleteOverride(@CurrentUser() user: AuthUser, @Param('date') date: string) {
    return this.calendar.deleteOverride(user, date);
  }
}
