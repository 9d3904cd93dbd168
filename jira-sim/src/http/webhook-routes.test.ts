import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startJiraSim, type JiraSim } from '../index';
import type { DeploymentMode } from '../model';

let receiver: Server;
let receiverUrl: string;
const received: Array<{ event: string; key: string }> = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { webhookEvent: string; issue: { key: string } };
      received.push({ event: body.webhookEvent, key: body.issue.key });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  received.length = 0;
});

const NOW = new Date('2026-03-02T12:00:00.000Z');

async function post(sim: JiraSim, path: string, user: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { Authorization: sim.authorizationFor(user), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

const legacyBody = (jql = '') => ({
  name: 'Pacer',
  url: receiverUrl,
  events: ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted', 'comment_created'],
  filters: { 'issue-related-events-section': jql },
  excludeBody: false,
});

async function changeAndWait(sim: JiraSim, key: string): Promise<void> {
  sim.store.update(key, { summary: `Changed ${key}` });
  await sim.webhooks.idle();
}

for (const mode of ['cloud', 'datacenter'] as DeploymentMode[]) {
  describe(`Jira's webhook registration API [${mode}]`, () => {
    let sim: JiraSim;
    beforeAll(async () => {
      sim = await startJiraSim({ mode, scenario: 'demo', now: () => NOW });
    });
    afterAll(async () => sim.close());
    beforeEach(() => sim.webhooks.clear());

    it('an administrator registers an admin webhook at /rest/webhooks/1.0/webhook, and it delivers', async () => {
      const created = await post(sim, '/rest/webhooks/1.0/webhook', 'dana', legacyBody('project = AE'));
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ name: 'Pacer', url: receiverUrl, enabled: true, filters: { 'issue-related-events-section': 'project = AE' } });
      expect((created.json as { self: string }).self).toMatch(/\/rest\/webhooks\/1\.0\/webhook\/\d+$/);
      expect(sim.webhooks.list()).toEqual([expect.objectContaining({ url: receiverUrl, jql: 'project = AE', name: 'Pacer' })]);

      await changeAndWait(sim, 'AE-790');
      await changeAndWait(sim, 'OPS-1');
      expect(received).toEqual([{ event: 'jira:issue_updated', key: 'AE-790' }]);
    });

    it('a user who is not a Jira administrator gets 403 and nothing is registered', async () => {
      const refused = await post(sim, '/rest/webhooks/1.0/webhook', 'priya', legacyBody());
      expect(refused.status).toBe(403);
      expect(JSON.stringify(refused.json)).toMatch(/administrators/);
      expect(sim.webhooks.list()).toEqual([]);
    });

    it('a webhook without a URL is refused with 400', async () => {
      expect((await post(sim, '/rest/webhooks/1.0/webhook', 'dana', { name: 'No URL' })).status).toBe(400);
    });
  });
}

describe("Data Center's webhook API by version", () => {
  let sim: JiraSim;
  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'datacenter', scenario: 'demo', now: () => NOW });
  });
  afterAll(async () => sim.close());
  beforeEach(() => {
    sim.webhooks.clear();
    sim.updateSettings({ dataCenterVersion: '9.12.15' });
  });

  it('Jira 9 has no /rest/jira-webhook/1.0/webhooks', async () => {
    expect((await post(sim, '/rest/jira-webhook/1.0/webhooks', 'dana', { name: 'Pacer', url: receiverUrl })).status).toBe(404);
  });

  it('Jira 10 registers at /rest/jira-webhook/1.0/webhooks with a configuration map, and the old path is gone', async () => {
    sim.updateSettings({ dataCenterVersion: '10.3.2' });
    const info = await fetch(`${sim.url}/rest/api/2/serverInfo`, { headers: { Authorization: sim.authorizationFor('dana') } });
    expect(await info.json()).toMatchObject({ version: '10.3.2', versionNumbers: [10, 3, 2] });

    expect((await post(sim, '/rest/webhooks/1.0/webhook', 'dana', legacyBody())).status).toBe(404);
    const created = await post(sim, '/rest/jira-webhook/1.0/webhooks', 'dana', {
      name: 'Pacer',
      url: receiverUrl,
      events: ['jira:issue_created', 'jira:issue_updated'],
      configuration: { FILTERS: 'project = OPS', EXCLUDE_BODY: 'false' },
      active: true,
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: expect.any(Number), name: 'Pacer', active: true, configuration: { FILTERS: 'project = OPS' } });

    await changeAndWait(sim, 'AE-790');
    await changeAndWait(sim, 'OPS-1');
    expect(received).toEqual([{ event: 'jira:issue_updated', key: 'OPS-1' }]);
    expect((await post(sim, '/rest/jira-webhook/1.0/webhooks', 'priya', { name: 'x', url: receiverUrl })).status).toBe(403);
  });
});
