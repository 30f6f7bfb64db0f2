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
  /** The user's token generation when the token was issued (users.token_generation). */
  gen: number;
  exp?: number;
  nbf?: number;
}

/** Verified tokens remembered at most (one per logged-in session: a few thousand covers a province). */
export const VERIFIED_TOKEN_CACHE_SIZE = 4096;

/** A token that verified: whose it is, and the generation it was issued at. */
export interface VerifiedToken {
  user: AuthUser;
  generation: number;
}

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
   * never change, so only the time is checked again — as jsonwebtoken does it. Whether the user
   * still holds it (its generation) is the guard's check, on every request. Oldest evicted when full.
   */
  private readonly verified = new Map<string, { user: AuthUser; generation: number; exp: number }>();

  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  get expiresInSeconds(): number {
    return this.config.jwtExpiresInSeconds;
  }

  sign(user: AuthUser, generation: number): string {
    const claims: TokenClaims = { sub: user.id, username: user.username, role: user.role, region: user.regionCode, unit: user.unitId, gen: generation };
    return this.jwt.sign(claims, { secret: this.key as unknown as string, expiresIn: this.config.jwtExpiresInSeconds, algorithm: 'HS256' });
  }

  verify(token: string): VerifiedToken {
    const hit = this.verified.get(token);
    if (hit) {
      if (Math.floor(Date.now() / 1000) < hit.exp) return { user: { ...hit.user }, generation: hit.generation };
      this.verified.delete(token);
    }
    return this.verifySignedToken(token);
  }

  private verifySignedToken(token: string): VerifiedToken {
    let claims: TokenClaims;
    try {
      claims = this.jwt.verify<TokenClaims>(token, { secret: this.key as unknown as string, algorithms: ['HS256'] });
    } catch {
      throw new DomainError(ErrorCode.Unauthorized, 'Invalid or expired token: log in again');
    }
    if (!claims || typeof claims.sub !== 'string' || !ROLES.includes(claims.role)) {
      throw new DomainError(ErrorCode.Unauthorized, 'Invalid token');
    }
    // A token that never expires, or that predates token generations, is not one of ours to honour.
    if (typeof claims.exp !== 'number') throw new DomainError(ErrorCode.Unauthorized, 'A token without an expiry (exp) is refused: log in again');
    if (!Number.isInteger(claims.gen)) throw new DomainError(ErrorCode.Unauthorized, 'Invalid token (no session generation): log in again');
    const user: AuthUser = { id: claims.sub, username: claims.username, role: claims.role, regionCode: claims.region, unitId: claims.unit ?? null };
    // Only tokens whose validity is their `exp` alone (ours: no `nbf`) are remembered.
    if (claims.nbf === undefined) this.remember(token, user, claims.gen, claims.exp);
    return { user, generation: claims.gen };
  }

  private remember(token: string, user: AuthUser, generation: number, exp: number): void {
    if (this.verified.size >= VERIFIED_TOKEN_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { user: { ...user }, generation, exp });
  }
}
