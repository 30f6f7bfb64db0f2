import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AddWorkingDaysQuery,
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
  @ApiOkResponse({ type: CalendarRangeView })
  range(@Query() query: CalendarRangeQuery) {
    return this.calendar.range(query.from, query.to);
  }

  @Get('add-working-days')
  addWorkingDays(@Query() query: AddWorkingDaysQuery) {
    return this.calendar.addWorkingDays(query.from, query.days);
  }

  @Get('overrides')
  @ApiOkResponse({ type: [CalendarOverrideView] })
  overrides() {
    return this.calendar.listOverrides();
  }

  @Put('overrides/:date')
  @ApiOkResponse({ type: CalendarOverrideView })
  putOverride(@CurrentUser() user: AuthUser, @Param('date') date: string, @Body() dto: CalendarOverrideDto) {
    return this.calendar.putOverride(user, date, dto);
  }

  @Delete('overrides/:date')
  @HttpCode(204)
  deleteOverride(@CurrentUser() user: AuthUser, @Param('date') date: string) {
    return this.calendar.deleteOverride(user, date);
  }
}
