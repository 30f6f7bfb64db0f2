import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@rectify/core';
import type { AuthUser } from './auth-user.js';
import { IS_PUBLIC } from './auth.decorators.js';
import { TokenService } from './token.service.js';
import { UserSessionCache } from './user-session.cache.js';

/** Global guard: every route needs a valid bearer token unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(UserSessionCache) private readonly sessions: UserSessionCache,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: unknown }>();
    const { user, checked } = this.authenticate(request.headers['authorization']);
    request.user = user;
    return checked ? checked.then(() => true) : true;
  }

  /**
   * Who an `Authorization: Bearer …` header signs in, and whether they still hold the session: throws
   * 401 at once for a missing or bad token; `checked` rejects with 401 for a session that ended (logout,
   * disabled or changed account) and is not a promise when the session cache is fresh. Also for a
   * request that outlives its first check (the notification stream re-checks with it).
   */
  authenticate(header: unknown): { user: AuthUser; checked: void | Promise<void> } {
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
    if (!match) throw new DomainError(ErrorCode.Unauthorized, 'Missing bearer token: log in at POST /api/v1/auth/login');
    const { user, generation } = this.tokens.verify(match[1]!);
    // The signature says who; the generation says the user still holds this session (not logged out, disabled or changed).
    return { user, checked: this.sessions.check(user.id, generation) };
  }
}
