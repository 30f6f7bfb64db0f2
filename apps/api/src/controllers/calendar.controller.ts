import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AddWorkingDaysQuery,
  AddWorkingDaysView,
  CalendarOverrideDto,
  CalendarOverrideView,
  CalendarRangeQuery,
  CalendarRegionQuery,
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
  @ApiOkResponse({ type: CalendarRangeView })
  @ApiOperation({ summary: "A region's working calendar", description: 'Every day of the range for regionCode (default: your region): shipped arrangements, then national overrides, then those of each region down to it.' })
  range(@CurrentUser() user: AuthUser, @Query() query: CalendarRangeQuery) {
    return this.calendar.range(user, query.from, query.to, query.regionCode);
  }

  @Get('add-working-days')
  @ApiOperation({
    summary: 'Add working days on a region’s calendar',
    description: 'The date `days` working days after (negative: before) `from` on the calendar of `regionCode` (default: yours); `from` itself never counts.',
  })
  @ApiOkResponse({ type: AddWorkingDaysView })
  addWorkingDays(@CurrentUser() user: AuthUser, @Query() query: AddWorkingDaysQuery) {
    return this.calendar.addWorkingDays(user, query.from, query.days, query.regionCode);
  }

  @Get('overrides')
  @ApiOkResponse({ type: [CalendarOverrideView] })
  @ApiOperation({ summary: 'The overrides deciding a region’s days', description: 'National ones and those of each region above regionCode (default: yours) and of itself; by date, nearest region last.' })
  overrides(@CurrentUser() user: AuthUser, @Query() query: CalendarRegionQuery) {
    return this.calendar.listOverrides(user, query.regionCode);
  }

  @Put('overrides/:date')
  @ApiOkResponse({ type: CalendarOverrideView })
  @ApiOperation({ summary: 'Decide a day for a region’s subtree', description: 'An admin of regionCode (default: your region; a national admin: the national layer). Applies to clocks started from now on.' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: not an admin of that region' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such region' })
  putOverride(@CurrentUser() user: AuthUser, @Param('date') date: string, @Query() query: CalendarRegionQuery, @Body() dto: CalendarOverrideDto) {
    return this.calendar.putOverride(user, date, dto, query.regionCode);
  }

  @Delete('overrides/:date')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a region’s decision about a day', description: 'Admins of that region. The inherited or shipped arrangement applies to that date again.' })
  @ApiResponse({ status: 204, description: 'removed' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: not an admin of that region' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such region, or no override of that day there' })
  deleteOverride(@CurrentUser() user: AuthUser, @Param('date') date: string, @Query() query: CalendarRegionQuery) {
    return this.calendar.deleteOverride(user, date, query.regionCode);
  }
}
