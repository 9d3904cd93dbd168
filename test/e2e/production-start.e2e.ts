/**
 * The production build as `npm start` runs it (issue 15): `node tools/start.mjs` on the build that
 * `npm run test:e2e` has just made starts the compiled server (dist/server/main.js) with plain
 * node — no build, no tsx — prints the banner before the JSON logs, answers /api/v1/health and
 * sends the web app's assets precompressed. The browser tests run the server from source (tsx) so
 * an edit needs no build; this test is what keeps the build itself honest.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort, REPO_ROOT, waitForExit } from '../support/pacer-process';
import { SERVER_NODE_FLAGS } from '../../tools/server-node-flags.mjs';

let output = '';
let baseUrl = '';
let dataDir = '';
let stop: () => Promise<void> = async () => undefined;

/** One GET whose body stays as sent (fetch would decompress it). */
function rawGet(url: string, acceptEncoding: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'pacer-production-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), PACER_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  for (const name of ['DATABASE_URL', 'PACER_PUBLIC_URL', 'NODE_OPTIONS']) delete env[name];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'tools/start.mjs'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await waitForExit(child);
  };
  baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`node tools/start.mjs exited with ${child.exitCode}:\n${output}`);
    if (await fetch(`${baseUrl}/api/v1/health`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`node tools/start.mjs did not answer /api/v1/health within 30 s:\n${output}`);
});

afterAll(async () => {
  await stop();
  await rm(dataDir, { recursive: true, force: true });
});

test('starts the compiled server without building, banner first, then JSON logs', () => {
  expect(output, output).not.toContain('Building Pacer first');
  expect(output.indexOf(`Pacer\n  Open:      http://localhost:${new URL(baseUrl).port}\n`), output).toBe(0);
  expect(output).toContain(`Database:  SQLite, ${path.join(dataDir, 'pacer.sqlite')}`);
  expect(output.search(/^\{"level"/m)).toBeGreaterThan(0);
});

test('serves the built web app: the page no-cache, its assets precompressed and immutable', async () => {
  const page = await fetch(`${baseUrl}/`);
  expect(page.headers.get('cache-control')).toBe('no-cache');
  const html = await page.text();
  const entry = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(entry, html).toBeDefined();
  const brotli = await rawGet(`${baseUrl}${entry}`, 'br, gzip');
  expect(brotli.status).toBe(200);
  expect(brotli.headers['content-encoding']).toBe('br');
  expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  const builtSize = readFileSync(path.join(REPO_ROOT, 'dist/web', entry ?? '')).length;
  expect(brotli.bytes).toBeLessThan(builtSize / 3);
});
