/**
 * `npm start`, `npm run serve`, `npm run worker`: runs the compiled server (dist/server/main.js)
 * with plain `node`. When dist/ is missing or older than the sources it runs `npm run build` first,
 * so `npm ci && npm start` works on a fresh checkout while a restart costs no build.
 *
 *   node tools/start.mjs [all|serve|worker]      (arguments go to the server unchanged)
 *
 * The server runs in this process (imported, not spawned): signals reach it directly and there is
 * no second Node to keep in memory.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildFreshness } from './build-freshness.mjs';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const freshness = buildFreshness(root);
if (!freshness.fresh) {
  process.stderr.write(`Building Pacer first (${freshness.reason}): npm run build\n`);
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write(`Pacer cannot start: the build failed (exit code ${build.status ?? build.signal}). Fix the error above, or run npm ci if dependencies are missing.\n`);
    process.exit(1);
  }
}
// Stack traces point at src/…/*.ts lines, not at the bundle (esbuild writes main.js.map).
process.setSourceMapsEnabled(true);
await import(pathToFileURL(path.join(root, 'dist/server/main.js')).href);
