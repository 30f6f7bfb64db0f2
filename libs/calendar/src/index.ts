export {
  FIRST_SHIPPED_YEAR,
  HOLIDAY_PATCHES,
  LAST_SHIPPED_YEAR,
  buildHolidayData,
  publishedYears,
  shippedHolidayData,
  type HolidayData,
  type HolidayPatch,
  type RawHolidayTables,
} from './holiday-data.js';
export {
  DAY_MS,
  SHANGHAI_UTC_OFFSET_MS,
  endOfShanghaiDay,
  shanghaiDateOf,
  type LocalDate,
} from './local-date.util.js';
export {
  MAX_CALENDAR_SPAN_DAYS,
  MAX_WORKING_DAY_OFFSET,
  COMPUTABLE_YEARS,
  WorkingCalendar,
  type CalendarSource,
  type DayInfo,
  type DayOverride,
} from './working-calendar.js';
export * from './calendar-overrides.repository.js';
export * from './calendar.service.js';
export * from './calendar.module.js';
export * from './dto/calendar.dto.js';
export * from './calendar-arrangements.repository.js';
export { statutoryHolidays } from './statutory-holidays.util.js';
