/**
 * `npm start` builds only when it has to (issue 15): when dist/ is missing, or when a source of the
 * build is newer than the oldest output; an edited test never triggers a build.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { buildFreshness } from './build-freshness.mjs';

let root = '';
const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 12, minute));

function write(file: string, minute: number): void {
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, '');
  utimesSync(full, at(minute), at(minute));
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'pacer-freshness-'));
  write('package.json', 0);
  write('package-lock.json', 0);
  write('src/server/main.ts', 1);
  write('src/web/index.html', 1);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('a fresh checkout (no dist/) needs a build, saying what is missing', () => {
  expect(buildFreshness(root)).toEqual({ fresh: false, reason: 'dist/server/main.js and dist/web/index.html are missing' });
  write('dist/web/index.html', 5);
  expect(buildFreshness(root)).toEqual({ fresh: false, reason: 'dist/server/main.js is missing' });
});

test('a build newer than every source is used as it is', () => {
  write('dist/server/main.js', 5);
  write('dist/web/index.html', 6);
  expect(buildFreshness(root)).toEqual({ fresh: true });
});

test('a source edited after the older half of the build triggers a build', () => {
  write('dist/server/main.js', 5);
  write('dist/web/index.html', 9);
  write('src/core/status.ts', 7);
  expect(buildFreshness(root)).toEqual({ fresh: false, reason: 'src changed since the last build' });
});

test('new dependencies (package-lock.json) trigger a build', () => {
  write('dist/server/main.js', 5);
  write('dist/web/index.html', 5);
  write('package-lock.json', 8);
  expect(buildFreshness(root)).toEqual({ fresh: false, reason: 'package-lock.json changed since the last build' });
});

test('an edited test is not a source of the build', () => {
  write('dist/server/main.js', 5);
  write('dist/web/index.html', 5);
  write('src/server/app.test.ts', 9);
  expect(buildFreshness(root)).toEqual({ fresh: true });
});
