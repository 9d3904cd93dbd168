/**
 * CSRF guard by origin check. Browsers send `Origin` on cross-site and same-site fetch/form
 * writes, so a cookie-authenticated write whose origin is not this server is a forgery. Bearer
 * requests are exempt: browsers never attach a bearer token on their own.
 */
import type { FastifyRequest } from 'fastify';
import { CsrfRejectedError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function hostOf(value: string | undefined): string | null {
  if (!value || value === 'null') return null;
  try {
    return new URL(value).host.toLowerCase();
  } catch {
    return null;
  }
}

/** The host the request claims to come from: Origin, else Referer; null when neither is usable. */
export function requestOriginHost(request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  const referer = request.headers.referer;
  return hostOf(typeof origin === 'string' ? origin : undefined) ?? hostOf(typeof referer === 'string' ? referer : undefined);
}

function allowedHosts(request: FastifyRequest, publicUrl: URL | null): string[] {
  const hosts: string[] = [];
  // Parsed like the Origin, so "localhost:80" in Host equals "http://localhost" in Origin.
  const ownHost = request.headers.host ? hostOf(`${request.protocol}://${request.headers.host}`) : null;
  if (ownHost) hosts.push(ownHost);
  if (publicUrl) hosts.push(publicUrl.host.toLowerCase());
  return hosts;
}

/**
 * For a write without a bearer token: when the caller is cookie-authenticated an origin is
 * required and must be ours; for anonymous writes (login, set-up) an origin, if sent, must be ours
 * (stops cross-site login forgery while allowing scripts and curl, which send none).
 */
export function assertSameOrigin(request: FastifyRequest, publicUrl: URL | null, cookieAuthenticated: boolean): void {
  if (isSafeMethod(request.method)) return;
  const originHost = requestOriginHost(request);
  if (originHost === null) {
    if (!cookieAuthenticated) return;
    throw new CsrfRejectedError(
      'This write was sent with the session cookie but without an Origin or Referer header, so it may be a cross-site forgery. ' +
        'Send the request from the Pacer web app, or use an API token (Authorization: Bearer) from scripts.',
    );
  }
  if (!allowedHosts(request, publicUrl).includes(originHost)) {
    throw new CsrfRejectedError(
      `This write came from another site (${originHost}) and was refused as a possible cross-site forgery. ` +
        'Open Pacer at its own address; behind a proxy, set PACER_PUBLIC_URL to the address users open.',
    );
  }
}
