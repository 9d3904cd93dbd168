/**
 * Turns on GET …/integration/issues, on SQLite and PostgreSQL: one user's pages beyond 2 at work
 * wait in that user's queue, past 16 waiting the next is refused with a 429 that says what to do,
 * another user is served meanwhile, and someone paging normally never waits.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase, type Actor } from '../../../../test/support/app-harness';
import { insertSyncedLink, seedQuery, walkPages, type SeedIssue } from '../../../../test/support/issue-list-fixtures';
import { createObjective, setUpJiraWorld, type JiraWorld } from '../../../../test/support/link-fixtures';
import type { Release } from '../../services/per-user-queue';
import { ISSUE_LIST_RUNNING_PER_USER, ISSUE_LIST_WAITING_PER_USER, issueListQueueOf } from './issue-list-queue';

const ISSUES = 45;

/** Polls for up to 20 s: under a loaded CI machine 16 requests can take seconds to reach the queue. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2_000; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describeEachDatabase('turns on the issue list, per user', (ctx) => {
  let sim: JiraSim;
  let world: JiraWorld;
  let path: string;

  const page = (as: Actor, query = 'limit=10'): Promise<LightMyRequestResponse> => ctx().request('GET', `${path}/integration/issues?${query}`, { as });

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
    world = await setUpJiraWorld(ctx(), sim, 'cloud');
    const issues: SeedIssue[] = Array.from({ length: ISSUES }, (_, i) => ({ id: 500 + i, key: `TQ-${i + 1}`, summary: `Queued issue ${i + 1}` }));
    await seedQuery(ctx(), world.connectionId, 'query-for-turns', issues);
    const objectiveId = await createObjective(ctx(), world, 'Turns on the issue list');
    await insertSyncedLink(ctx(), world, { objectiveId }, 'query-for-turns');
    path = `/api/v1/objectives/${objectiveId}`;
  });
  afterAll(async () => {
    await sim.close();
  });

  test('past 2 at work and 16 waiting, one more page from the same user is a 429 saying what to do; another user is served meanwhile', async () => {
    const queue = issueListQueueOf(ctx().db);
    const userId = world.member.user.id;
    // The member's two places are taken (as by two slow pages), so every page they ask for waits.
    const held: Release[] = [];
    for (let i = 0; i < ISSUE_LIST_RUNNING_PER_USER; i += 1) held.push(await queue.acquire(userId));
    const waiting = Array.from({ length: ISSUE_LIST_WAITING_PER_USER }, () => page(world.member));
    try {
      await until(() => queue.stats(userId).waiting === ISSUE_LIST_WAITING_PER_USER, 'the pages to queue');

      const refused = await page(world.member);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toEqual({
        error: {
          code: 'rate_limited',
          message:
            "You already have 2 issue-list requests running and 16 waiting, the most Pacer takes from one person at once. Read the pages one after another (pass each answer's nextCursor as cursor), and try again when your earlier requests have answered.",
        },
      });

      const theirs = await page(world.admin);
      expect(theirs.statusCode).toBe(200);
      expect(theirs.json<{ total: number }>().total).toBe(ISSUES);
    } finally {
      // Given back even when a check above fails, so the next test's pages are not held up.
      for (const release of held) release();
    }
    const answered = await Promise.all(waiting);
    expect(answered.map((response) => response.statusCode)).toEqual(Array.from({ length: ISSUE_LIST_WAITING_PER_USER }, () => 200));
    expect(answered.every((response) => response.json<{ items: unknown[] }>().items.length === 10)).toBe(true);
    await until(() => queue.stats(userId).running === 0, 'the places to be given back');
    expect(queue.stats(userId)).toEqual({ running: 0, waiting: 0 });
  });

  test('someone paging normally never waits: every page in turn, then two at once, and each answer gives its place back', async () => {
    const queue = issueListQueueOf(ctx().db);
    const { items, pages } = await walkPages(ctx(), world, path, { limit: '10' });
    expect(pages).toHaveLength(5);
    expect(new Set(items.map((issue) => issue.key)).size).toBe(ISSUES);
    const both = await Promise.all([page(world.member), page(world.member, 'limit=5&notDone=true')]);
    expect(both.map((response) => response.statusCode)).toEqual([200, 200]);
    await until(() => queue.stats(world.member.user.id).running === 0, 'the places to be given back');
    expect(queue.stats(world.member.user.id)).toEqual({ running: 0, waiting: 0 });
  });
});
