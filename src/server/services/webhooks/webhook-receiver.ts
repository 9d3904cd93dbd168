/**
 * Receiving a Jira webhook delivery. The work here is small and bounded (a few indexed queries), so
 * Jira gets its answer in milliseconds; the syncs themselves are queued (debounced) as webhook
 * follow-up jobs. A delivery id (X-Atlassian-Webhook-Identifier) is remembered in the database for
 * DELIVERY_MEMORY_MS, so Jira's duplicates and retries are ignored by every process.
 */
import type { Kysely } from 'kysely';
import {
  findWebhookState,
  forgetDelivery,
  pruneDeliveries,
  recordWebhookDelivery,
  rememberDelivery,
} from '../../db/repositories/webhooks-repository';
import type { Database } from '../../db/schema';
import { requestWebhookFollowUp } from '../../jobs/definitions/webhook-follow-up.job';
import type { JobQueue } from '../../jobs/job';
import { isJiraEnabled } from '../integrations-service';
import { findAffectedLinkIds } from './affected-links';
import { parseDelivery } from './jira-webhook-event';
import { openWebhookToken, tokensMatch } from './webhook-secret';

/** Jira retries a failed delivery for about 30 minutes; remember ids comfortably longer. */
export const DELIVERY_MEMORY_MS = 6 * 60 * 60_000;
/** Old delivery ids are deleted at most this often per process. */
const PRUNE_EVERY_MS = 5 * 60_000;
/** The last-delivery time is rewritten at most this often ("live" is about the last hour). */
const DELIVERY_TIME_PRECISION_MS = 30_000;

export interface ReceiverDeps {
  db: Kysely<Database>;
  secretKey: Buffer;
  /** Where the follow-up syncs are queued (debounced per link). */
  jobs: JobQueue;
  now: () => Date;
}

export type DeliveryResult =
  | { result: 'accepted'; links: number }
  | { result: 'duplicate' }
  | { result: 'ignored'; reason: string }
  | { result: 'invalid'; message: string };

/** True when the token is this connection's webhook token (unknown connections never match). */
export async function isWebhookTokenValid(db: Kysely<Database>, secretKey: Buffer, connectionId: string, token: string): Promise<boolean> {
  const state = await findWebhookState(db, connectionId);
  const expected = openWebhookToken(state?.secretCiphertext ?? null, secretKey);
  // Compared even when there is nothing to compare with, so the answer takes as long either way.
  const matches = tokensMatch(token, expected ?? '\u0000no-token');
  return expected !== null && matches;
}

let lastPrunedAt = 0;

async function pruneNowAndThen(db: Kysely<Database>, now: Date): Promise<void> {
  if (now.getTime() - lastPrunedAt < PRUNE_EVERY_MS) return;
  lastPrunedAt = now.getTime();
  await pruneDeliveries(db, new Date(now.getTime() - DELIVERY_MEMORY_MS).toISOString());
}

/** Handles one authenticated delivery; `deliveryId` is null when Jira sent no identifier. */
export async function receiveDelivery(deps: ReceiverDeps, connectionId: string, deliveryId: string | null, body: unknown): Promise<DeliveryResult> {
  const now = deps.now();
  const nowIso = now.toISOString();
  await recordWebhookDelivery(deps.db, connectionId, nowIso, new Date(now.getTime() - DELIVERY_TIME_PRECISION_MS).toISOString());
  await pruneNowAndThen(deps.db, now);

  const parsed = parseDelivery(body);
  if (parsed.kind === 'invalid') return { result: 'invalid', message: parsed.message };
  if (parsed.kind === 'other') return { result: 'ignored', reason: `Pacer only uses issue events, not ${parsed.event}.` };
  // Remembered first (one insert that also answers "seen before?"), so two copies arriving at once queue once.
  if (deliveryId !== null && !(await rememberDelivery(deps.db, connectionId, deliveryId, nowIso))) return { result: 'duplicate' };
  try {
    if (!(await isJiraEnabled(deps.db))) return { result: 'ignored', reason: 'The Jira integration is disabled in Pacer.' };
    const linkIds = await findAffectedLinkIds(deps.db, connectionId, parsed.facts);
    if (linkIds.length > 0) await requestWebhookFollowUp(deps.jobs, linkIds);
    return { result: 'accepted', links: linkIds.length };
  } catch (error) {
    // Not queued: forget the id so that Jira's retry of this delivery is not taken for a duplicate.
    if (deliveryId !== null) await forgetDelivery(deps.db, connectionId, deliveryId).catch(() => undefined);
    throw error;
  }
}
