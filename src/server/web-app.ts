/**
 * The built React app: its files from dist/web, and every other non-API GET answered with
 * index.html (client-side routing). index.html is rendered per response with the CSP nonce in a
 * <meta property="csp-nonce">, so the app can pass it to Mantine's <style> tags (see
 * security-headers.ts); that is why it is `no-cache` (kept, but asked for again each time: it names
 * the current build's assets) and never precompressed.
 *
 * Every other file is sent as built: the brotli or gzip copy made at build time
 * (tools/precompress-plugin.mjs) when the request accepts it, with `Vary: Accept-Encoding`. Files
 * under /assets/ carry a content hash in their name, so a browser may keep them for a year without
 * asking; anything else (a favicon, say) is revalidated.
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

/** Hashed by Vite: a changed file gets a new name, so the old one can be kept forever. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
export const PAGE_CACHE_CONTROL = 'no-cache';

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
      .header('cache-control', PAGE_CACHE_CONTROL)
      .send(withNonceMeta(indexHtml ?? '', styleNonceOf(reply)));

  if (hasWebApp) {
    // index: false: "/" and client-side routes get the rendered index.html below, never the file.
    const assetsFolder = path.join(webRoot, 'assets') + path.sep;
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: true,
      index: false,
      preCompressed: true,
      // Our own Cache-Control below, not the plugin's `public, max-age=0`.
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', filePath.startsWith(assetsFolder) ? ASSET_CACHE_CONTROL : PAGE_CACHE_CONTROL);
      },
    });
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
    // An asset of an older build (a tab open across a deploy): a 404 the app's loader can report,
    // not index.html parsed as JavaScript.
    if (pathOnly.startsWith('/assets/')) {
      return reply.code(404).type('text/plain; charset=utf-8').send(`There is no file ${pathOnly}; reload the page to get the current version of Pacer.`);
    }
    if (!hasWebApp) return reply.code(503).type('text/html; charset=utf-8').send(WEB_APP_MISSING_PAGE.replace('{{nonce}}', styleNonceOf(reply)));
    return sendIndex(reply);
  });
}
