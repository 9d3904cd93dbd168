/**
 * CSRF guard by origin check. Browsers send `Origin` on cross-site and same-site fetch/form
 * writes, so a cookie-authenticated write whose origin is not this server is a forgery. Bearer
 * requests are exempt: browsers never attach a bearer token on their own.
 *
 * The whole origin counts (scheme, host and port): http://okr.example.com or
 * https://okr.example.com:8443 is another site than https://okr.example.com. With PACER_PUBLIC_URL
 * set, that is the only origin accepted, so a forged `Host` header cannot make a foreign origin
 * look like ours; without it, the request's own origin (its scheme, and its Host) is used.
 */
import type { FastifyRequest } from 'fastify';
import { CsrfRejectedError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** scheme://host[:port], lower case, default ports dropped; null for "null" or anything unparsable. */
function originOf(value: string | undefined): string | null {
  if (!value || value === 'null') return null;
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin.toLowerCase();
  } catch {
    return null;
  }
}

/** The origin the request claims to come from: Origin, else Referer; null when neither is usable. */
export function requestOrigin(request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  const referer = request.headers.referer;
  return originOf(typeof origin === 'string' ? origin : undefined) ?? originOf(typeof referer === 'string' ? referer : undefined);
}

/** PACER_PUBLIC_URL's origin when set; else this request's own (scheme from a trusted proxy only). */
function ownOrigin(request: FastifyRequest, publicUrl: URL | null): string | null {
  if (publicUrl) return publicUrl.origin.toLowerCase();
  return request.headers.host ? originOf(`${request.protocol}://${request.host}`) : null;
}

/**
 * For a write without a bearer token: when the caller is cookie-authenticated an origin is
 * required and must be ours; for anonymous writes (login, set-up) an origin, if sent, must be ours
 * (stops cross-site login forgery while allowing scripts and curl, which send none).
 */
export function assertSameOrigin(request: FastifyRequest, publicUrl: URL | null, cookieAuthenticated: boolean): void {
  if (isSafeMethod(request.method)) return;
  const origin = requestOrigin(request);
  if (origin === null) {
    if (!cookieAuthenticated) return;
    throw new CsrfRejectedError(
      'This write was sent with the session cookie but without an Origin or Referer header, so it may be a cross-site forgery. ' +
        'Send the request from the Pacer web app, or use an API token (Authorization: Bearer) from scripts.',
    );
  }
  const own = ownOrigin(request, publicUrl);
  if (origin !== own) {
    throw new CsrfRejectedError(
      `This write came from ${origin}, not from Pacer's own address${own ? ` (${own})` : ''}, and was refused as a possible cross-site forgery. ` +
        'Open Pacer at its own address; behind a reverse proxy, set PACER_PUBLIC_URL to the address users open.',
    );
  }
}
