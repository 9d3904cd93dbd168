/**
 * `npm run demo` as a person runs it: the script starts the simulator and Pacer, prints the brief's
 * two examples (30% and 95%) and a command that closes a story; after running that very command,
 * a Refresh moves the bar to 40%. Before that, the campaign epic's six weeks of Jira history give
 * its objective a burn-up and a forecast at once.
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
  child = spawn(process.execPath, ['--import', 'tsx', 'tools/demo.ts', '--port', '0', '--jira-port', '0', '--data-dir', dataDir], {
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

const DAY_MS = 86_400_000;
/** 'YYYY-MM-DD' of the UTC day `offset` days from today (the server's "today"). */
const day = (offset: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) + offset * DAY_MS).toISOString().slice(0, 10);

interface Insight {
  period: { startDate: string; endDate: string };
  series: Array<{ date: string; scope: number; done: number; source: string }>;
  forecast: { reason: string; finishDate: string | null; optimisticDate: string | null; pessimisticDate: string | null; windowDays: number; remaining: number; finishesBeforeEnd: boolean | null };
  scopeChange: { since: string; added: number; removed: number; completed: number; reopened: number };
}

test('npm run demo shows the brief\'s examples with a forecast, and closing a story in the simulator moves the bar on Refresh', async () => {
  const output = await startDemo();
  expect(output).toContain('3 of 10 stories done = 30%');
  expect(output).toContain('19 bugs done = 95%');
  const baseUrl = /running at (http:\/\/localhost:\d+)/.exec(output)?.[1] ?? '';
  const email = /Sign in as (\S+) with the password (\S+)/.exec(output);
  const command = /(npm run jira-sim -- transition AE-790 Done --url \S+)/.exec(output)?.[1] ?? '';
  expect(baseUrl).not.toBe('');
  expect(command).not.toBe('');
  // The demo data (jira-sim/src/scenarios/demo.ts): 7 open stories, 3 finished in the last 28 days
  // and no scope added in them, so ceil(7 × 28 / 3) = 66 days; the cycle runs from 41 days ago to 49 ahead.
  expect(output).toContain(`at this pace done around ${day(66)}; the cycle ends ${day(49)}`);

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

  // Six weeks of history at once: stories were added at 38, 34 and 29 days ago and finished at 26, 15 and 4.
  const insight = (await (await fetch(`${baseUrl}/api/v1/objectives/${campaigns?.id}/integration/insight`, { headers: { Cookie: cookie } })).json()) as Insight;
  expect(insight.period).toEqual({ startDate: day(-41), endDate: day(49) });
  expect(insight.series).toHaveLength(42);
  const at = (offset: number) => insight.series.find((point) => point.date === day(offset));
  expect(at(-41)).toMatchObject({ scope: 7, done: 0, source: 'backfill' });
  expect(at(-38)).toMatchObject({ scope: 8, done: 0 });
  expect(at(-29)).toMatchObject({ scope: 10, done: 0 });
  expect(at(-26)).toMatchObject({ scope: 10, done: 1 });
  expect(at(-15)).toMatchObject({ scope: 10, done: 2 });
  expect(at(-4)).toMatchObject({ scope: 10, done: 3 });
  expect(at(0)).toMatchObject({ scope: 10, done: 3, source: 'recorded' });
  // The fastest 7-day window finished one story (7 days a story: on the cycle's last day); one week finished none.
  expect(insight.forecast).toMatchObject({ reason: 'ok', finishDate: day(66), optimisticDate: day(49), pessimisticDate: null, windowDays: 28, remaining: 7, finishesBeforeEnd: false });
  expect(insight.scopeChange).toEqual({ since: day(-41), added: 3, removed: 0, completed: 3, reopened: 0 });

  // The printed command, exactly as a person would paste it.
  const transition = spawnSync('npm', command.split(' ').slice(1), { cwd: repoRoot, encoding: 'utf8' });
  expect(transition.status, transition.stderr).toBe(0);
  const refreshed = await fetch(`${baseUrl}/api/v1/objectives/${campaigns?.id}/integration/refresh`, { method: 'POST', headers: { ...headers, Cookie: cookie } });
  const body = (await refreshed.json()) as { link: { progress: number }; run: { newlyDoneKeys: string[] } };
  expect(body.link.progress).toBe(0.4);
  expect(body.run.newlyDoneKeys).toEqual(['AE-790']);
}, 90_000);
