/**
 * Sync a set of links (one shared query from a planned round, up to 200 links; or links a person
 * or a webhook asked for): claims them with the job's id as lease owner, syncs them, and fails the
 * job when Jira could not be reached, so pg-boss retries it with backoff and dead-letters it after
 * the last attempt (in-process: one attempt, the failure is recorded and the next round retries).
 */
import { z } from 'zod';
import { defineJob } from '../job';
import { busyRetryDelayMs, SYNC_RETRY_DELAY_SECONDS, SYNC_RETRY_LIMIT } from './sync-policy';
import { webhookFollowUpJob } from './webhook-follow-up.job';

export const syncLinksPayloadSchema = z.object({
  linkIds: z.array(z.string().min(1)).min(1).max(200),
  trigger: z.enum(['schedule', 'webhook', 'manual']),
  /** Shown with each run in the activity; jobs queued before it existed have none. */
  note: z.string().max(500).optional(),
});
export type SyncLinksPayload = z.infer<typeof syncLinksPayloadSchema>;

const DEFAULT_NOTES: Record<SyncLinksPayload['trigger'], string> = { schedule: '', webhook: 'Jira reported a change', manual: '' };

export const syncLinksJob = defineJob({
  id: 'pacer.jira.sync-links',
  description: 'Sync a set of Jira-linked objectives and key results (one shared query, or the links a webhook named)',
  payloadSchema: syncLinksPayloadSchema,
  concurrency: (config) => config.workerConcurrency,
  retries: { limit: SYNC_RETRY_LIMIT, delaySeconds: SYNC_RETRY_DELAY_SECONDS, deadLetter: true },
  timeoutSeconds: (config) => config.syncJobTimeoutSeconds,
  async handler(context, payload, run) {
    const { syncLinkSet } = await import('../../services/sync/sync-links');
    const result = await syncLinkSet(
      { db: context.db, secretKey: context.secretKey, now: context.now, log: context.log, clientOptions: context.clientOptions, leaseMs: context.config.syncLeaseSeconds * 1000 },
      {
        linkIds: payload.linkIds,
        trigger: payload.trigger,
        note: payload.note ?? DEFAULT_NOTES[payload.trigger],
        owner: run.id,
        retryCount: run.retryCount,
        lastAttempt: run.retryCount >= run.retryLimit,
      },
    );
    // A webhook's link held by another sync may have been read before the change: ask again shortly.
    if (payload.trigger === 'webhook' && result.busy.length > 0) {
      await context.jobs.enqueue(webhookFollowUpJob, result.busy.map((id) => ({ payload: { linkIds: [id], busySince: context.now().toISOString() }, delayMs: busyRetryDelayMs(context.config.webhookDebounceMs) })));
    }
    return { claimed: result.claimed, ok: result.ok, failed: result.failed, busy: result.busy.length };
  },
});
