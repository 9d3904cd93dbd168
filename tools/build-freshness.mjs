/**
 * Whether the production build in dist/ is missing or older than what it is built from, so that
 * `npm start` builds only when it has to (tools/start.mjs). Plain JavaScript: it runs under plain
 * `node` before anything is compiled.
 *
 * "Older" compares modification times: the newest source file against the oldest output. Tests
 * (`*.test.ts`) are not sources of the build, so editing one never triggers a rebuild.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** What the build reads: the code of the server and the web app, the build's own configuration and the dependencies. */
export const BUILD_INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'vite.config.ts', 'tools/precompress-plugin.mjs'];

/** What `npm run build` writes last in each half; the older of the two dates the build. */
export const BUILD_OUTPUTS = ['dist/server/main.js', 'dist/web/index.html'];

function isSourceOfBuild(name) {
  return !/\.test\.tsx?$/.test(name);
}

/** The newest modification time (ms) of the files under `target` (a file or a folder), or 0. */
function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !isSourceOfBuild(entry.name)) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * `{ fresh: true }`, or `{ fresh: false, reason }` saying in words why a build is needed.
 * @param {string} root the repository's folder
 * @returns {{ fresh: true } | { fresh: false, reason: string }}
 */
export function buildFreshness(root) {
  const missing = BUILD_OUTPUTS.filter((output) => !existsSync(path.join(root, output)));
  if (missing.length > 0) return { fresh: false, reason: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing` };
  const builtAt = Math.min(...BUILD_OUTPUTS.map((output) => statSync(path.join(root, output)).mtimeMs));
  const changed = BUILD_INPUTS.filter((input) => newestMtime(path.join(root, input)) > builtAt);
  if (changed.length > 0) return { fresh: false, reason: `${changed.join(', ')} changed since the last build` };
  return { fresh: true };
}
