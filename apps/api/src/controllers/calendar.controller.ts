import { Body, Controller, Delete, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AddWorkingDaysQuery,
  AddWorkingDaysView,
  CalendarOverrideDto,
  CalendarOverridePage,
  CalendarOverridesQuery,
  CalendarOverrideView,
  CalendarRangeQuery,
  CalendarRegionQuery,
  CalendarRangeView,
  CalendarService,
} from '@rectify/calendar';
import { ApiOp } from '@rectify/core';
import { CurrentUser, type AuthUser } from '@rectify/identity';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(@Inject(CalendarService) private readonly calendar: CalendarService) {}

  @Get()
  @ApiOp({
    summary: "A region's working calendar",
    description:
      'Every day of [from, to) for regionCode (default: your region): shipped arrangements, then national overrides, then those of each region down to it. `to` is excluded (like every range of the API) and at most 366 days after `from`; `from ≥ to` is 400.',
    ok: CalendarRangeView,
    errors: [400, 404],
  })
  range(@CurrentUser() user: AuthUser, @Query() query: CalendarRangeQuery): Promise<CalendarRangeView> {
    return this.calendar.range(user, query.from, query.to, query.regionCode);
  }

  @Get('add-working-days')
  @ApiOp({
    summary: 'Add working days on a region’s calendar',
    description:
      'The date `days` working days after (negative: before) `from` on the calendar of `regionCode` (default: yours); `from` itself never counts.',
    ok: AddWorkingDaysView,
    errors: [400, 404],
  })
  addWorkingDays(@CurrentUser() user: AuthUser, @Query() query: AddWorkingDaysQuery): Promise<AddWorkingDaysView> {
    return this.calendar.addWorkingDays(user, query.from, query.days, query.regionCode);
  }

  @Get('overrides')
  @ApiOp({
    summary: 'The overrides deciding a region’s days',
    description: 'National ones and those of each region above regionCode (default: yours) and of itself; by date, nearest region last. Paged (default: all on one page).',
    ok: CalendarOverridePage,
    errors: [400, 404],
  })
  overrides(@CurrentUser() user: AuthUser, @Query() query: CalendarOverridesQuery): Promise<CalendarOverridePage> {
    return this.calendar.listOverrides(user, query);
  }

  @Put('overrides/:date')
  @ApiOp({
    summary: 'Decide a day for a region’s subtree',
    description: 'An admin of regionCode (default: your region; a national admin: the national layer). Applies to clocks started from now on; running clocks keep their due.',
    ok: CalendarOverrideView,
    errors: [400, 403, 404, 413],
  })
  putOverride(@CurrentUser() user: AuthUser, @Param('date') date: string, @Query() query: CalendarRegionQuery, @Body() dto: CalendarOverrideDto): Promise<CalendarOverrideView> {
    return this.calendar.putOverride(user, date, dto, query.regionCode);
  }

  @Delete('overrides/:date')
  @ApiOp({
    summary: 'Remove a region’s decision about a day',
    description: 'Admins of that region. The inherited or shipped arrangement applies to that date again (for clocks started from now on). 404 when that region has no override of the day.',
    status: 204,
    errors: [400, 403, 404],
  })
  deleteOverride(@CurrentUser() user: AuthUser, @Param('date') date: string, @Query() query: CalendarRegionQuery): Promise<void> {
    return this.calendar.deleteOverride(user, date, query.regionCode);
  }
}
