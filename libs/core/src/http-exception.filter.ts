import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, ErrorCode, RETRY_AFTER_SECONDS } from './domain-error.js';
import { userMessageOf } from './error-messages.zh.js';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

/** Headers an error response carries beside its body: a retry hint on 503 and 507 (issue 11 item 1). */
export function errorHeaders(body: ErrorBody): Record<string, string> {
  // An error that says when to come back (429 lockouts) says it in the standard header too.
  if (typeof body.retryAfterSeconds === 'number') return { 'retry-after': String(body.retryAfterSeconds) };
  return body.statusCode === 503 || body.statusCode === 507 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {};
}

/** A code for errors that carry none of their own (Nest's and Fastify's). */
const STATUS_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'UNAVAILABLE',
  507: 'INSUFFICIENT_STORAGE',
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code: string;
  /** The same error in Chinese, for the person using the app (docs/api.md "Errors"). */
  userMessage: string;
  [key: string]: unknown;
}

/** Turns anything thrown into the one error shape of SPEC §7. Unknown errors are logged and become 500. */
export function toErrorBody(exception: unknown): ErrorBody {
  const body = rawErrorBody(exception);
  return { ...body, userMessage: userMessageOf(body.code, body) };
}

type RawErrorBody = { statusCode: number; error: string; message: string | string[]; code: string; [key: string]: unknown };

function rawErrorBody(exception: unknown): RawErrorBody {
  if (exception instanceof DomainError) {
    return {
      ...(exception.details ?? {}),
      statusCode: exception.status,
      error: REASON[exception.status] ?? 'Error',
      message: exception.message,
      code: exception.code,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : ((response as { message?: string | string[] }).message ?? exception.message);
    const code = (typeof response === 'object' ? (response as { code?: string }).code : undefined) ?? fallbackCode(status);
    return { statusCode: status, error: REASON[status] ?? 'Error', message, code };
  }
  // Fastify's own errors (bad JSON, body too large, unsupported media type) carry a statusCode.
  const fastifyError = exception as { statusCode?: number; message?: string; code?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    return {
      statusCode: status,
      error: REASON[status] ?? 'Error',
      message: fastifyError.message ?? REASON[status] ?? 'Error',
      code: fallbackCode(status),
    };
  }
  return { statusCode: 500, error: REASON[500]!, message: 'Internal server error', code: ErrorCode.Internal };
}

/** Every error body carries a code of ErrorCode, so a generated client can switch on it. */
function fallbackCode(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.Internal : status === 409 ? ErrorCode.Conflict : ErrorCode.ValidationFailed);
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    // A typed 503/507 (database unreachable, disk full) is an expected condition: one line, no stack.
    if (body.statusCode >= 500 && exception instanceof DomainError) this.logger.warn(`${body.statusCode} ${exception.message}`);
    else if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(body.statusCode).headers(errorHeaders(body)).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
