/**
 * The in-process provider running the webhook follow-up job, on both databases against the
 * simulator: requests for a link are debounced into one sync, a stream of requests still syncs
 * after the longest wait, and a link held by another sync is synced once that sync lets go (not
 * dropped, not doubled).
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import { releaseLease } from '../../db/repositories/integration-links-repository';
import { CAMPAIGN_EPIC, createObjective, epicJql, linkItem, setUpJiraWorld, type JiraWorld } from '../../../../test/support/link-fixtures';
import { countRuns, waitFor } from '../../../../test/support/webhook-fixtures';
import { claimLinks } from '../../services/sync/sync-rounds';
import { requestWebhookFollowUp } from '../definitions/webhook-follow-up.job';
import { createInProcessJobs } from './in-process';
import type { JobProvider } from './provider';

const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDatabase('in-process jobs: webhook follow-up', (ctx) => {
  let sim: JiraSim;
  let world: JiraWorld;
  let linkId: string;
  const queues: JobProvider[] = [];

  /** A provider whose webhook debounce is `debounceMs` (the longest wait: twenty of them, or 1 s). */
  const queue = (debounceMs: number): JobProvider => {
    const created = createInProcessJobs({
      context: { db: ctx().db, secretKey: ctx().secretKey, config: { ...ctx().config, webhookDebounceMs: debounceMs }, log: quietLog, now: () => new Date() },
      schedules: false,
    });
    queues.push(created);
    return created;
  };
  const webhookRuns = async () => (await countRuns(ctx(), 'webhook')).get(linkId) ?? 0;

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo' });
    world = await setUpJiraWorld(ctx(), sim, 'cloud');
  });
  afterAll(async () => {
    await Promise.all(queues.map((q) => q.stop()));
    await sim.close();
  });
  beforeEach(async () => {
    const objectiveId = await createObjective(ctx(), world, 'Queued');
    linkId = (await linkItem(ctx(), world, `/api/v1/objectives/${objectiveId}`, { jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' })).id;
  });

  test('requests within the debounce period become one sync', async () => {
    const links = queue(150);
    for (let i = 0; i < 20; i++) {
      await requestWebhookFollowUp(links, [linkId]);
      await sleep(10);
    }
    expect(await webhookRuns()).toBe(0);
    await links.idle();
    expect(await webhookRuns()).toBe(1);
  });

  test('a link that keeps getting requests syncs once the longest wait is over', async () => {
    // Debounce 100 ms: the longest wait is twenty of them, 2 s.
    const links = queue(100);
    const started = Date.now();
    let syncedAt: number | null = null;
    while (Date.now() - started < 3_000) {
      await requestWebhookFollowUp(links, [linkId]);
      if (syncedAt === null && (await webhookRuns()) > 0) syncedAt = Date.now() - started;
      await sleep(50);
    }
    expect(syncedAt).not.toBeNull();
    expect(syncedAt).toBeGreaterThanOrEqual(1_950);
    expect(syncedAt).toBeLessThan(2_700);
    await links.stop();
  });

  test('a link held by another sync is synced after that sync lets go', async () => {
    const held = await claimLinks({ db: ctx().db }, [linkId], new Date());
    expect(held.links).toHaveLength(1);
    const links = queue(50);
    await requestWebhookFollowUp(links, [linkId]);
    await sleep(700);
    expect(await webhookRuns()).toBe(0);
    await releaseLease(ctx().db, linkId, held.owner);
    await waitFor('the retried sync', async () => (await webhookRuns()) === 1, 3_000);
    await links.idle();
    expect(await webhookRuns()).toBe(1);
  });
});
