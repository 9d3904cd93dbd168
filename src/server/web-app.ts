/**
 * The built React app: its files from dist/web, and every other non-API GET answered with
 * index.html (client-side routing). index.html is rendered per response with the CSP nonce in a
 * <meta property="csp-nonce">, so the app can pass it to Mantine's <style> tags (see
 * security-headers.ts); that is why it is never cached.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { App } from './app-types';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_WEB_ROOT = path.join(REPO_ROOT, 'dist', 'web');

const WEB_APP_MISSING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pacer</title>
<style nonce="{{nonce}}">body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5 }</style></head>
<body>
<h1>Pacer's web app has not been built</h1>
<p>The API is running, but the folder <code>dist/web</code> is missing. Run <code>npm run build:web</code>
(or start with <code>npm start</code>, which builds it) and reload this page.</p>
<p>API documentation: <a href="/api/docs">/api/docs</a></p></body></html>`;

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

/** The style nonce helmet made for this response; a nonce is hex, so it is safe inside an attribute. */
function styleNonceOf(reply: FastifyReply): string {
  return reply.cspNonce?.style ?? '';
}

function withNonceMeta(html: string, nonce: string): string {
  return html.replace(/<head([^>]*)>/i, (head) => `${head}<meta property="csp-nonce" nonce="${nonce}">`);
}

export async function installWebApp(app: App, webRoot: string): Promise<void> {
  const indexPath = path.join(webRoot, 'index.html');
  const hasWebApp = existsSync(indexPath);
  // Read once: a new build comes with a restart (npm start builds, then starts).
  const indexHtml = hasWebApp ? readFileSync(indexPath, 'utf8') : null;
  const sendIndex = (reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(withNonceMeta(indexHtml ?? '', styleNonceOf(reply)));

  if (hasWebApp) {
    // index: false: "/" and client-side routes get the rendered index.html below, never the file.
    await app.register(fastifyStatic, { root: webRoot, wildcard: true, index: false });
    app.get('/', { config: { auth: 'public' }, schema: { hide: true } }, (_request, reply) => sendIndex(reply));
    app.get('/index.html', { config: { auth: 'public' }, schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  }
  app.setNotFoundHandler((request, reply) => {
    const pathOnly = request.url.split('?')[0] ?? request.url;
    if (isApiPath(pathOnly) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return reply.code(404).send({
        error: { code: 'not_found', message: `There is no route ${request.method} ${pathOnly}; see /api/docs for the API.` },
      });
    }
    if (!hasWebApp) return reply.code(503).type('text/html; charset=utf-8').send(WEB_APP_MISSING_PAGE.replace('{{nonce}}', styleNonceOf(reply)));
    return sendIndex(reply);
  });
}
