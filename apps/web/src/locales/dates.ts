/**
 * Dates and times as the users read them: Beijing time, whatever the browser's own zone. The formatters
 * are built once — `toLocaleString` with options builds a new Intl formatter on every call, and a case
 * page formats every history row (measured: ~20 ms of a cold case page, docs/web.md).
 */
const ZONE = 'Asia/Shanghai';
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: ZONE, hour12: false, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
});
const date = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, year: 'numeric', month: 'numeric', day: 'numeric' });
const isoDate = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** 2026/12/2 15:04:05 in Beijing time; '—' for none. */
export function shanghaiTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** 2026/12/2 in Beijing time; '—' for none. */
export function shanghaiDate(iso: string | null | undefined): string {
  return iso ? date.format(new Date(iso)) : '—';
}

/** Today's (or the instant's) date in Beijing as YYYY-MM-DD. */
export function shanghaiIsoDate(at: Date = new Date()): string {
  return isoDate.format(at);
}
