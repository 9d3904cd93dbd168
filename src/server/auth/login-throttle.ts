/**
 * Per-account sign-in throttling with growing delays. The per-address limit (@fastify/rate-limit
 * on the login route) stops one client; this stops many clients (a botnet, or forged addresses
 * behind a proxy that passes X-Forwarded-For through) guessing one account's password.
 *
 * Chosen rule: the first 10 failures for an email within 15 quiet minutes cost nothing; from the
 * 10th on, each failure makes the next attempt for that email wait 1 s, 2 s, 4 s, … up to 60 s.
 * An attempt during the wait answers 429 without checking the password (so it costs no hashing).
 * It is not a lock-out an attacker can aim at someone: a browser that has signed in to the account
 * before carries a "known device" cookie and skips the wait, and anyone else waits at most 60 s.
 * Unknown emails are tracked exactly like real ones, so the throttle reveals nothing about accounts.
 *
 * State lives in this process (one Pacer process with SQLite; with several `serve` processes each
 * counts on its own, so the budget multiplies by their number).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LoginThrottleOptions {
  freeFailures: number;
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Accounts remembered at most; the least recently failed are forgotten first. */
  maxAccounts: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  freeFailures: 10,
  windowMs: 15 * 60 * 1000,
  baseDelayMs: 1000,
  maxDelayMs: 60 * 1000,
  maxAccounts: 100_000,
};

interface AccountState {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

export function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

export class LoginThrottle {
  private readonly accounts = new Map<string, AccountState>();

  constructor(private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE) {}

  /** Milliseconds the next attempt for this email must wait (0: it may try now). */
  waitMs(email: string, now: number): number {
    const state = this.current(accountKey(email), now);
    return state ? Math.max(0, state.blockedUntil - now) : 0;
  }

  recordFailure(email: string, now: number): void {
    const key = accountKey(email);
    const state = this.current(key, now) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
    state.failures += 1;
    state.lastFailureAt = now;
    const beyond = state.failures - this.options.freeFailures;
    if (beyond >= 0) {
      state.blockedUntil = now + Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(beyond, 30));
    }
    // Re-inserting keeps the Map in least-recently-failed order for eviction.
    this.accounts.delete(key);
    this.accounts.set(key, state);
    while (this.accounts.size > this.options.maxAccounts) {
      const oldest = this.accounts.keys().next().value;
      if (oldest === undefined) break;
      this.accounts.delete(oldest);
    }
  }

  /** The account's state, or undefined once 15 quiet minutes have passed since its last failure. */
  private current(key: string, now: number): AccountState | undefined {
    const state = this.accounts.get(key);
    if (state && now - state.lastFailureAt > this.options.windowMs) {
      this.accounts.delete(key);
      return undefined;
    }
    return state;
  }
}

export const KNOWN_DEVICE_COOKIE = 'pacer_known_device';

/** The known-device value for an email: an HMAC under the server's key, so nobody can mint one. */
export function knownDeviceValue(secretKey: Buffer, email: string): string {
  return createHmac('sha256', secretKey).update(`pacer known login device\0${accountKey(email)}`).digest('base64url');
}

export function isKnownDevice(secretKey: Buffer, email: string, cookieValue: string | undefined): boolean {
  if (!cookieValue) return false;
  const expected = Buffer.from(knownDeviceValue(secretKey, email));
  const given = Buffer.from(cookieValue);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
