import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { DomainError } from './domain-error.js';

/** Nest's own metadata key and param type for `@Query()` (ROUTE_ARGS_METADATA, RouteParamtypes.QUERY). */
const ROUTE_ARGS = '__routeArguments__';
const QUERY = 4;

/**
 * Unknown query parameters are 400 on every route (docs/api.md "Query parameters"). Handlers with a whole
 * `@Query()` DTO already get this from the global pipe (forbidNonWhitelisted); this covers handlers that
 * take no query, or only named ones (`@Query('format')`). Runs after the guards, so 401 still comes first.
 */
@Injectable()
export class UnknownQueryInterceptor implements NestInterceptor {
  private readonly allowed = new Map<Function, Set<string> | null>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const query = context.switchToHttp().getRequest<{ query?: Record<string, unknown> }>().query;
      const keys = query ? Object.keys(query) : [];
      if (keys.length > 0) {
        const allowed = this.allowedOf(context);
        const unknown = allowed ? keys.filter((k) => !allowed.has(k)) : [];
        if (unknown.length > 0) {
          const messages = unknown.map((k) => `property ${k} should not exist`);
          throw DomainError.validation(messages.join('; '), { errors: messages });
        }
      }
    }
    return next.handle();
  }

  /** null: a whole-DTO @Query() (the pipe decides); else the named query parameters the handler reads. */
  private allowedOf(context: ExecutionContext): Set<string> | null {
    const handler = context.getHandler();
    let allowed = this.allowed.get(handler);
    if (allowed === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS, context.getClass(), handler.name) ?? {}) as Record<string, { data?: unknown }>;
      const queries = Object.entries(args).filter(([key]) => Number(key.split(':')[0]) === QUERY).map(([, arg]) => arg.data);
      allowed = queries.some((data) => data === undefined || data === null) ? null : new Set(queries.map(String));
      this.allowed.set(handler, allowed);
    }
    return allowed;
  }
}
