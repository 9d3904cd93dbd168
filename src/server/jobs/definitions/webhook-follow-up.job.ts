/**
 * The re-sync after a Jira webhook: one request per affected link, debounced (a burst of events on
 * one epic becomes one sync per link), merged in-process with the other links due at the same
 * moment (links sharing a query ask Jira once). A link another sync holds is asked again a little
 * later, until that sync's lease would have run out, so a change is never left to the next round.
 */
import { z } from 'zod';
import type { JobQueue } from '../job';
import { defineJob } from '../job';
import { busyRetryDelayMs, SYNC_RETRY_DELAY_SECONDS, SYNC_RETRY_LIMIT } from './sync-policy';

const MAX_LINKS = 200;

export const webhookFollowUpPayloadSchema = z.object({
  linkIds: z.array(z.string().min(1)).min(1).max(MAX_LINKS),
  /** When these links were first found held by another sync (a retry); absent on the first request. */
  busySince: z.string().datetime().optional(),
});
export type WebhookFollowUpPayload = z.infer<typeof webhookFollowUpPayloadSchema>;

export const webhookFollowUpJob = defineJob({
  id: 'pacer.jira.webhook-follow-up',
  description: 'Re-sync the links a Jira webhook delivery may have changed',
  payloadSchema: webhookFollowUpPayloadSchema,
  concurrency: (config) => config.workerConcurrency,
  debounce: {
    // Requests are one link each (requestWebhookFollowUp), so the key is the link.
    key: (payload) => `link:${payload.linkIds.join(',')}`,
    delayMs: (config) => config.webhookDebounceMs,
    // A bulk change that Jira spreads over many seconds still becomes one sync (twenty debounce periods).
    maxWaitMs: (config) => Math.max(config.webhookDebounceMs * 20, 1_000),
  },
  merge(payloads) {
    // First requests of links due together run as one sync; retries keep their own clock.
    const fresh = [...new Set(payloads.filter((payload) => payload.busySince === undefined).flatMap((payload) => payload.linkIds))];
    const merged: WebhookFollowUpPayload[] = [];
    for (let i = 0; i < fresh.length; i += MAX_LINKS) merged.push({ linkIds: fresh.slice(i, i + MAX_LINKS) });
    return [...merged, ...payloads.filter((payload) => payload.busySince !== undefined)];
  },
  retries: { limit: SYNC_RETRY_LIMIT, delaySeconds: SYNC_RETRY_DELAY_SECONDS, deadLetter: true },
  timeoutSeconds: (config) => config.syncJobTimeoutSeconds,
  async handler(context, payload, run) {
    const { syncLinkSet, WEBHOOK_NOTE } = await import('../../services/sync/sync-links');
    const leaseMs = context.config.syncLeaseSeconds * 1000;
    const result = await syncLinkSet(
      { db: context.db, secretKey: context.secretKey, now: context.now, log: context.log, clientOptions: context.clientOptions, leaseMs },
      { linkIds: payload.linkIds, trigger: 'webhook', note: WEBHOOK_NOTE, owner: run.id, retryCount: run.retryCount, lastAttempt: run.retryCount >= run.retryLimit },
    );
    const now = context.now();
    const busySince = payload.busySince ?? now.toISOString();
    // The holder may have read Jira before the change: try again, but not past its lease (it crashed; the round takes over).
    const retry = result.busy.length > 0 && now.getTime() - Date.parse(busySince) <= leaseMs;
    if (retry) {
      await context.jobs.enqueue(webhookFollowUpJob, result.busy.map((id) => ({ payload: { linkIds: [id], busySince }, delayMs: busyRetryDelayMs(context.config.webhookDebounceMs) })));
    }
    return { claimed: result.claimed, ok: result.ok, failed: result.failed, busy: result.busy.length, retried: retry };
  },
});

/** Asks for a re-sync of each link soon (Jira webhooks); returns once queued, never after the sync. */
export async function requestWebhookFollowUp(jobs: JobQueue, linkIds: readonly string[]): Promise<void> {
  await jobs.enqueue(webhookFollowUpJob, [...new Set(linkIds)].map((id) => ({ payload: { linkIds: [id] } })));
}
