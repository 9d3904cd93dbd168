/**
 * Web benchmark: the bytes a browser's first visit moves — index.html and every file it references
 * (entry script, stylesheets, modulepreloads) — fetched from the REAL server over HTTP, once asking
 * for `Accept-Encoding: br, gzip` as browsers do and once for `identity`, which is what every
 * browser got before issue 15 (the files were sent uncompressed). Body bytes as they arrive, before
 * any decoding, plus the Content-Encoding and Cache-Control each file came with.
 *
 *   npm run bench:cold-load                 (builds the web app first)
 *   npm run bench:cold-load -- --skip-build
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, startPacer } from '../../test/support/pacer-process';

interface Fetched {
  url: string;
  bytes: number;
  encoding: string;
  cacheControl: string;
  body: Buffer;
}

/** One GET without decoding the body (fetch would decompress it and hide the bytes on the wire). */
function fetchRaw(baseUrl: string, url: string, acceptEncoding: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url, baseUrl), { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode !== 200) reject(new Error(`GET ${url} answered ${res.statusCode}: ${body.toString('utf8').slice(0, 200)}`));
        else resolve({ url, bytes: body.length, encoding: String(res.headers['content-encoding'] ?? 'identity'), cacheControl: String(res.headers['cache-control'] ?? '—'), body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** What index.html makes the browser fetch at once: scripts, stylesheets and modulepreloads. */
export function referencedFiles(html: string): string[] {
  const tags = html.match(/<(?:script|link)\b[^>]*>/g) ?? [];
  const urls = tags.flatMap((tag) => {
    if (tag.startsWith('<link') && !/\brel="(?:stylesheet|modulepreload)"/.test(tag)) return [];
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    return url && url.startsWith('/') ? [url] : [];
  });
  return [...new Set(urls)];
}

async function coldLoad(baseUrl: string, acceptEncoding: string): Promise<Fetched[]> {
  const page = await fetchRaw(baseUrl, '/', acceptEncoding);
  const files = await Promise.all(referencedFiles(page.body.toString('utf8')).map((url) => fetchRaw(baseUrl, url, acceptEncoding)));
  return [page, ...files];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const total = (files: Fetched[]) => files.reduce((sum, file) => sum + file.bytes, 0);

async function main(): Promise<void> {
  if (!process.argv.includes('--skip-build')) execFileSync('npm', ['run', 'build:web'], { cwd: REPO_ROOT, stdio: 'inherit' });
  readFileSync(path.join(REPO_ROOT, 'dist/web/index.html'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-bench-cold-'));
  const pacer = await startPacer({ dataDir });
  try {
    const compressed = await coldLoad(pacer.baseUrl, 'br, gzip');
    const identity = await coldLoad(pacer.baseUrl, 'identity');
    console.log(`Cold load of ${pacer.baseUrl}/ (${compressed.length} files), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log('| file | identity | br, gzip | encoding | Cache-Control |');
    console.log('|---|---|---|---|---|');
    for (const file of compressed) {
      const plain = identity.find((other) => other.url === file.url);
      console.log(`| ${file.url} | ${kb(plain?.bytes ?? Number.NaN)} | ${kb(file.bytes)} | ${file.encoding} | ${file.cacheControl} |`);
    }
    const [sent, before] = [total(compressed), total(identity)];
    console.log(`| **total** | **${kb(before)}** | **${kb(sent)}** | ratio ${(sent / before).toFixed(3)} | |`);
  } finally {
    await pacer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
