/** Codes a client can act on; the HTTP status travels with the code. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  InvalidTransition = 'INVALID_TRANSITION',
  VersionConflict = 'VERSION_CONFLICT',
  Duplicate = 'DUPLICATE',
  ReturnLimit = 'RETURN_LIMIT',
  ExtensionTooLate = 'EXTENSION_TOO_LATE',
  ExtensionLimit = 'EXTENSION_LIMIT',
  Conflict = 'CONFLICT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RangeNotSatisfiable = 'RANGE_NOT_SATISFIABLE',
  Unavailable = 'UNAVAILABLE',
  Internal = 'INTERNAL',
  InsufficientStorage = 'INSUFFICIENT_STORAGE',
  TooManyRequests = 'TOO_MANY_REQUESTS',
}

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.InvalidTransition]: 409,
  [ErrorCode.VersionConflict]: 409,
  [ErrorCode.Duplicate]: 409,
  [ErrorCode.ReturnLimit]: 409,
  [ErrorCode.ExtensionTooLate]: 409,
  [ErrorCode.ExtensionLimit]: 409,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.RangeNotSatisfiable]: 416,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.Internal]: 500,
  [ErrorCode.InsufficientStorage]: 507,
  [ErrorCode.TooManyRequests]: 429,
};

/** The Retry-After (seconds) sent with every 503 and 507: long enough for a failover or a reconnect. */
export const RETRY_AFTER_SECONDS = 2;

/** The one typed exception of the domain; the HTTP filter maps it to `{statusCode, error, message, code}`. */
export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = STATUS[code];
  }

  static validation(message: string, details?: Record<string, unknown>): DomainError {
    return new DomainError(ErrorCode.ValidationFailed, message, details);
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} not found`);
  }

  static forbidden(message: string): DomainError {
    return new DomainError(ErrorCode.Forbidden, message);
  }
}
