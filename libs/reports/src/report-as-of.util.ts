import { endOfShanghaiDay } from '@rectify/calendar';
import { DomainError } from '@rectify/core';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A report's instant: a date means the end of that day in Asia/Shanghai (a report "as of 30 June"
 * includes all of 30 June); an ISO instant with a zone is taken as it is; none means now. Never in
 * the future: a report of the future would change as events happen.
 */
export function resolveAsOf(asOf: string | undefined, now: Date): string {
  if (asOf === undefined) return now.toISOString();
  let at: Date;
  if (DATE.test(asOf)) {
    try {
      at = endOfShanghaiDay(asOf);
    } catch {
      throw DomainError.validation(`asOf ${asOf} is not a calendar date`);
    }
  } else if (INSTANT.test(asOf)) at = new Date(asOf);
  else throw DomainError.validation('asOf must be a date (YYYY-MM-DD, Asia/Shanghai) or an ISO instant with a time zone');
  if (Number.isNaN(at.getTime())) throw DomainError.validation(`asOf ${asOf} is not a valid instant`);
  if (at.getTime() > now.getTime()) {
    if (DATE.test(asOf) && asOf === new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)) return now.toISOString();
    throw DomainError.validation('asOf cannot be in the future');
  }
  return at.toISOString();
}
