/**
 * The scheduled Jira sync round, every PACER_SYNC_TICK_SECONDS (default 30 s; each link's own
 * interval is the admin setting sync.intervalMinutes): lists the links that are due, groups them
 * by effective query and queues one sync-links job per query, keyed by the query so a plan never
 * queues a copy of a group still waiting. One plan at a time for the whole installation.
 * Paused while the Jira integration is disabled.
 */
import { z } from 'zod';
import { defineJob } from '../job';
import { syncLinksJob } from './sync-links.job';

export const planRoundJob = defineJob({
  id: 'pacer.jira.plan-round',
  description: 'Plan a Jira sync round: queue a sync of every due link, one job per shared query',
  payloadSchema: z.object({}),
  schedule: { everySeconds: (config) => config.syncTickSeconds, payload: {} },
  concurrency: () => 1,
  timeoutSeconds: (config) => Math.max(60, config.syncJobTimeoutSeconds),
  async handler(context) {
    // Planning again while the last round's jobs wait would only list the same links and queue
    // copies the keys drop; the links still due once the queue is worked off are planned then.
    if ((await context.jobs.waiting(syncLinksJob, 'query:')) > 0) return { paused: false, behind: true, due: 0, jobs: 0 };
    const { planDueLinks } = await import('../../services/sync/sync-links');
    const plan = await planDueLinks(context, context.now());
    await context.jobs.enqueue(
      syncLinksJob,
      plan.groups.map((group) => ({ payload: { linkIds: group.linkIds, trigger: 'schedule' as const }, key: group.key })),
    );
    // Queries no link uses any more (links deleted with their items) and the mirrored issues only
    // they held are dropped once per round, so the mirror does not grow with abandoned queries.
    const { pruneMirror } = await import('../../services/sync/sync-engine');
    await pruneMirror(context.db);
    const result = { paused: plan.paused, behind: false, due: plan.due, jobs: plan.groups.length };
    if (result.jobs > 0) context.log.info({ job: planRoundJob.id, ...result }, 'planned a Jira sync round');
    return result;
  },
});
