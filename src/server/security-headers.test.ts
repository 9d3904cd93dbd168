/**
 * Security headers (issue 13): a CSP allowing only our own scripts and styles (inline <style> only
 * with the per-response nonce that index.html carries for Mantine), frame-ancestors 'none',
 * nosniff, Referrer-Policy, and HSTS only when PACER_PUBLIC_URL is https.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../test/support/app-harness';

function webRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'pacer-web-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><html lang="en"><head><title>Pacer</title></head><body><div id="root"></div></body></html>');
  writeFileSync(path.join(root, 'app.js'), 'console.log("ok")');
  return root;
}

function directives(csp: unknown): Map<string, string> {
  return new Map(
    String(csp)
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part) => {
        const [name = '', ...values] = part.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

describeEachDatabase(
  'security headers over http (no PACER_PUBLIC_URL)',
  (ctx) => {
    test('the page: our scripts only, inline styles only with the nonce in its csp-nonce meta, never cached', async () => {
      const response = await ctx().request('GET', '/');
      expect(response.statusCode).toBe(200);
      const csp = directives(response.headers['content-security-policy']);
      const nonce = /<meta property="csp-nonce" nonce="([0-9a-f]{32})">/.exec(response.body)?.[1];
      expect(nonce).toBeDefined();
      expect(csp.get('default-src')).toBe("'self'");
      expect(csp.get('script-src')).toMatch(/^'self' 'nonce-[0-9a-f]{32}'$/);
      expect(csp.get('style-src')).toBe(`'self' 'nonce-${nonce}'`);
      expect(csp.get('script-src-attr')).toBe("'none'");
      expect(csp.get('frame-ancestors')).toBe("'none'");
      expect(csp.get('object-src')).toBe("'none'");
      expect(String(response.headers['content-security-policy'])).not.toContain('unsafe-inline');
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
      expect(response.headers['cache-control']).toBe('no-cache');
      // A client-side route gets the same page, with a new nonce.
      const route = await ctx().request('GET', '/okrs');
      expect(route.statusCode).toBe(200);
      expect(route.body).toContain('csp-nonce');
      expect(route.body).not.toContain(`nonce="${nonce}"`);
    });

    test.each(['/', '/app.js', '/api/v1/health', '/api/v1/me', '/api/v1/no-such-route'])('%s carries nosniff, DENY framing, same-origin referrer and no HSTS', async (url) => {
      const response = await ctx().request('GET', url);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('same-origin');
      expect(directives(response.headers['content-security-policy']).get('frame-ancestors')).toBe("'none'");
      expect(response.headers['strict-transport-security']).toBeUndefined();
    });

    test('the API docs still load under the policy (their scripts and styles are files of ours)', async () => {
      const response = await ctx().request('GET', '/api/docs');
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toMatch(/<script>(?!\s*<\/script>)|<style>/);
      expect(response.headers['content-security-policy']).toBeDefined();
    });
  },
  { webRoot: webRoot() },
);

describeEachDatabase(
  'security headers with an https PACER_PUBLIC_URL',
  (ctx) => {
    test('HSTS and upgrade-insecure-requests are on', async () => {
      const response = await ctx().request('GET', '/');
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(directives(response.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(true);
    });
  },
  { webRoot: webRoot(), env: { PACER_PUBLIC_URL: 'https://okr.example.com' } },
);
