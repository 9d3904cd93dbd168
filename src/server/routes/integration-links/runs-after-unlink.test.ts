/**
 * An item's sync runs belong to the item: unlinking keeps them (its activity and history keep the
 * Jira period), linking again adds to them, and deleting the item removes them.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import {
  BUG_EPIC,
  CAMPAIGN_EPIC,
  addStoryToEpic,
  createKeyResult,
  createObjective,
  epicJql,
  expectOk,
  linkItem,
  refresh,
  runsOf,
  setUpJiraWorld,
  type JiraWorld,
} from '../../../../test/support/link-fixtures';

describeEachDatabase('Jira sync runs after unlinking', (ctx) => {
  let sim: JiraSim;
  let world: JiraWorld;

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
    world = await setUpJiraWorld(ctx(), sim, 'cloud');
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(() => {
    sim.reset();
  });

  const unlink = async (path: string) => expectOk(await ctx().request('DELETE', `${path}/integration`, { as: world.member }), 204);

  test('an unlinked objective keeps its runs, and linking it again adds to them', async () => {
    const objectiveId = await createObjective(ctx(), world, 'Kept history');
    const path = `/api/v1/objectives/${objectiveId}`;
    await linkItem(ctx(), world, path, { jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' });
    const added = addStoryToEpic(sim, CAMPAIGN_EPIC, 'One more story');
    await refresh(ctx(), world, path);
    await unlink(path);

    const kept = await runsOf(ctx(), world, path);
    expect(kept.map((run) => run.trigger)).toEqual(['manual', 'created']);
    expect(kept[0]).toMatchObject({ outcome: 'ok', total: 11, done: 3, addedKeys: [added] });
    expect(kept[1]?.note).toMatch(/Linked to Jira by Dana Member/);

    await linkItem(ctx(), world, path, { jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' });
    expect((await runsOf(ctx(), world, path)).map((run) => run.trigger)).toEqual(['created', 'manual', 'created']);
  });

  test('an item that was never linked has no runs; an unknown one is not found', async () => {
    const objectiveId = await createObjective(ctx(), world, 'Never linked');
    expect(await runsOf(ctx(), world, `/api/v1/objectives/${objectiveId}`)).toEqual([]);
    const missing = await ctx().request('GET', `/api/v1/objectives/${crypto.randomUUID()}/integration/runs`, { as: world.member });
    expect(missing.statusCode).toBe(404);
  });

  test('deleting an unlinked key result or objective removes its runs', async () => {
    const objectiveId = await createObjective(ctx(), world, 'Deleted later');
    const objectivePath = `/api/v1/objectives/${objectiveId}`;
    const keyResultId = await createKeyResult(ctx(), world, objectiveId, { title: 'Close 20 bugs', startValue: 0, targetValue: 20 });
    const keyResultPath = `/api/v1/key-results/${keyResultId}`;
    await linkItem(ctx(), world, keyResultPath, { jql: epicJql('cloud', BUG_EPIC), metric: 'done_count' });
    await unlink(keyResultPath);
    expect((await runsOf(ctx(), world, keyResultPath)).map((run) => run.trigger)).toEqual(['created']);

    const remaining = () =>
      ctx()
        .db.selectFrom('sync_runs')
        .select('id')
        .where((eb) => eb.or([eb('objective_id', '=', objectiveId), eb('key_result_id', '=', keyResultId)]))
        .execute();
    expectOk(await ctx().request('DELETE', keyResultPath, { as: world.member }), 204);
    expect(await remaining()).toEqual([]);

    await linkItem(ctx(), world, objectivePath, { jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' });
    await unlink(objectivePath);
    expect(await remaining()).toHaveLength(1);
    expectOk(await ctx().request('DELETE', objectivePath, { as: world.member }), 204);
    expect(await remaining()).toEqual([]);
  });
});
