import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSim, type JiraSim } from './index';
import { FIXTURE_NOW, fixtureDataset } from './test-support/fixtures';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');
const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', CLI, ...args]);

describe('jira-sim CLI against a running simulator', () => {
  let sim: JiraSim;
  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', dataset: fixtureDataset('cloud'), now: () => FIXTURE_NOW });
  });
  afterAll(() => sim.close());

  it('transitions, creates and updates issues through the control API', async () => {
    await cli('transition', 'AE-3', 'Done', '--url', sim.url);
    expect(sim.store.get('AE-3')).toMatchObject({ statusId: '10001', resolution: 'Done' });
    const created = await cli('create', '--project', 'OPS', '--summary', 'From the terminal', '--type', 'Bug', '--url', sim.url, '--json');
    const key = (JSON.parse(created.stdout) as { key: string }).key;
    expect(sim.store.get(key)).toMatchObject({ summary: 'From the terminal', issueType: 'Bug' });
    await cli('update', key, '--assignee', 'priya', '--story-points', '5', '--url', sim.url);
    expect(sim.store.get(key)).toMatchObject({ storyPoints: 5, assigneeAccountId: fixtureDataset('cloud').users[1]!.accountId });
  });

  it('backdates a creation, a transition and an update', async () => {
    const created = await cli('create', '--project', 'OPS', '--summary', 'Old task', '--created', '2026-08-01T09:00:00Z', '--url', sim.url, '--json');
    const key = (JSON.parse(created.stdout) as { key: string }).key;
    await cli('transition', key, 'Done', '--at', '2026-08-20T16:00:00+02:00', '--url', sim.url);
    expect(sim.store.get(key)).toMatchObject({ created: '2026-08-01T09:00:00.000Z', resolutionDate: '2026-08-20T14:00:00.000Z', statusCategoryChangedAt: '2026-08-20T14:00:00.000Z' });
    await cli('update', key, '--summary', 'Old task, renamed', '--at', '2026-08-21T08:00:00Z', '--url', sim.url);
    expect(sim.store.get(key)).toMatchObject({ updated: '2026-08-21T08:00:00.000Z', resolutionDate: '2026-08-20T14:00:00.000Z' });
    await expect(cli('transition', key, 'To Do', '--at', 'yesterday', '--url', sim.url)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("at must be an ISO 8601 instant with a time zone, such as 2026-03-02T12:00:00Z; 'yesterday' is not one."),
    });
  });

  it('says in a sentence what a transition and a creation did; --json keeps the raw answer', async () => {
    await cli('transition', 'AE-4', 'To Do', '--url', sim.url, '--json');
    const moved = await cli('transition', 'AE-4', 'In Progress', '--url', sim.url);
    expect(moved.stdout.trim()).toBe('AE-4 moved from To Do to In Progress.');
    const done = await cli('transition', 'AE-4', 'Done', '--url', sim.url);
    expect(done.stdout.trim()).toBe('AE-4 moved from In Progress to Done (resolution Done).');
    const raw = await cli('transition', 'AE-4', 'Done', '--url', sim.url, '--json');
    expect(JSON.parse(raw.stdout)).toMatchObject({ key: 'AE-4', resolution: 'Done' });
    const created = await cli('create', '--project', 'OPS', '--summary', 'Said in words', '--type', 'Bug', '--url', sim.url);
    expect(created.stdout.trim()).toMatch(/^Created OPS-\d+ “Said in words” \(Bug, [^)]+\)\.$/);
  });

  it('explains a bad status and exits non-zero', async () => {
    await expect(cli('transition', 'AE-3', 'Shipped', '--url', sim.url)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("Status 'Shipped' does not exist"),
    });
  });
});

describe('jira-sim CLI server', () => {
  it('starts the demo on Data Center and answers basic auth like Jira', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--mode', 'datacenter', '--port', '0', '--scenario', 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const banner = await new Promise<string>((resolve) => lines.once('line', resolve));
      const url = /listening on (\S+)/.exec(banner)![1]!;
      const response = await fetch(`${url}/rest/api/2/search?jql=${encodeURIComponent('"Epic Link" = AE-786')}&fields=summary`, {
        headers: { Authorization: `Basic ${Buffer.from('dana:dana-password').toString('base64')}` },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { total: number }).total).toBe(10);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
