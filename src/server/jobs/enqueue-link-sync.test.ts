/**
 * The in-process link sync queue on both databases against the simulator: requests for a link are
 * debounced into one sync, a stream of requests still syncs after the longest wait, and a link held
 * by another sync is synced once that sync lets go (not dropped, not doubled).
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../test/support/app-harness';
import { releaseLease } from '../db/repositories/integration-links-repository';
import { CAMPAIGN_EPIC, createObjective, epicJql, linkItem, setUpJiraWorld, type JiraWorld } from '../routes/integration-links/link-test-helpers';
import { countRuns, waitFor } from '../routes/webhooks/webhook-test-helpers';
import { claimLinks } from '../services/sync/sync-rounds';
import { createInProcessLinkSyncs, type LinkSyncEnqueuer } from './enqueue-link-sync';

const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDatabase('in-process link sync queue', (ctx) => {
  let sim: JiraSim;
  let world: JiraWorld;
  let linkId: string;
  const queues: LinkSyncEnqueuer[] = [];

  const queue = (debounceMs: number, maxWaitMs?: number): LinkSyncEnqueuer => {
    const created = createInProcessLinkSyncs(
      { db: ctx().db, secretKey: ctx().secretKey, config: ctx().config, log: quietLog, now: () => new Date() },
      { debounceMs, ...(maxWaitMs !== undefined ? { maxWaitMs } : {}) },
    );
    queues.push(created);
    return created;
  };
  const webhookRuns = async () => (await countRuns(ctx(), 'webhook')).get(linkId) ?? 0;

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo' });
    world = await setUpJiraWorld(ctx(), sim, 'cloud');
  });
  afterAll(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await sim.close();
  });
  beforeEach(async () => {
    const objectiveId = await createObjective(ctx(), world, 'Queued');
    linkId = (await linkItem(ctx(), world, `/api/v1/objectives/${objectiveId}`, { jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' })).id;
  });

  test('requests within the debounce period become one sync', async () => {
    const links = queue(150);
    for (let i = 0; i < 20; i++) {
      await links.enqueueLinkSyncs([linkId], 'webhook');
      await sleep(10);
    }
    expect(await webhookRuns()).toBe(0);
    await links.idle();
    expect(await webhookRuns()).toBe(1);
  });

  test('a link that keeps getting requests syncs once the longest wait is over', async () => {
    const links = queue(200, 600);
    const started = Date.now();
    let syncedAt: number | null = null;
    while (Date.now() - started < 1_500) {
      await links.enqueueLinkSyncs([linkId], 'webhook');
      if (syncedAt === null && (await webhookRuns()) > 0) syncedAt = Date.now() - started;
      await sleep(50);
    }
    expect(syncedAt).not.toBeNull();
    expect(syncedAt).toBeGreaterThanOrEqual(550);
    expect(syncedAt).toBeLessThan(1_300);
    await links.close();
  });

  test('a link held by another sync is synced after that sync lets go', async () => {
    const held = await claimLinks({ db: ctx().db }, [linkId], new Date());
    expect(held.links).toHaveLength(1);
    const links = queue(50);
    await links.enqueueLinkSyncs([linkId], 'webhook');
    await sleep(700);
    expect(await webhookRuns()).toBe(0);
    await releaseLease(ctx().db, linkId, held.owner);
    await waitFor('the retried sync', async () => (await webhookRuns()) === 1, 3_000);
    await links.idle();
    expect(await webhookRuns()).toBe(1);
  });
});
