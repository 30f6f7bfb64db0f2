import { DomainError } from '@rectify/core';
import type { ScorePeriod } from './scorecard.util.js';

/** China Standard Time has had no daylight saving since 1991: a fixed +08:00 is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const shanghaiDate = (instant: Date): string => new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
const startOfShanghaiDay = (date: string): Date => new Date(Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);

/** A query bound: a date is the start of that day in Asia/Shanghai; anything else an ISO instant. */
export function parsePeriodBound(value: string, name: string): Date {
  const instant = DATE_ONLY.test(value) ? startOfShanghaiDay(value) : new Date(value);
  if (Number.isNaN(instant.getTime()) || (DATE_ONLY.test(value) && shanghaiDate(instant) !== value)) {
    throw DomainError.validation(`${name} is not a valid date or instant: ${value}`);
  }
  return instant;
}

/**
 * The scorecard period [from, to). Defaults: `to` = the start of tomorrow in Asia/Shanghai (the
 * period runs through today); `from` = the first day of the month `to` closes (月调度: this month
 * so far). `asOf` = min(to, now), the instant `open` and `overdue` are taken at.
 */
export function resolvePeriod(query: { from?: string; to?: string }, now: Date): ScorePeriod {
  const to = query.to ? parsePeriodBound(query.to, 'to') : new Date(startOfShanghaiDay(shanghaiDate(now)).getTime() + DAY_MS);
  const from = query.from ? parsePeriodBound(query.from, 'from') : startOfShanghaiDay(`${shanghaiDate(new Date(to.getTime() - 1)).slice(0, 7)}-01`);
  if (from.getTime() >= to.getTime()) throw DomainError.validation('from must be before to');
  const asOf = new Date(Math.min(to.getTime(), now.getTime()));
  return { from: from.toISOString(), to: to.toISOString(), asOf: asOf.toISOString() };
}
