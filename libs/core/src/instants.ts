/** Every instant is stored and returned as a UTC ISO string of one fixed shape, so text order is time order. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function toIso(value: Date | string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // SQLite hands back what we stored, already canonical: skip the Date round trip (hot in lists).
  if (typeof value === 'string' && value.length === 24 && CANONICAL.test(value)) return value;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function requireIso(value: Date | string | number): string {
  const iso = toIso(value);
  if (iso === null) throw new Error(`not an instant: ${String(value)}`);
  return iso;
}
