/**
 * The session cookie: httpOnly (no script can read it), SameSite=Lax, and Secure whenever Pacer is
 * reached over https: PACER_PUBLIC_URL is https (even when the proxy sends no X-Forwarded-Proto),
 * or the request itself came over https (directly, or via a trusted proxy).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_TTL_MS } from '../services/auth-service';
import { KNOWN_DEVICE_COOKIE, knownDeviceValue } from './login-throttle';

export const SESSION_COOKIE = 'pacer_session';
const KNOWN_DEVICE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export function isSecureRequest(request: FastifyRequest): boolean {
  return request.server.pacerConfig.publicUrl?.protocol === 'https:' || request.protocol === 'https';
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(request),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

/** Marks this browser as one that signed in to the account, so login throttling does not delay it. */
export function setKnownDeviceCookie(request: FastifyRequest, reply: FastifyReply, email: string): void {
  reply.setCookie(KNOWN_DEVICE_COOKIE, knownDeviceValue(request.server.secretKey, email), {
    path: '/api/v1/auth/login',
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecureRequest(request),
    maxAge: KNOWN_DEVICE_MAX_AGE_SECONDS,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
}

export function sessionSecretOf(request: FastifyRequest): string | null {
  const value = request.cookies[SESSION_COOKIE];
  return value ? value : null;
}
