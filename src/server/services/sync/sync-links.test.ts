/**
 * syncLinksNow, the entry point of the request paths (refresh, refresh all), on both databases
 * against the simulator: a link another sync holds is skipped at once when the caller does not
 * wait, and synced once that sync lets go when it does (never two syncs of one link at once).
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import { releaseLease } from '../../db/repositories/integration-links-repository';
import { CAMPAIGN_EPIC, createObjective, epicJql, linkItem, setUpJiraWorld, type JiraWorld } from '../../../../test/support/link-fixtures';
import { countRuns } from '../../../../test/support/webhook-fixtures';
import { syncLinksNow } from './sync-links';
import { claimLinks } from './sync-rounds';

describeEachDatabase('syncLinksNow', (ctx) => {
  let sim: JiraSim;
  let world: JiraWorld;
  let linkId: string;
  const deps = () => ({ db: ctx().db, secretKey: ctx().secretKey });
  const manualRuns = async () => (await countRuns(ctx(), 'manual')).get(linkId) ?? 0;

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo' });
    world = await setUpJiraWorld(ctx(), sim, 'cloud');
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    const objectiveId = await createObjective(ctx(), world, 'Now');
    linkId = (await linkItem(ctx(), world, `/api/v1/objectives/${objectiveId}`, { jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' })).id;
  });

  test('a free link is synced in the request, with the trigger and note given', async () => {
    const result = await syncLinksNow(deps(), [linkId, linkId], 'manual', 'Refreshed by a test');
    expect(result).toMatchObject({ claimed: 1, busy: [] });
    expect(result.batch.outcomes[0]?.run).toMatchObject({ outcome: 'ok', trigger: 'manual', note: 'Refreshed by a test' });
    expect(await manualRuns()).toBe(1);
  });

  test('a held link is skipped without waiting, and synced once its holder lets go when the caller waits', async () => {
    const held = await claimLinks({ db: ctx().db }, [linkId], new Date());
    expect(await syncLinksNow(deps(), [linkId], 'manual', '')).toMatchObject({ claimed: 0, busy: [linkId] });
    expect(await manualRuns()).toBe(0);

    const waiting = syncLinksNow(deps(), [linkId], 'manual', '', { waitMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await manualRuns()).toBe(0);
    await releaseLease(ctx().db, linkId, held.owner);
    expect(await waiting).toMatchObject({ claimed: 1, busy: [] });
    expect(await manualRuns()).toBe(1);
  });
});
