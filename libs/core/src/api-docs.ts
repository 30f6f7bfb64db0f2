import { applyDecorators, HttpCode, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';

type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];
import { ErrorCode } from './domain-error.js';

/** The one error body of every 4xx/5xx (docs/api.md "Errors"), as the OpenAPI document states it. */
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 400, description: 'the HTTP status, repeated' })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request', description: 'the HTTP reason phrase' })
  error: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'title must be shorter than or equal to 200 characters',
    description: 'what went wrong, for a developer (English)',
  })
  message: string | string[];

  @ApiProperty({ enum: Object.values(ErrorCode), enumName: 'ErrorCode', description: 'what a client acts on; stable' })
  code: ErrorCode;

  @ApiProperty({ example: '提交的内容不符合要求：标题过长', description: 'what went wrong, for the person using the app (Chinese)' })
  userMessage: string;

  @ApiPropertyOptional({ type: [String], description: 'VALIDATION_FAILED: one message per rule broken' })
  errors?: string[];
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503 | 507;

const ERROR_MEANING: Record<ErrorStatus, string> = {
  400: 'VALIDATION_FAILED: the body, a parameter or the query is invalid (unknown fields and query parameters included); nothing changed',
  401: 'UNAUTHORIZED: no bearer token, or it is invalid or expired',
  403: 'FORBIDDEN: your role (or unit) may not do this here',
  404: 'NOT_FOUND: it does not exist, or you may not see it',
  409: 'a conflict with the current state: INVALID_TRANSITION, VERSION_CONFLICT, DUPLICATE, RETURN_LIMIT, EXTENSION_TOO_LATE, EXTENSION_LIMIT or CONFLICT',
  412: 'the If-Match precondition failed',
  413: 'PAYLOAD_TOO_LARGE: the body is over 1 MB',
  415: 'UNSUPPORTED_MEDIA_TYPE: the body is not JSON',
  422: 'the request is well formed but cannot be processed',
  429: 'TOO_MANY_REQUESTS: wait for Retry-After seconds and retry (login lockout)',
  503: 'UNAVAILABLE: the database is not reachable; retry after Retry-After seconds',
  507: 'INSUFFICIENT_STORAGE: the database disk is full; nothing was saved',
};

export interface OperationDoc {
  summary: string;
  description: string;
  /** The success body: a class, `[Class]` for an array, or a schema. Omit for 204. */
  ok?: Type<unknown> | [Type<unknown>] | SchemaObject;
  okDescription?: string;
  /** A success body in several media types (e.g. JSON and text/plain); replaces `ok`. */
  content?: Record<string, { schema: SchemaObject | { $ref: string } }>;
  /** 200 unless given; 201 for creations, 204 for no body. Sets @HttpCode too. */
  status?: 200 | 201 | 204;
  /** The 4xx this operation can answer; 400 and 503 are always added, 401 unless `public`, 507 with 413 (writes). */
  errors?: ErrorStatus[];
  public?: boolean;
  /** Extra models referenced by a hand-written `ok` schema. */
  extraModels?: Type<unknown>[];
}

/**
 * One decorator per handler for its whole contract: summary, description, the success status and body,
 * and every error status with the shared ErrorResponse schema. The e2e response validator fails on any
 * status or body the document does not state (test/support/openapi-validator.ts).
 */
export function ApiOp(doc: OperationDoc): MethodDecorator {
  const status = doc.status ?? 200;
  const decorators: Array<ClassDecorator | MethodDecorator | PropertyDecorator> = [
    ApiOperation({ summary: doc.summary, description: doc.description }),
    HttpCode(status),
    ApiExtraModels(ErrorResponse, ...(doc.extraModels ?? [])),
  ];
  const description = doc.okDescription ?? (status === 201 ? 'created' : status === 204 ? 'done; no body' : 'OK');
  if (doc.content) {
    decorators.push(ApiResponse({ status, description, content: doc.content }));
  } else if (status === 204 || doc.ok === undefined) {
    decorators.push(ApiResponse({ status, description }));
  } else if (typeof doc.ok === 'function' || Array.isArray(doc.ok)) {
    decorators.push(ApiResponse({ status, description, type: doc.ok as Type<unknown> }));
  } else {
    decorators.push(ApiResponse({ status, description, schema: doc.ok }));
  }
  const errors = new Set<ErrorStatus>(doc.errors ?? []);
  errors.add(400); // every route refuses unknown query parameters (UnknownQueryInterceptor)
  if (!doc.public) errors.add(401);
  errors.add(503); // any request can meet a database outage
  if (errors.has(413)) errors.add(507); // a write (it takes a body) can meet a full disk
  for (const code of [...errors].sort()) {
    decorators.push(ApiResponse({ status: code, description: ERROR_MEANING[code], schema: { $ref: getSchemaPath(ErrorResponse) } }));
  }
  return applyDecorators(...decorators);
}

/** An instant in a response: UTC ISO 8601 (`format: date-time`). */
export function ApiInstant(opts: { nullable?: boolean; description?: string; example?: string } = {}): PropertyDecorator {
  return ApiProperty({
    type: String,
    format: 'date-time',
    ...(opts.nullable ? { nullable: true } : {}),
    description: opts.description,
    example: opts.example ?? '2025-09-30T15:59:59.999Z',
  });
}

/** An integer in a response. */
export function ApiInt(opts: { nullable?: boolean; description?: string; example?: number; minimum?: number } = {}): PropertyDecorator {
  return ApiProperty({
    type: 'integer',
    ...(opts.nullable ? { nullable: true } : {}),
    description: opts.description,
    example: opts.example,
    minimum: opts.minimum,
  });
}

/** Who did something: a user, or the system (id null, username "system"). One shape wherever an actor appears. */
export class ActorRef {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: the system (the sweep)' })
  id: string | null;

  @ApiProperty({ example: 'jx-supervisor', description: '"system" for the system' })
  username: string;

  @ApiProperty({ type: String, nullable: true, enum: ['inspector', 'bureau', 'supervisor', 'admin'], description: 'null for the system' })
  role: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'a bureau user’s unit' })
  unitId: string | null;
}

export const SYSTEM_ACTOR: ActorRef = { id: null, username: 'system', role: null, unitId: null };

/** The actor of a signed-in user (what history rows, escalations, overrides and policies show). */
export function actorOf(user: { id: string; username: string; role: string; unitId?: string | null }): ActorRef {
  return { id: user.id, username: user.username, role: user.role, unitId: user.unitId ?? null };
}

/** The actor of a stored user id whose user row is gone: the id, and the name stored beside it if any. */
export function unknownActor(id: string, username = '(unknown user)'): ActorRef {
  return { id, username, role: null, unitId: null };
}

/** SQL: the `users` columns an ActorRef needs, from the `users` row joined as `alias`, named `<prefix>username` … */
export const actorColumns = (alias: string, prefix: string): string =>
  `${alias}.username AS ${prefix}username, ${alias}.role AS ${prefix}role, ${alias}.unit_id AS ${prefix}unit_id`;

/** The ActorRef of a stored user id with the columns of `actorColumns` beside it; null when there is no id. */
export function actorFromRow(id: unknown, row: Record<string, unknown>, prefix: string): ActorRef | null {
  if (id === null || id === undefined) return null;
  const col = (name: string) => (row[`${prefix}${name}`] === null || row[`${prefix}${name}`] === undefined ? null : String(row[`${prefix}${name}`]));
  const username = col('username');
  return username === null ? unknownActor(String(id)) : { id: String(id), username, role: col('role'), unitId: col('unit_id') };
}

/** The fields of every paged list (`{items, total, page, pageSize}`); a page class adds `items`. */
export class PageFields {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'rows matching the filter, over all pages' })
  total: number;

  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  page: number;

  @ApiProperty({ type: 'integer', minimum: 1, example: 20, description: 'the page size used (each list documents its default and maximum)' })
  pageSize: number;
}

/** A page of any list: `{items, total, page, pageSize}` (docs/api.md "Lists"). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** One page of a list read whole (the directory lists, a case's history): rows `(page-1)·pageSize …`. */
export function pageOf<T>(rows: readonly T[], query: { page?: number; pageSize?: number }, defaultPageSize: number): Page<T> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? defaultPageSize;
  return { items: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length, page, pageSize };
}

/**
 * A page class for `items` of `itemType`: `PageOf(RegionView, 'RegionPage')` documents
 * `{items: RegionView[], total, page, pageSize}` under the name given.
 */
export function PageOf<T>(itemType: Type<T>, name: string): Type<Page<T>> {
  class PageClass extends PageFields {
    @ApiProperty({ type: [itemType] })
    items: T[];
  }
  Object.defineProperty(PageClass, 'name', { value: name });
  return PageClass as unknown as Type<Page<T>>;
}
