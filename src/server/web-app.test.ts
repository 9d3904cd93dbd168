/**
 * The built web app as the server sends it (issue 15): hashed assets precompressed (brotli, else
 * gzip, else as they are, by Accept-Encoding, always with `Vary: Accept-Encoding`) and cached for a
 * year; index.html rendered per response with its nonce, `no-cache`, never compressed ahead.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, expect, test } from 'vitest';
import { describeEachDatabase } from '../../test/support/app-harness';
import { precompressFolder } from '../../tools/precompress-plugin.mjs';
import { ASSET_CACHE_CONTROL, PAGE_CACHE_CONTROL } from './web-app';

const APP_SCRIPT = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, title: "objective ${i}" }`).join(', ')}];\n`;
const TINY_SCRIPT = 'export const x = 1;\n';
const ICON = `<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(100)}</svg>`;

function builtWebRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'pacer-web-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), `<!doctype html><html lang="en"><head><title>Pacer</title>${' '.repeat(2000)}</head><body><script type="module" src="/assets/index-AbC123.js"></script></body></html>`);
  writeFileSync(path.join(root, 'assets', 'index-AbC123.js'), APP_SCRIPT);
  writeFileSync(path.join(root, 'assets', 'tiny-XyZ789.js'), TINY_SCRIPT);
  writeFileSync(path.join(root, 'favicon.svg'), ICON);
  return root;
}

const webRoot = builtWebRoot();

describeEachDatabase(
  'the web app: precompressed files and caching',
  (ctx) => {
    beforeAll(async () => {
      // What `vite build` does through the plugin; index.html and files under 1 KB are left alone.
      const compressed = await precompressFolder(webRoot);
      expect(compressed.map((file) => path.relative(webRoot, file)).sort()).toEqual([path.join('assets', 'index-AbC123.js'), 'favicon.svg']);
    });

    test('a hashed asset comes as brotli when accepted, cached for a year', async () => {
      const response = await ctx().request('GET', '/assets/index-AbC123.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBe('br');
      expect(String(response.headers.vary)).toMatch(/accept-encoding/i);
      expect(response.headers['content-type']).toMatch(/javascript/);
      expect(response.headers['cache-control']).toBe(ASSET_CACHE_CONTROL);
      expect(response.rawPayload.length).toBeLessThan(APP_SCRIPT.length / 4);
      expect(brotliDecompressSync(response.rawPayload).toString('utf8')).toBe(APP_SCRIPT);
    });

    test('gzip when brotli is not accepted', async () => {
      const response = await ctx().request('GET', '/assets/index-AbC123.js', { headers: { 'accept-encoding': 'gzip' } });
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(String(response.headers.vary)).toMatch(/accept-encoding/i);
      expect(response.headers['cache-control']).toBe(ASSET_CACHE_CONTROL);
      expect(gunzipSync(response.rawPayload).toString('utf8')).toBe(APP_SCRIPT);
    });

    test('the file as it is when no encoding is accepted, still varying on Accept-Encoding', async () => {
      const response = await ctx().request('GET', '/assets/index-AbC123.js', { headers: { 'accept-encoding': 'identity' } });
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(String(response.headers.vary)).toMatch(/accept-encoding/i);
      expect(response.body).toBe(APP_SCRIPT);
    });

    test('a file too small to compress is sent as it is', async () => {
      const response = await ctx().request('GET', '/assets/tiny-XyZ789.js', { headers: { 'accept-encoding': 'br, gzip' } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers['cache-control']).toBe(ASSET_CACHE_CONTROL);
      expect(response.body).toBe(TINY_SCRIPT);
    });

    test('a file outside /assets/ (no hash in its name) is revalidated', async () => {
      const response = await ctx().request('GET', '/favicon.svg', { headers: { 'accept-encoding': 'br' } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.headers['content-type']).toMatch(/image\/svg\+xml/);
      expect(response.headers['cache-control']).toBe(PAGE_CACHE_CONTROL);
    });

    test('index.html: rendered with a fresh nonce, no-cache, not compressed ahead', async () => {
      for (const url of ['/', '/index.html', '/okrs/42']) {
        const response = await ctx().request('GET', url, { headers: { 'accept-encoding': 'br, gzip' } });
        expect(response.statusCode, url).toBe(200);
        expect(response.headers['cache-control'], url).toBe(PAGE_CACHE_CONTROL);
        expect(response.headers['content-encoding'], url).toBeUndefined();
        expect(response.body, url).toMatch(/<meta property="csp-nonce" nonce="[0-9a-f]{32}">/);
      }
    });

    test('an asset of an older build is a 404, not the page', async () => {
      const response = await ctx().request('GET', '/assets/index-OldHash.js', { headers: { 'accept-encoding': 'br, gzip' } });
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('reload the page');
    });
  },
  { webRoot },
);
