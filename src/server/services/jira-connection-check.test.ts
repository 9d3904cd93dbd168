/**
 * A connection is accepted on an authenticated call (`/myself`), never on `/serverInfo`: Jira
 * answers serverInfo to anyone (issue 15; the simulator does so too now), so a Jira — or a proxy
 * in front of it — that answers it with 200 and no AUTHENTICATED_FAILED mark must not make a wrong
 * token look right.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkJiraConnection } from './jira-connection-check';

const EMAIL = 'dana@example.com';
const TOKEN = 'the-right-token';
const RIGHT = `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`;

let jira: Server;
let url = '';
const calls: string[] = [];

beforeAll(async () => {
  // A Jira Cloud reduced to the two calls of a check, serverInfo open to anyone as on a real site.
  jira = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    calls.push(`${path} ${request.headers.authorization === RIGHT ? 'right' : 'wrong'}`);
    if (path.endsWith('/serverInfo')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ baseUrl: url, version: '1001.0.0-SNAPSHOT', deploymentType: 'Cloud', serverTitle: 'Jira' }));
    } else if (path.endsWith('/myself') && request.headers.authorization === RIGHT) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Dana Developer', emailAddress: EMAIL, active: true }));
    } else {
      response.writeHead(401, { 'content-type': 'text/plain;charset=UTF-8' });
      response.end('Client must be authenticated to access this resource.');
    }
  });
  await new Promise<void>((resolve) => jira.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(jira.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => jira.close(resolve));
});

test('a wrong token is refused although serverInfo answered 200', async () => {
  calls.length = 0;
  const result = await checkJiraConnection({ url, authType: 'basic', username: EMAIL, secret: 'a-wrong-token' }, { allowLinkLocal: false });
  expect(calls).toEqual(['/rest/api/2/serverInfo wrong', '/rest/api/3/myself wrong']);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe('jira_auth_failed');
  expect(result.fields.map((problem) => problem.field)).toContain('secret');
  expect(result.message).not.toContain('a-wrong-token');
});

test('the right token is accepted, as the user /myself names', async () => {
  const result = await checkJiraConnection({ url, authType: 'basic', username: EMAIL, secret: TOKEN }, { allowLinkLocal: false });
  expect(result).toMatchObject({ ok: true, identity: { deploymentType: 'cloud', jiraUserName: 'Dana Developer', jiraAccountId: '5b10ac8d82e05b22cc7d4ef5' } });
});
