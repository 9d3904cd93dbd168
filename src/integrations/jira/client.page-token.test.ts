/**
 * Jira Cloud refusing its own page token in the middle of a walk ("The provided next page token is
 * invalid or expired."): the query is fine, so the client must not call it invalid JQL; a full
 * search starts the walk over and returns every issue once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeDataset } from '../../../jira-sim/src/scenarios/large';
import type { JiraError } from './errors';
import { PageTokenRefusedError } from './paging';
import { startSimHarness, type SimHarness } from '../../../test/support/jira-sim-harness';

describe('a page token refused mid-walk (Cloud)', () => {
  let jira: SimHarness;
  let expectedKeys: string[];

  beforeAll(async () => {
    const dataset = generateLargeDataset({ mode: 'cloud', projects: 2, issues: 600, seed: 5, users: 3 });
    jira = await startSimHarness('cloud', { dataset });
    expectedKeys = dataset.issues.filter((issue) => issue.projectKey === 'AA').map((issue) => issue.key).sort();
  });
  afterAll(() => jira.close());

  /** A fetch that makes the simulator forget every page token just before the first `times` later-page requests. */
  function expiringFetch(times: number): typeof fetch {
    let expired = 0;
    return async (input, init) => {
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { nextPageToken?: string }) : {};
      if (body.nextPageToken !== undefined && expired < times) {
        expired += 1;
        jira.sim.expireTokens();
      }
      return fetch(input, init);
    };
  }

  it('starts over and answers every issue once', async () => {
    const client = jira.client({ fetchImpl: expiringFetch(1) });
    await jira.clearRequests();
    const result = await client.collectSearch({ jql: 'project = AA', fields: ['summary'], pageSize: 100 });
    const keys = result.issues.map((issue) => issue.key ?? '?').sort();
    expect(keys).toEqual(expectedKeys);
    expect(result.consistent).toBe(true);
    expect((await jira.requests()).filter((entry) => entry.status === 400)).toHaveLength(1);
  });

  it('a single walk whose token is refused fails as a refused token, not as invalid JQL', async () => {
    const client = jira.client({ fetchImpl: expiringFetch(1) });
    const pages: number[] = [];
    const error = await (async () => {
      for await (const page of client.search({ jql: 'project = AA', fields: ['summary'], pageSize: 100 })) pages.push(page.pageNumber);
    })().catch((caught: unknown) => caught);
    expect(pages).toEqual([1]);
    expect(error).toBeInstanceOf(PageTokenRefusedError);
    expect((error as JiraError).code).toBe('bad_response');
    expect((error as JiraError).message).toContain('The provided next page token is invalid or expired.');
  });
});
