/**
 * Security headers on every response (@fastify/helmet). The Content-Security-Policy allows only
 * Pacer's own scripts and styles: no inline script at all, and inline <style> only with the
 * per-response nonce. Mantine injects <style> tags (its CSS variables and responsive style props),
 * so the web app reads that nonce from a <meta property="csp-nonce"> the server puts into
 * index.html (see web-app.ts) and hands it to MantineProvider's getStyleNonce. Style *attributes*
 * set from script (React's style prop) go through the CSSOM, which a CSP does not block.
 *
 * Also: frame-ancestors 'none' and X-Frame-Options DENY (no clickjacking), nosniff,
 * Referrer-Policy same-origin (Pacer's URLs never leak to Jira or other sites), and, when
 * PACER_PUBLIC_URL is https, HSTS and upgrade-insecure-requests. Over plain http those two would
 * break a deployment without TLS, so they are left out there.
 */
import fastifyHelmet from '@fastify/helmet';
import type { App } from './app-types';
import type { Config } from './config';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export function contentSecurityDirectives(https: boolean): Record<string, string[] | null> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    // Swagger UI (/api/docs) shows data: images; the web app's icons are inline SVG.
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: https ? [] : null,
  };
}

export async function installSecurityHeaders(app: App, config: Config): Promise<void> {
  const https = config.publicUrl?.protocol === 'https:';
  await app.register(fastifyHelmet, {
    // A fresh script and style nonce per response (reply.cspNonce), added to script-src/style-src.
    enableCSPNonces: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityDirectives(https) },
    strictTransportSecurity: https ? { maxAge: ONE_YEAR_SECONDS, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
}
