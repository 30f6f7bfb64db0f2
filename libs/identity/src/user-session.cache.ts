import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@rectify/core';
import { IdentityRepository, type UserSessionState } from './identity.repository.js';
import { USER_SESSION_CACHE_SIZE, USER_SESSION_CACHE_TTL_MS } from './user-session-cache-ttl-ms.js';

/**
 * Whether a token's user still holds it: the user exists, is not disabled, and its token generation
 * is the one the token was issued at. Read from the database at most once per user per
 * USER_SESSION_CACHE_TTL_MS; a change on this instance drops the entry at once (`invalidate`).
 */
@Injectable()
export class UserSessionCache {
  private readonly entries = new Map<string, { state: UserSessionState | null; at: number }>();
  private readonly loading = new Map<string, Promise<UserSessionState | null>>();

  constructor(@Inject(IdentityRepository) private readonly repository: IdentityRepository) {}

  /**
   * 401 unless the user's current generation is `generation` and the account is enabled. Answers
   * without a promise when the entry is fresh (the common case: no extra await on the hot path).
   */
  check(userId: string, generation: number): void | Promise<void> {
    const hit = this.entries.get(userId);
    if (hit && Date.now() - hit.at < USER_SESSION_CACHE_TTL_MS) return verdict(hit.state, generation);
    return this.state(userId).then((state) => verdict(state, generation));
  }

  /** After a change on this instance: the next request reads the database again (a read in flight is not kept). */
  invalidate(userId: string): void {
    this.entries.delete(userId);
    this.loading.delete(userId);
  }

  private state(userId: string): Promise<UserSessionState | null> {
    const inFlight = this.loading.get(userId);
    if (inFlight) return inFlight;
    const at = Date.now();
    // Kept only while still the current read: an invalidate() meanwhile may be for a change it did not see.
    const pending: Promise<UserSessionState | null> = this.repository.userSessionState(userId).then(
      (state) => {
        if (this.loading.get(userId) === pending) {
          this.loading.delete(userId);
          if (this.entries.size >= USER_SESSION_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
          this.entries.set(userId, { state, at });
        }
        return state;
      },
      (error: unknown) => {
        if (this.loading.get(userId) === pending) this.loading.delete(userId);
        throw error;
      },
    );
    this.loading.set(userId, pending);
    return pending;
  }
}

function verdict(state: UserSessionState | null, generation: number): void {
  if (!state) throw new DomainError(ErrorCode.Unauthorized, 'This user no longer exists: log in again');
  if (state.disabled) throw new DomainError(ErrorCode.Unauthorized, 'This account is disabled');
  if (state.generation !== generation) throw new DomainError(ErrorCode.Unauthorized, 'This session has ended (logged out, or the account changed): log in again');
}
