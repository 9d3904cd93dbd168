/**
 * The scheduled Jira sync round: every link whose next sync is due is synced once; identical
 * queries are asked once. Runs every PACER_SYNC_TICK_SECONDS (default 30 s); each link's own
 * interval is the admin setting sync.intervalMinutes. Paused while the Jira integration is disabled.
 */
import { z } from 'zod';
import { runDueSyncs } from '../services/sync/sync-rounds';
import { defineJob } from './job';

export const syncDueLinksJob = defineJob({
  id: 'jira.sync-due-links',
  description: 'Sync every Jira-linked objective and key result that is due',
  payloadSchema: z.object({}),
  schedule: { everySeconds: (config) => config.syncTickSeconds, payload: {} },
  async handler(context) {
    const deps = { db: context.db, secretKey: context.secretKey, now: context.now, log: context.log, leaseMs: context.config.syncLeaseSeconds * 1000 };
    const result = await runDueSyncs(deps, context.now());
    if (result.claimed > 0) context.log.info({ job: 'jira.sync-due-links', ...result }, 'scheduled Jira sync round');
    return result;
  },
});
