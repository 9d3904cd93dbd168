import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSim } from '../../../jira-sim/src/index';
import { createJiraClient } from './client';
import { JiraError } from './errors';
import { createSafeFetch, type AddressResolver } from './safe-fetch';
import { assertSafeJiraUrl, UnsafeJiraUrlError } from './url-safety';

let server: Server;
let port: number;
let served = 0;

beforeAll(async () => {
  server = createServer((_request, response) => {
    served++;
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const answers = (...addresses: string[]): AddressResolver => {
  let call = 0;
  return async () => {
    const address = addresses[Math.min(call++, addresses.length - 1)] ?? '127.0.0.1';
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
};

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error && error.cause !== undefined ? error.cause : error;
  }
  return undefined;
}

describe('createSafeFetch', () => {
  it('connects when the name resolves to an allowed address', async () => {
    const safeFetch = createSafeFetch(answers('127.0.0.1'));
    const response = await safeFetch(`http://jira.example.test:${port}/`);
    expect(await response.text()).toBe('ok');
  });

  it('refuses to connect when the name resolves to a metadata address', async () => {
    const before = served;
    const error = await refusal(createSafeFetch(answers('169.254.169.254'))(`http://jira.example.test:${port}/`));
    expect(error).toBeInstanceOf(UnsafeJiraUrlError);
    expect((error as UnsafeJiraUrlError).reason).toBe('link_local');
    expect(served).toBe(before);
  });

  it('DNS rebinding: a name that passed the check and resolves to a blocked address at connect time is refused', async () => {
    // The first answer goes to assertSafeJiraUrl, the second to the connection.
    const rebinding = answers('127.0.0.1', '64:ff9b::a9fe:a9fe');
    const url = `http://rebind.example.test:${port}`;
    await expect(assertSafeJiraUrl(url, { lookup: rebinding })).resolves.toBe(url);
    const error = await refusal(createSafeFetch(rebinding)(`${url}/rest/api/2/serverInfo`));
    expect(error).toBeInstanceOf(UnsafeJiraUrlError);
  });
});

describe('the Jira client against DNS rebinding', () => {
  it('checks the address at connect time: a name that turns into a metadata address after the check gets no request', async () => {
    const sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo' });
    try {
      const simPort = new URL(sim.url).port;
      const client = createJiraClient({
        baseUrl: `http://jira.rebind.test:${simPort}`,
        auth: { type: 'basic', username: 'dana@example.com', secret: 'sim-api-token-dana' },
        deploymentType: 'cloud',
        retry: { maxAttempts: 1 },
        // The up-front check sees the simulator's address; every later lookup answers the metadata address.
        resolveHost: answers('127.0.0.1', '169.254.169.254'),
      });
      const error = await client.myself().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(JiraError);
      expect((error as JiraError).code).toBe('unreachable');
      expect((error as JiraError).message).toMatch(/link-local or cloud metadata/);
      expect(sim.requestLog.count()).toBe(0);

      // The same client set-up reaches Jira when the name keeps pointing at it.
      const honest = createJiraClient({
        baseUrl: `http://jira.honest.test:${simPort}`,
        auth: { type: 'basic', username: 'dana@example.com', secret: 'sim-api-token-dana' },
        deploymentType: 'cloud',
        resolveHost: answers('127.0.0.1'),
      });
      await expect(honest.myself()).resolves.toMatchObject({ displayName: 'Dana Whitfield' });
    } finally {
      await sim.close();
    }
  });
});
