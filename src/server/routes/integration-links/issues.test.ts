/**
 * GET …/integration/issues on SQLite and PostgreSQL: pages over a 1,000-issue query (every issue
 * exactly once, also while issues change key, status or membership between two page requests), the
 * search and not-done filters, points and field values, and the refusals of bad limits and cursors.
 * The query's mirror rows are written the way the sync leaves them, so each case sets up exactly
 * the rows it needs; links.test.ts covers the list after a real sync against the simulator.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import { addMembers, getPage, insertSyncedLink, seedQuery, sortKeyOf, walkPages, type SeedIssue } from '../../../../test/support/issue-list-fixtures';
import { createKeyResult, createObjective, setUpJiraWorld, type JiraWorld } from '../../../../test/support/link-fixtures';

const ISSUES = 1_000;

/** Issue ids not in key order (and of different lengths), so the list's order can only come from the ids. */
function thousandIssues(): SeedIssue[] {
  return Array.from({ length: ISSUES }, (_, i) => {
    const id = i < 10 ? i + 1 : 10_000 + ((i * 7919) % 100_000);
    const done = i % 4 === 0;
    return {
      id,
      key: `PG-${ISSUES - i}`,
      summary: `Issue #${id} ${i % 10 === 0 ? 'Billing export' : 'Search page'}`,
      status: done ? 'Done' : 'In Progress',
      statusCategory: done ? 'done' : 'indeterminate',
      resolution: done ? 'Fixed' : null,
    };
  });
}

const idOf = (summary: string): number => Number(/^Issue #(\d+)/.exec(summary)?.[1]);

describeEachDatabase('the paginated issue list of a link', (ctx) => {
  let sim: JiraSim;
  let world: JiraWorld;
  let seeded: SeedIssue[];
  let path: string;
  const hash = 'query-of-a-thousand';

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
    world = await setUpJiraWorld(ctx(), sim, 'cloud');
    seeded = thousandIssues();
    await seedQuery(ctx(), world.connectionId, hash, seeded);
    const objectiveId = await createObjective(ctx(), world, 'A thousand issues');
    await insertSyncedLink(ctx(), world, { objectiveId }, hash);
    path = `/api/v1/objectives/${objectiveId}`;
  });
  afterAll(async () => {
    await sim.close();
  });

  test('pages of 100 give every one of 1,000 issues exactly once, in Jira issue id order', async () => {
    const { items, pages } = await walkPages(ctx(), world, path, { limit: '100' });
    expect(pages).toHaveLength(10);
    expect(pages.every((page) => page.total === ISSUES)).toBe(true);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    const ids = items.map((issue) => idOf(issue.summary));
    expect(ids).toEqual(seeded.map((issue) => issue.id).sort((a, b) => a - b));
    const first = items[0];
    expect(first).toMatchObject({ key: `PG-${ISSUES}`, summary: 'Issue #1 Billing export', status: 'Done', statusCategory: 'done', done: true });
    expect(first?.url).toBe(`${sim.url}/browse/PG-${ISSUES}`);
    expect(first?.points).toBeNull();
    expect(first?.value).toBeNull();
  });

  test('the default page is 100 issues; 500 is the most one page holds, and an odd size still covers every issue once', async () => {
    const defaults = await getPage(ctx(), world, path);
    expect(defaults.items).toHaveLength(100);
    expect((await getPage(ctx(), world, path, { limit: '500' })).items).toHaveLength(500);
    const { items } = await walkPages(ctx(), world, path, { limit: '333' });
    expect(items).toHaveLength(ISSUES);
    expect(new Set(items.map((issue) => issue.summary)).size).toBe(ISSUES);
  });

  test('issues changing key, status and membership between page requests: each issue that stays is listed exactly once', async () => {
    const moveHash = 'query-that-moves';
    const issues = thousandIssues().map((issue) => ({ ...issue, id: issue.id + 1_000_000, summary: `Issue #${issue.id + 1_000_000} on the move` }));
    await seedQuery(ctx(), world.connectionId, moveHash, issues);
    const objectiveId = await createObjective(ctx(), world, 'Issues on the move');
    await insertSyncedLink(ctx(), world, { objectiveId }, moveHash);
    const movePath = `/api/v1/objectives/${objectiveId}`;
    const ordered = [...issues].sort((a, b) => a.id - b.id);
    const left = new Set<number>();
    const leftUnseen = new Set<number>();
    const joinedBehind = new Set<number>();
    const joinedAhead = new Set<number>();

    const { items } = await walkPages(ctx(), world, movePath, { limit: '100' }, async (pageNumber) => {
      const seenUpTo = pageNumber * 100;
      const db = ctx().db;
      // Issues on both sides of the cursor move to another project (new key) and change status.
      for (const offset of [-50, -1, 0, 1, 50]) {
        const issue = ordered[seenUpTo + offset];
        if (!issue) continue;
        await db.updateTable('jira_issues').set({ issue_key: `MOVED-${issue.id}-${pageNumber}` }).where('issue_id', '=', String(issue.id)).execute();
        await db
          .updateTable('jira_query_issues')
          .set({ status: 'Done', status_category: 'done', has_resolution: 1 })
          .where('query_hash', '=', moveHash)
          .where('issue_id', '=', String(issue.id))
          .execute();
      }
      // One issue not listed yet and one already listed leave the query.
      const unseen = ordered[seenUpTo + 10];
      if (unseen) leftUnseen.add(unseen.id);
      for (const issue of [unseen, ordered[seenUpTo - 10]]) {
        if (!issue) continue;
        left.add(issue.id);
        await db.updateTable('jira_query_issues').set({ left_generation: pageNumber + 1 }).where('query_hash', '=', moveHash).where('issue_id', '=', String(issue.id)).execute();
      }
      // One issue joins behind the cursor (a low id) and one ahead of it.
      // (Ids 1,000,001-1,000,010 are listed first, then 1,010,000 and up: 1,000,100 + n sorts before the cursor.)
      const behindId = 1_000_100 + pageNumber;
      const aheadId = 5_000_000 + pageNumber;
      const behind = { id: behindId, key: `NEW-B${pageNumber}`, summary: `Issue #${behindId} behind` };
      const ahead = { id: aheadId, key: `NEW-A${pageNumber}`, summary: `Issue #${aheadId} ahead` };
      joinedBehind.add(behindId);
      joinedAhead.add(aheadId);
      await addMembers(ctx(), world.connectionId, moveHash, [behind, ahead], pageNumber + 1);
    });

    const ids = items.map((issue) => idOf(issue.summary));
    expect(new Set(ids).size).toBe(ids.length);
    const stayed = issues.filter((issue) => !left.has(issue.id)).map((issue) => issue.id);
    for (const id of stayed) expect(ids).toContain(id);
    for (const id of leftUnseen) expect(ids).not.toContain(id);
    // Issues that joined ahead of the cursor are reached; those behind it wait for the next walk.
    for (const id of joinedAhead) expect(ids).toContain(id);
    for (const id of joinedBehind) expect(ids).not.toContain(id);
    expect(joinedAhead.size).toBeGreaterThan(5);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(items.filter((issue) => issue.key.startsWith('MOVED-')).length).toBeGreaterThan(0);
  });

  test('notDone=true lists the open ones by the link\'s rule on every page, and q narrows by key or summary, ignoring case', async () => {
    const open = await walkPages(ctx(), world, path, { limit: '100', notDone: 'true' });
    expect(open.items).toHaveLength(750);
    expect(open.pages[0]?.total).toBe(750);
    expect(open.items.every((issue) => !issue.done && issue.status === 'In Progress')).toBe(true);

    const billing = await walkPages(ctx(), world, path, { limit: '30', q: 'bILLING eXPORT' });
    expect(billing.items).toHaveLength(100);
    expect(billing.pages[0]?.total).toBe(100);
    expect(billing.items.every((issue) => issue.summary.includes('Billing export'))).toBe(true);

    const byKey = await getPage(ctx(), world, path, { q: 'pg-99', limit: '500' });
    expect(byKey.items.map((issue) => issue.key).sort()).toEqual(['PG-99', ...Array.from({ length: 10 }, (_, i) => `PG-99${i}`)].sort());
    expect(byKey.total).toBe(11);

    // Both filters at once: billing issues i % 10 === 0 are done when i % 4 === 0 too (i % 20 === 0).
    const openBilling = await getPage(ctx(), world, path, { q: 'billing', notDone: 'true', limit: '500' });
    expect(openBilling.total).toBe(50);
    expect(openBilling.items.every((issue) => !issue.done)).toBe(true);
  });

  test('search text is literal: % and _ match themselves, and non-ASCII summaries are found', async () => {
    const textHash = 'query-with-odd-text';
    await seedQuery(ctx(), world.connectionId, textHash, [
      { id: 7_000_001, key: 'TX-1', summary: '100% done_flag' },
      { id: 7_000_002, key: 'TX-2', summary: '1000 doneXflag' },
      { id: 7_000_003, key: 'TX-3', summary: 'Équipe Zürich' },
    ]);
    const objectiveId = await createObjective(ctx(), world, 'Odd text');
    await insertSyncedLink(ctx(), world, { objectiveId }, textHash);
    const textPath = `/api/v1/objectives/${objectiveId}`;
    const keys = async (q: string) => (await getPage(ctx(), world, textPath, { q })).items.map((issue) => issue.key);
    expect(await keys('0%')).toEqual(['TX-1']);
    expect(await keys('done_')).toEqual(['TX-1']);
    expect(await keys('Équipe')).toEqual(['TX-3']);
    expect(await keys('zürich')).toEqual(['TX-3']);
    expect(await keys('   ')).toEqual(['TX-1', 'TX-2', 'TX-3']);
  });

  describe('done rules, points and field values', () => {
    const ruleHash = 'query-for-rules';
    const issues: SeedIssue[] = [
      { id: 8_000_001, key: 'RL-1', summary: 'Closed, resolved', status: 'Closed', statusCategory: 'done', resolution: 'Fixed', storyPoints: 5, numericFields: { customfield_10200: 8 } },
      { id: 8_000_002, key: 'RL-2', summary: 'Done, no resolution', status: 'Done', statusCategory: 'done', storyPoints: 3, numericFields: { customfield_10200: null } },
      { id: 8_000_003, key: 'RL-3', summary: 'Won\'t do, resolved', status: 'Won\'t Do', statusCategory: 'new', resolution: 'Won\'t Do', storyPoints: null },
      { id: 8_000_004, key: 'RL-4', summary: 'Open', status: ' in review ', statusCategory: 'indeterminate', storyPoints: 2, numericFields: { customfield_10200: 1.5, other: 4 } },
    ];
    beforeAll(async () => {
      await seedQuery(ctx(), world.connectionId, ruleHash, issues);
    });

    const linked = async (definition: Parameters<typeof insertSyncedLink>[4]): Promise<string> => {
      const objectiveId = await createObjective(ctx(), world, `Rules ${JSON.stringify(definition)}`);
      await insertSyncedLink(ctx(), world, { objectiveId }, ruleHash, definition);
      return `/api/v1/objectives/${objectiveId}`;
    };
    const openKeys = async (linkPath: string) => (await getPage(ctx(), world, linkPath, { notDone: 'true' })).items.map((issue) => issue.key);

    test('status category (the default), resolution and status names each decide done and notDone', async () => {
      const byCategory = await linked({});
      expect((await getPage(ctx(), world, byCategory)).items.map((issue) => issue.done)).toEqual([true, true, false, false]);
      expect(await openKeys(byCategory)).toEqual(['RL-3', 'RL-4']);

      const byResolution = await linked({ options: { doneRule: { type: 'resolution' } } });
      expect(await openKeys(byResolution)).toEqual(['RL-2', 'RL-4']);

      // Names compare trimmed and ignoring case, on both sides.
      const byNames = await linked({ options: { doneRule: { type: 'statuses', statuses: ['closed', ' IN REVIEW'] } } });
      expect((await getPage(ctx(), world, byNames)).items.map((issue) => issue.done)).toEqual([true, false, false, true]);
      const open = await getPage(ctx(), world, byNames, { notDone: 'true' });
      expect(open.items.map((issue) => issue.key)).toEqual(['RL-2', 'RL-3']);
      expect(open.total).toBe(2);
    });

    test('points_done links show story points, field_sum links the field\'s value, other metrics neither', async () => {
      const points = await getPage(ctx(), world, await linked({ metric: 'points_done', options: { targetValue: 10 } }));
      expect(points.items.map((issue) => [issue.points, issue.value])).toEqual([[5, null], [3, null], [null, null], [2, null]]);
      const field = await getPage(ctx(), world, await linked({ metric: 'field_sum', options: { field: 'customfield_10200' } }));
      expect(field.items.map((issue) => [issue.points, issue.value])).toEqual([[null, 8], [null, null], [null, null], [null, 1.5]]);
      const plain = await getPage(ctx(), world, await linked({ metric: 'done_count' }));
      expect(plain.items.every((issue) => issue.points === null && issue.value === null)).toBe(true);
      expect(plain.items[0]).toMatchObject({ resolvedAt: expect.any(String), assignee: null });
      expect(plain.items[1]).toMatchObject({ resolvedAt: null, assignee: 'Person 2' });
    });

    test('a key result\'s link lists its issues under /key-results/:id too', async () => {
      const objectiveId = await createObjective(ctx(), world, 'Parent of a linked key result');
      const keyResultId = await createKeyResult(ctx(), world, objectiveId, { title: 'Close the rule issues', startValue: 0, targetValue: 4 });
      await insertSyncedLink(ctx(), world, { keyResultId }, ruleHash);
      const page = await getPage(ctx(), world, `/api/v1/key-results/${keyResultId}`, { limit: '2' });
      expect(page).toMatchObject({ total: 4, items: [{ key: 'RL-1' }, { key: 'RL-2' }] });
      const next = await getPage(ctx(), world, `/api/v1/key-results/${keyResultId}`, { limit: '2', cursor: page.nextCursor ?? '' });
      expect(next).toMatchObject({ total: 4, nextCursor: null, items: [{ key: 'RL-3' }, { key: 'RL-4' }] });
    });
  });

  test('a link that never synced lists nothing; an item without a link is a 404', async () => {
    const objectiveId = await createObjective(ctx(), world, 'Never synced');
    await insertSyncedLink(ctx(), world, { objectiveId }, null);
    expect(await getPage(ctx(), world, `/api/v1/objectives/${objectiveId}`)).toEqual({ items: [], nextCursor: null, total: 0 });
    const bare = await createObjective(ctx(), world, 'Not linked');
    const response = await ctx().request('GET', `/api/v1/objectives/${bare}/integration/issues`, { as: world.member });
    expect(response.statusCode).toBe(404);
  });

  test('limits outside 1..500, and cursors the list did not hand out, are 400s naming the parameter', async () => {
    const refused = async (query: string, field: string) => {
      const response = await ctx().request('GET', `${path}/integration/issues?${query}`, { as: world.member });
      expect(response.statusCode, query).toBe(400);
      const body = response.json<{ error: { code: string; fields: Array<{ field: string; message: string }> } }>();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.fields.map((problem) => problem.field)).toEqual([field]);
      return body.error.fields[0]?.message ?? '';
    };
    expect(await refused('limit=0', 'limit')).toMatch(/at least 1/);
    expect(await refused('limit=501', 'limit')).toMatch(/at most 500/);
    await refused('limit=1.5', 'limit');
    await refused('limit=ten', 'limit');
    expect(await refused('cursor=not%20a%20cursor', 'cursor')).toMatch(/nextCursor/);
    await refused(`cursor=${Buffer.from('PG-12').toString('base64url')}`, 'cursor');
    await refused(`cursor=${'A'.repeat(300)}`, 'cursor');
    await refused('notDone=yes', 'notDone');
    await refused(`q=${'x'.repeat(201)}`, 'q');
    // The bounds themselves are fine, and a real cursor's next page starts after it.
    expect((await getPage(ctx(), world, path, { limit: '1' })).items).toHaveLength(1);
    const cursor = Buffer.from(sortKeyOf(10), 'utf8').toString('base64url');
    const afterTen = await getPage(ctx(), world, path, { limit: '1', cursor });
    expect(afterTen.items.map((issue) => idOf(issue.summary))[0]).toBeGreaterThan(10);
  });
});
