/**
 * The token in a connection's webhook URL. Jira sends no signature Pacer could check, so the URL
 * itself is the credential: random, stored encrypted (admins are shown the URL again), compared in
 * constant time, and replaceable ("rotate") when it leaked.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { decryptSecret, encryptSecret, SecretUnreadableError } from '../../secrets/secret-box';

/** 24 random bytes: 32 URL-safe characters. */
export function newWebhookToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sealWebhookToken(token: string, key: Buffer): string {
  return encryptSecret(token, key);
}

/** The stored token, or null when there is none or the key that sealed it is gone. */
export function openWebhookToken(ciphertext: string | null, key: Buffer): string | null {
  if (ciphertext === null) return null;
  try {
    return decryptSecret(ciphertext, key);
  } catch (error) {
    if (error instanceof SecretUnreadableError) return null;
    throw error;
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Compares digests of equal length, so the time taken says nothing about where the tokens differ. */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** `<public origin>/api/v1/webhooks/jira/<connection id>?token=<token>`. */
export function webhookUrl(base: string, connectionId: string, token: string): string {
  const url = new URL(`${base.replace(/\/+$/, '')}/api/v1/webhooks/jira/${encodeURIComponent(connectionId)}`);
  url.searchParams.set('token', token);
  return url.toString();
}

/** Where Pacer is reached from outside: PACER_PUBLIC_URL, else the address the admin's browser used. */
export function publicBase(publicUrl: URL | null, requestOrigin: string): string {
  if (publicUrl) return `${publicUrl.origin}${publicUrl.pathname.replace(/\/+$/, '')}`;
  return requestOrigin;
}

/** Jira cannot reach an address that only means "this machine". */
export function isLoopbackBase(base: string): boolean {
  const host = new URL(base).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host) || host === '0.0.0.0';
}
