import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startJiraSim, type JiraSim } from '../index';
import { FIXTURE_NOW, fixtureDataset } from '../test-support/fixtures';

interface Received {
  headers: IncomingHttpHeaders;
  body: {
    timestamp: number;
    webhookEvent: string;
    issue_event_type_name: string;
    user?: { accountId: string };
    issue: { id: string; key: string; fields: Record<string, unknown> };
    changelog?: { id: string; items: Array<Record<string, unknown>> };
  };
}

let sim: JiraSim;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
/** Statuses the receiver answers, in order; 200 once they run out. */
let answers: number[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'] });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  sim = await startJiraSim({ mode: 'cloud', dataset: fixtureDataset('cloud'), now: () => FIXTURE_NOW });
});
afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  received.length = 0;
  answers = [];
  sim.webhooks.clear();
});

const control = (method: string, path: string, body?: unknown) =>
  fetch(`${sim.url}/_sim${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });

describe('webhooks', () => {
  it('posts jira:issue_updated with the changelog, user and delivery identifier', async () => {
    expect((await control('POST', '/webhooks', { url: receiverUrl, jql: 'project = AE' })).status).toBe(201);
    expect((await control('POST', '/issues/AE-3/transition', { status: 'Done', actor: 'priya' })).status).toBe(200);
    await sim.webhooks.idle();
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery!.headers['x-atlassian-webhook-identifier']).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivery!.body).toMatchObject({
      timestamp: FIXTURE_NOW.getTime(),
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_generic',
      user: { accountId: fixtureDataset('cloud').users[1]!.accountId },
      issue: { key: 'AE-3', fields: { status: { name: 'Done' }, resolution: { name: 'Done' } } },
    });
    expect(delivery!.body.changelog!.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'status', fromString: 'To Do', toString: 'Done', from: '10000', to: '10001' }),
        expect.objectContaining({ field: 'resolution', fromString: null, toString: 'Done' }),
      ]),
    );
  });

  it('filters by JQL and reports creations and deletions', async () => {
    await control('POST', '/webhooks', { url: receiverUrl, jql: 'project = AE' });
    await control('POST', '/issues', { projectKey: 'OPS', summary: 'not for this hook' });
    const created = (await (await control('POST', '/issues', { projectKey: 'AE', summary: 'new story', issueType: 'Story', parentKey: 'AE-1' })).json()) as { key: string };
    await control('DELETE', `/issues/${created.key}`);
    await sim.webhooks.idle();
    expect(received.map((r) => [r.body.webhookEvent, r.body.issue_event_type_name, r.body.issue.key])).toEqual([
      ['jira:issue_created', 'issue_created', created.key],
      ['jira:issue_deleted', 'issue_deleted', created.key],
    ]);
  });

  it('delivers duplicates with the same identifier when asked to', async () => {
    sim.webhooks.register({ url: receiverUrl, duplicateDeliveries: 2 });
    sim.store.update('OPS-1', { summary: 'renamed' });
    await sim.webhooks.idle();
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers['x-atlassian-webhook-identifier'])).size).toBe(1);
    expect(received[0]!.body.issue_event_type_name).toBe('issue_updated');
  });

  it('retries retryable failures with the same identifier', async () => {
    answers = [503, 429];
    sim.webhooks.register({ url: receiverUrl, retry: { maxRetries: 3, delayMs: 10 } });
    sim.store.update('OPS-2', { assigneeAccountId: fixtureDataset('cloud').users[0]!.accountId });
    await sim.webhooks.idle();
    expect(received).toHaveLength(3);
    expect(received.map((r) => r.headers['x-atlassian-webhook-retry'])).toEqual([undefined, '1', '2']);
    expect(new Set(received.map((r) => r.headers['x-atlassian-webhook-identifier'])).size).toBe(1);
    expect(received[0]!.body.issue_event_type_name).toBe('issue_assigned');
    const log = (await (await control('GET', '/webhooks/deliveries')).json()) as Array<{ status: number }>;
    expect(log.map((d) => d.status)).toEqual([503, 429, 200]);
  });

  it('does not retry a 4xx that Jira treats as final', async () => {
    answers = [400];
    sim.webhooks.register({ url: receiverUrl, retry: { maxRetries: 3, delayMs: 10 } });
    sim.store.update('OPS-3', { summary: 'x' });
    await sim.webhooks.idle();
    expect(received).toHaveLength(1);
  });
});
