import { Body, Controller, Delete, Get, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AddWorkingDaysQuery,
  AddWorkingDaysView,
  ArrangementImportView,
  ArrangementPage,
  CalendarOverrideDto,
  CalendarOverridePage,
  CalendarOverridesQuery,
  CalendarOverrideView,
  CalendarRangeQuery,
  CalendarRegionQuery,
  CalendarRangeView,
  CalendarService,
  ImportArrangementDto,
} from '@rectify/calendar';
import { DueRecountService } from '@rectify/cases';
import { ApiOp, pageOf, WHOLE_LIST_PAGE_SIZE, WholeListPageQuery } from '@rectify/core';
import { CurrentUser, type AuthUser } from '@rectify/identity';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    @Inject(CalendarService) private readonly calendar: CalendarService,
    @Inject(DueRecountService) private readonly recount: DueRecountService,
  ) {}

  @Get()
  @ApiOp({
    summary: "A region's working calendar",
    description:
      'Every day of [from, to) for regionCode (default: your region): shipped arrangements, then national overrides, then those of each region down to it. `to` is excluded (like every range of the API) and at most 366 days after `from`; `from ≥ to` is 400. Every day of a year without an official arrangement says `provisional: true` (its statutory holidays are computed from the national rules), and `source` is then `provisional`.',
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
      'The date `days` working days after (negative: before) `from` on the calendar of `regionCode` (default: yours); `from` itself never counts. `provisional: true` when the count crossed a year without an official arrangement.',
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

  @Post('arrangements')
  @ApiOp({
    summary: 'Import a year’s official holiday arrangement (whole year)',
    description:
      'A national admin loads the State Council arrangement of a year that does not ship with one, in one request: every day off and every 调休 make-up working day (a Saturday or Sunday). The year becomes official; every provisional due of a running clock (and every provisional rectification due) is counted again on the new calendar, and each case whose due moved gets a DUE_RECOMPUTED history entry (before → after). Repeating the same import changes nothing (`changed: false`); a different arrangement for an imported or shipped year is 409 CONFLICT.',
    ok: ArrangementImportView,
    errors: [400, 403, 409, 413],
  })
  importArrangement(@CurrentUser() user: AuthUser, @Body() dto: ImportArrangementDto): Promise<ArrangementImportView> {
    return this.recount.importArrangement(user, dto);
  }

  @Get('arrangements')
  @ApiOp({
    summary: 'The imported official arrangements',
    description: 'The years an admin imported (the shipped years 2020–2026 are not listed), by year, with how many days off and make-up working days each has.',
    ok: ArrangementPage,
    errors: [400],
  })
  async arrangements(@Query() query: WholeListPageQuery): Promise<ArrangementPage> {
    const rows = (await this.calendar.arrangements()).map((a) => ({
      year: a.year,
      holidays: a.holidays.size,
      workdays: a.workdays.size,
      notice: a.notice,
      importedBy: a.importedBy,
      importedAt: a.importedAt,
    }));
    return pageOf(rows, query, WHOLE_LIST_PAGE_SIZE);
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
