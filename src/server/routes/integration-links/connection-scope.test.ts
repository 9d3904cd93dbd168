/**
 * Per-connection Jira scope (issue 13, finding 3: a member's `created >= -10000d` read everything the
 * connection's Jira account sees) against the Cloud and Data Center simulators on SQLite and PostgreSQL: the scope JQL is
 * ANDed onto previews, link saves and syncs (counts, keys and the issue list), a scope set later
 * reaches existing links at their next sync (they are made due), admins-only connections refuse
 * members, and a scope Jira rejects is refused naming scopeJql.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import { planDueLinks } from '../../services/sync/sync-links';
import { CONNECTIONS_URL, demoCredentials, expectRefusal, type SimMode } from '../../../../test/support/jira-connection-fixtures';
import { createObjective, expectOk, linkItem, putLink, refresh, setUpJiraWorld, syncDepsOf, type JiraWorld } from '../../../../test/support/link-fixtures';
import type { LinkIssuePage, PreviewResult } from '../../../contract/links';

const BROAD = 'created >= -10000d';
const PREVIEW_URL = '/api/v1/integrations/jira/preview';

type PreviewDto = PreviewResult;

type IssuePageDto = LinkIssuePage;

for (const mode of ['cloud', 'datacenter'] as const satisfies readonly SimMode[]) {
  describeEachDatabase(`Jira scope per connection against a ${mode} simulator`, (ctx) => {
    let sim: JiraSim;
    let world: JiraWorld;
    /** What the connection's Jira account sees in all, and in project OPS. */
    let everything: number;
    let opsKeys: string[];

    beforeAll(async () => {
      sim = await startJiraSim({ mode, port: 0, scenario: 'demo', control: true });
      world = await setUpJiraWorld(ctx(), sim, mode);
      everything = (await preview(world.admin, BROAD)).total ?? 0;
      const ops = await preview(world.admin, 'project = OPS');
      opsKeys = ops.issues.map((issue) => issue.key);
      // The point of the test: OPS is a small part of what the account sees, and fits on one preview page.
      expect(ops.total).toBe(opsKeys.length);
      expect(opsKeys.length).toBeGreaterThan(0);
      expect(everything).toBeGreaterThan(opsKeys.length);
    });
    afterAll(async () => {
      await sim.close();
    });

    async function preview(as: JiraWorld['admin'], jql: string): Promise<PreviewDto> {
      const response = await ctx().request('POST', PREVIEW_URL, { as, body: { connectionId: world.connectionId, jql, metric: 'percent_done' } });
      expectOk(response);
      return response.json<PreviewDto>();
    }

    function setConnection(body: Record<string, unknown>) {
      return ctx().request('PATCH', `${CONNECTIONS_URL}/${world.connectionId}`, { as: world.admin, body });
    }

    async function issueList(path: string): Promise<IssuePageDto> {
      const response = await ctx().request('GET', `${path}/integration/issues?limit=500`, { as: world.member });
      expectOk(response);
      return response.json<IssuePageDto>();
    }

    test('a sync of a link made before the scope honours it: the change makes the link due, its next sync sees only the scope', async () => {
      await setConnection({ scopeJql: null });
      const objectiveId = await createObjective(ctx(), world, 'Linked before the scope');
      const path = `/api/v1/objectives/${objectiveId}`;
      expect((await linkItem(ctx(), world, path, { jql: BROAD, metric: 'percent_done' })).total).toBe(everything);

      const changed = await setConnection({ scopeJql: 'project = OPS' });
      expectOk(changed);
      expect(changed.json()).toMatchObject({ scopeJql: 'project = OPS', linkAccess: 'everyone' });
      const plan = await planDueLinks(syncDepsOf(ctx()), new Date());
      expect(plan.groups.flatMap((group) => group.linkIds)).toContain((await ctx().request('GET', `${path}/integration`, { as: world.member })).json<{ id: string }>().id);

      const { link } = await refresh(ctx(), world, path);
      expect(link.total).toBe(opsKeys.length);
      const listed = await issueList(path);
      expect(listed.total).toBe(opsKeys.length);
      expect(listed.items.map((issue) => issue.key).sort()).toEqual([...opsKeys].sort());
    });

    test("a member's broad preview and link see only issues inside the scope (counts and keys)", async () => {
      expectOk(await setConnection({ scopeJql: 'project = OPS' }));
      const previewed = await preview(world.member, BROAD);
      expect(previewed.valid).toBe(true);
      expect(previewed.total).toBe(opsKeys.length);
      expect(previewed.issues.map((issue) => issue.key).sort()).toEqual([...opsKeys].sort());
      expect(previewed.jql).toBe(`(project = OPS) AND (${BROAD})`);

      // A stray parenthesis cannot close the scope's: the query stays malformed and Jira rejects it.
      const escape = await preview(world.member, `${BROAD}) OR (project = WEB`);
      expect(escape.valid).toBe(false);
      expect(escape.issues).toEqual([]);

      const objectiveId = await createObjective(ctx(), world, 'Linked within the scope');
      const path = `/api/v1/objectives/${objectiveId}`;
      const link = await linkItem(ctx(), world, path, { jql: `${BROAD} ORDER BY key DESC`, metric: 'percent_done' });
      expect(link.total).toBe(opsKeys.length);
      const listed = await issueList(path);
      expect(listed.total).toBe(opsKeys.length);
      expect(listed.items.every((issue) => issue.key.startsWith('OPS-'))).toBe(true);
    });

    test('an admins-only connection refuses members (403) and is left out of the list they choose from', async () => {
      const closed = await setConnection({ linkAccess: 'admins' });
      expectOk(closed);
      expect(closed.json()).toMatchObject({ linkAccess: 'admins' });
      const listed = await ctx().request('GET', CONNECTIONS_URL, { as: world.member });
      expectOk(listed);
      expect(listed.json<Array<{ id: string }>>().map((c) => c.id)).not.toContain(world.connectionId);

      const previewed = await ctx().request('POST', PREVIEW_URL, { as: world.member, body: { connectionId: world.connectionId, jql: BROAD, metric: 'percent_done' } });
      expect(expectRefusal(previewed, 403, 'forbidden').message).toContain('Only admins');
      const objectiveId = await createObjective(ctx(), world, 'Not for members');
      expectRefusal(await putLink(ctx(), world, `/api/v1/objectives/${objectiveId}`, { jql: BROAD, metric: 'percent_done' }), 403, 'forbidden');
      expect((await preview(world.admin, BROAD)).valid).toBe(true);

      expectOk(await setConnection({ linkAccess: 'everyone' }));
      expect((await preview(world.member, BROAD)).valid).toBe(true);
    });

    test('a scope Jira rejects, one with an ORDER BY or an open parenthesis is refused naming scopeJql, and nothing changes', async () => {
      expectOk(await setConnection({ scopeJql: 'project = OPS' }));
      expectRefusal(await setConnection({ scopeJql: 'project in (AE, OPS' }), 400, 'validation_failed', 'scopeJql');
      expectRefusal(await setConnection({ scopeJql: 'project = OPS ORDER BY key' }), 400, 'validation_failed', 'scopeJql');
      // Asked of Jira: its rejection is a 422 with Jira's words on scopeJql.
      expectRefusal(await setConnection({ scopeJql: 'project = = OPS' }), 422, 'jira_jql_invalid', 'scopeJql');
      const created = await ctx().request('POST', CONNECTIONS_URL, {
        as: world.admin,
        body: { name: 'Badly scoped', url: sim.url, username: demoCredentials(mode).username, secret: demoCredentials(mode).secret, scopeJql: 'nosuchfield = 1' },
      });
      expectRefusal(created, 422, 'jira_jql_invalid', 'scopeJql');
      const current = await ctx().request('GET', CONNECTIONS_URL, { as: world.admin });
      expect(current.json<Array<{ id: string; scopeJql: string | null }>>().find((c) => c.id === world.connectionId)?.scopeJql).toBe('project = OPS');
      expect(current.json<Array<{ name: string }>>().map((c) => c.name)).not.toContain('Badly scoped');
    });
  });
}
