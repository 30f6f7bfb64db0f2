import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode } from '@rectify/core';
import {
  LOGIN_FAILURE_WINDOW_MS,
  LOGIN_LOCKOUT_MS,
  LOGIN_MAX_FAILURES_PER_ADDRESS,
  LOGIN_MAX_FAILURES_PER_USERNAME,
  LOGIN_THROTTLE_MAX_KEYS,
} from './login-throttle-limits.js';

interface Failures {
  /** Failure instants (ms) inside the window, oldest first. */
  at: number[];
  lockedUntil: number;
}

/**
 * Login throttling (docs/administration.md): failures are counted per username and per client
 * address over a sliding window; reaching a limit locks that key for a while, and a locked key is
 * answered 429 with Retry-After before the password is even checked. Held in this instance's memory.
 */
@Injectable()
export class LoginThrottle {
  private readonly keys = new Map<string, Failures>();

  constructor(@Inject(Clock) private readonly clock: Clock) {}

  /** 429 when the username or the address is locked. */
  check(username: string, address: string): void {
    const now = this.clock.now().getTime();
    for (const [key, what] of [
      [userKey(username), 'this username'],
      [addressKey(address), 'this client address'],
    ] as const) {
      const lockedUntil = this.keys.get(key)?.lockedUntil ?? 0;
      if (lockedUntil > now) {
        const retryAfterSeconds = Math.ceil((lockedUntil - now) / 1000);
        throw new DomainError(
          ErrorCode.TooManyRequests,
          `Too many failed logins for ${what}: try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
          { retryAfterSeconds },
        );
      }
    }
  }

  /** Counts a failure against both keys, locking either that reaches its limit. */
  failed(username: string, address: string): void {
    const now = this.clock.now().getTime();
    this.count(userKey(username), LOGIN_MAX_FAILURES_PER_USERNAME, now);
    this.count(addressKey(address), LOGIN_MAX_FAILURES_PER_ADDRESS, now);
  }

  /** A good password clears the username's failures (not the address's: one known account must not reset it). */
  succeeded(username: string): void {
    this.keys.delete(userKey(username));
  }

  private count(key: string, limit: number, now: number): void {
    let entry = this.keys.get(key);
    if (!entry) {
      if (this.keys.size >= LOGIN_THROTTLE_MAX_KEYS) this.prune(now);
      entry = { at: [], lockedUntil: 0 };
      this.keys.set(key, entry);
    }
    entry.at = entry.at.filter((t) => t > now - LOGIN_FAILURE_WINDOW_MS);
    entry.at.push(now);
    if (entry.at.length >= limit) {
      entry.lockedUntil = now + LOGIN_LOCKOUT_MS;
      entry.at = [];
    }
  }

  private prune(now: number): void {
    for (const [key, entry] of this.keys) {
      if (entry.lockedUntil <= now && entry.at.every((t) => t <= now - LOGIN_FAILURE_WINDOW_MS)) this.keys.delete(key);
    }
    // Still full (a flood of fresh keys): drop the oldest rather than grow without bound.
    while (this.keys.size >= LOGIN_THROTTLE_MAX_KEYS) this.keys.delete(this.keys.keys().next().value!);
  }
}

const userKey = (username: string) => `u:${username.trim().toLowerCase()}`;
const addressKey = (address: string) => `a:${address}`;
