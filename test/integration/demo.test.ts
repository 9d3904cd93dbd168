/**
 * `npm run demo` as a person runs it: the script starts the simulator and Pacer, prints the brief's
 * two examples (30% and 95%) and a command that closes a story; after running that very command,
 * a Refresh moves the bar to 40%.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-demo-'));
let child: ChildProcess | null = null;

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function startDemo(): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server/demo.ts', '--port', '0', '--jira-port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const deadline = Date.now() + 40_000;
  while (!output.includes('Press Ctrl+C')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The demo did not start. Its output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return output;
}

test('npm run demo shows the brief\'s examples, and closing a story in the simulator moves the bar on Refresh', async () => {
  const output = await startDemo();
  expect(output).toContain('3 of 10 stories done = 30%');
  expect(output).toContain('19 bugs done = 95%');
  const baseUrl = /running at (http:\/\/localhost:\d+)/.exec(output)?.[1] ?? '';
  const email = /Sign in as (\S+) with the password (\S+)/.exec(output);
  const command = /(npm run jira-sim -- transition AE-790 Done --url \S+)/.exec(output)?.[1] ?? '';
  expect(baseUrl).not.toBe('');
  expect(command).not.toBe('');

  // The printed command, exactly as a person would paste it.
  const transition = spawnSync('npm', command.split(' ').slice(1), { cwd: repoRoot, encoding: 'utf8' });
  expect(transition.status, transition.stderr).toBe(0);

  const headers = { 'Content-Type': 'application/json', Origin: baseUrl };
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers, body: JSON.stringify({ email: email?.[1], password: email?.[2] }) });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const cycles = (await (await fetch(`${baseUrl}/api/v1/cycles`, { headers: { Cookie: cookie } })).json()) as Array<{ id: string }>;
  const objectives = (await (await fetch(`${baseUrl}/api/v1/objectives?cycleId=${cycles[0]?.id}`, { headers: { Cookie: cookie } })).json()) as Array<{
    id: string;
    title: string;
    progress: number;
  }>;
  const campaigns = objectives.find((objective) => objective.title === 'Ship feature Email Campaigns');
  expect(campaigns?.progress).toBe(0.3);
  const refreshed = await fetch(`${baseUrl}/api/v1/objectives/${campaigns?.id}/integration/refresh`, { method: 'POST', headers: { ...headers, Cookie: cookie } });
  const body = (await refreshed.json()) as { link: { progress: number }; run: { newlyDoneKeys: string[] } };
  expect(body.link.progress).toBe(0.4);
  expect(body.run.newlyDoneKeys).toEqual(['AE-790']);
}, 90_000);
