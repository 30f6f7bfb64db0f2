import { DomainError, ErrorCode } from '@rectify/core';

/** Driver-independent classification of the errors a caller reacts to. */
const errorCode = (error: unknown): string | undefined => {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
};

export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isBusy(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

/** PostgreSQL serialization failure or deadlock: retrying the whole transaction is correct. */
export function isRetryable(error: unknown): boolean {
  const code = errorCode(error);
  return code === '40001' || code === '40P01' || isBusy(error);
}

/** SQLSTATE classes and driver codes that mean the connection, not the statement, failed. */
const CONNECTION_CODES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, a fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovery)
  '08000', '08001', '08003', '08004', '08006', '08007', '08P01',
  '53300', // too_many_connections
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
]);
const CONNECTION_MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|not currently accepting connections|Client was closed|Connection ended|terminating connection/i;

/** The database could not be reached or dropped the connection: the request may succeed if retried. */
export function isConnectionLost(error: unknown): boolean {
  const code = errorCode(error);
  if (code && CONNECTION_CODES.has(code)) return true;
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' && CONNECTION_MESSAGES.test(message);
}

/** SQLite's SQLITE_FULL (disk or max_page_count) or PostgreSQL's disk_full (53100). */
export function isStorageFull(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'SQLITE_FULL' || code === '53100';
}

/**
 * Database failures a client can act on become typed errors: a lost connection or an outage is a 503
 * (retry), a full disk a 507; anything else passes unchanged.
 */
export function toServiceError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (isStorageFull(error)) return new DomainError(ErrorCode.InsufficientStorage, 'The database is out of storage space; nothing was saved. Try again later');
  if (isConnectionLost(error)) return new DomainError(ErrorCode.Unavailable, 'The database is unreachable; nothing was saved. Try again shortly');
  return error;
}
