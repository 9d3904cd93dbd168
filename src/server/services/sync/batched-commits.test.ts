/**
 * Links sharing a query are committed together, on SQLite and PostgreSQL: a link whose lease was
 * lost is skipped without touching the others, and a link whose commit fails in the database
 * rolls back only itself (the batch is redone link by link), its lease given back so it stays due.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import type { SyncTrigger } from '../../db/repositories/sync-runs-repository';
import {
  BUG_EPIC,
  CAMPAIGN_EPIC,
  createObjective,
  epicJql,
  expectOk,
  linkItem,
  putLink,
  runsOf,
  setUpJiraWorld,
  syncDepsOf,
  type JiraWorld,
} from '../../../../test/support/link-fixtures';
import { syncClaimedLinks } from './sync-engine';
import { claimDueLinks } from './sync-rounds';

const later = () => new Date(Date.now() + 2 * 86_400_000);

describeEachDatabase('commits of links sharing a query', (ctx) => {
  let sim: JiraSim;
  let world: JiraWorld;

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo' });
    world = await setUpJiraWorld(ctx(), sim, 'cloud');
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await ctx().db.deleteFrom('integration_links').execute();
  });

  /** Three objectives linked to the same epic; answers their paths in link order. */
  const threeLinks = async (label: string): Promise<string[]> => {
    const paths: string[] = [];
    for (const n of [1, 2, 3]) {
      const path = `/api/v1/objectives/${await createObjective(ctx(), world, `${label} ${n}`)}`;
      await linkItem(ctx(), world, path, { jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' });
      paths.push(path);
    }
    return paths;
  };
  const linkIdOf = async (path: string) => {
    const row = await ctx().db.selectFrom('integration_links').select('id').where('objective_id', '=', path.split('/').pop() ?? '').executeTakeFirstOrThrow();
    return row.id;
  };

  test('a lost lease skips only its link', async () => {
    const paths = await threeLinks('Lease');
    const claimed = await claimDueLinks(syncDepsOf(ctx()), later());
    expect(claimed.links).toHaveLength(3);
    // An edit while the round is in flight takes the second link's lease away.
    expectOk(await putLink(ctx(), world, paths[1] ?? '', { jql: epicJql('cloud', BUG_EPIC), metric: 'percent_done' }));
    const jobs = claimed.links.map((link) => ({ spec: link, owner: claimed.owner, trigger: 'schedule' as const, note: '' }));
    const batch = await syncClaimedLinks(syncDepsOf(ctx()), jobs);
    const edited = await linkIdOf(paths[1] ?? '');
    for (const outcome of batch.outcomes) expect(outcome.run === null).toBe(outcome.linkId === edited);
    expect((await runsOf(ctx(), world, paths[0] ?? '')).map((run) => run.trigger)).toEqual(['schedule', 'created']);
    expect((await runsOf(ctx(), world, paths[1] ?? '')).map((run) => run.trigger)).toEqual(['edited', 'created']);
    expect((await runsOf(ctx(), world, paths[2] ?? '')).map((run) => run.trigger)).toEqual(['schedule', 'created']);
  });

  test("a link whose commit fails in the database costs only that link, which stays due", async () => {
    const paths = await threeLinks('Failing');
    const claimed = await claimDueLinks(syncDepsOf(ctx()), later());
    const broken = await linkIdOf(paths[1] ?? '');
    // A trigger the run table's CHECK constraint refuses: that link's commit fails inside the batch.
    const jobs = claimed.links.map((link) => ({ spec: link, owner: claimed.owner, trigger: (link.id === broken ? 'bogus' : 'schedule') as SyncTrigger, note: '' }));
    const errors: unknown[] = [];
    const batch = await syncClaimedLinks({ ...syncDepsOf(ctx()), log: { error: (context) => errors.push(context) } }, jobs);
    for (const outcome of batch.outcomes) expect(outcome.run === null).toBe(outcome.linkId === broken);
    expect(errors).toHaveLength(1);
    expect((await runsOf(ctx(), world, paths[0] ?? '')).map((run) => run.trigger)).toEqual(['schedule', 'created']);
    expect((await runsOf(ctx(), world, paths[1] ?? '')).map((run) => run.trigger)).toEqual(['created']);
    expect((await runsOf(ctx(), world, paths[2] ?? '')).map((run) => run.trigger)).toEqual(['schedule', 'created']);
    const link = await ctx().db.selectFrom('integration_links').select(['sync_state', 'lease_owner', 'next_due_at']).where('id', '=', broken).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ sync_state: 'idle', lease_owner: null });
    expect(link.next_due_at <= later().toISOString()).toBe(true);
  });
});
