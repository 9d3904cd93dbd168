/**
 * The server's start-up Node options are given in places that must agree: the npm scripts that
 * start it, the deployment guide's service examples, main.ts's usage line, and (through this
 * module) the benchmark and the production-start test that measure it as it runs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { SERVER_NODE_FLAGS } from './server-node-flags.mjs';

const root = path.resolve(import.meta.dirname, '..');
const flags = SERVER_NODE_FLAGS.join(' ');

test('npm start, serve and worker start node with the server flags', () => {
  const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(scripts.start).toBe(`node ${flags} tools/start.mjs`);
  expect(scripts.serve).toBe(`node ${flags} tools/start.mjs serve`);
  expect(scripts.worker).toBe(`node ${flags} tools/start.mjs worker`);
});

test.each(['docs/DEPLOYMENT.md', 'src/server/main.ts'])('every way %s runs the compiled server passes the flags', (file) => {
  const text = readFileSync(path.join(root, file), 'utf8');
  const runs = text.match(/node(?: [^\s`]+)* dist\/server\/main\.js/g) ?? [];
  expect(runs.length).toBeGreaterThan(0);
  for (const run of runs) expect(run.includes(flags), `"${run}" lacks ${flags}`).toBe(true);
});
