import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@rectify/config';
import { DomainError, ErrorCode } from '@rectify/core';
import { ROLES, type Role } from '@rectify/workflows';
import type { AuthUser } from './auth-user.js';

interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  region: string;
  unit: string | null;
  exp?: number;
  nbf?: number;
}

/** Verified tokens remembered at most (one per logged-in session: a few thousand covers a province). */
export const VERIFIED_TOKEN_CACHE_SIZE = 4096;

/** Signed HS256 bearer tokens carrying the caller's identity and jurisdiction. */
@Injectable()
export class TokenService {
  /**
   * The key as a KeyObject: given a string, jsonwebtoken first tries to parse it as a public key
   * (`createPublicKey`, which throws) on every verification — most of a request's CPU on a cheap GET.
   */
  private readonly key: KeyObject;

  /**
   * Tokens that verified, by their exact string, until their `exp`: a token's signature and claims
   * never change, and nothing in the database revokes one, so only the time is checked again — as
   * jsonwebtoken does it. Oldest entry evicted when full.
   */
  private readonly verified = new Map<string, { user: AuthUser; exp: number }>();

  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  get expiresInSeconds(): number {
    return this.config.jwtExpiresInSeconds;
  }

  sign(user: AuthUser): string {
    const claims: TokenClaims = { sub: user.id, username: user.username, role: user.role, region: user.regionCode, unit: user.unitId };
    return this.jwt.sign(claims, { secret: this.key as unknown as string, expiresIn: this.config.jwtExpiresInSeconds, algorithm: 'HS256' });
  }

  verify(token: string): AuthUser {
    const hit = this.verified.get(token);
    if (hit) {
      if (Math.floor(Date.now() / 1000) < hit.exp) return { ...hit.user };
      this.verified.delete(token);
    }
    return this.verifySignedToken(token);
  }

  private verifySignedToken(token: string): AuthUser {
    let claims: TokenClaims;
    try {
      claims = this.jwt.verify<TokenClaims>(token, { secret: this.key as unknown as string, algorithms: ['HS256'] });
    } catch {
      throw new DomainError(ErrorCode.Unauthorized, 'Invalid or expired token: log in again');
    }
    if (!claims || typeof claims.sub !== 'string' || !ROLES.includes(claims.role)) {
      throw new DomainError(ErrorCode.Unauthorized, 'Invalid token');
    }
    const user: AuthUser = { id: claims.sub, username: claims.username, role: claims.role, regionCode: claims.region, unitId: claims.unit ?? null };
    // Only tokens whose validity is their `exp` alone (ours: no `nbf`) are remembered.
    if (typeof claims.exp === 'number' && claims.nbf === undefined) this.remember(token, user, claims.exp);
    return user;
  }

  private remember(token: string, user: AuthUser, exp: number): void {
    if (this.verified.size >= VERIFIED_TOKEN_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { user: { ...user }, exp });
  }
}
