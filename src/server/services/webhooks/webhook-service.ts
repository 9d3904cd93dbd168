/**
 * A connection's webhook as admins manage it: the URL to register in Jira (the token is made on
 * first use), whether Pacer registered it, when Jira last delivered, a new token, and registering
 * it through Jira's API with instructions when that is not allowed.
 */
import type { Kysely } from 'kysely';
import { findJiraConnection } from '../../db/repositories/jira-connections-repository';
import {
  findWebhookState,
  recordWebhookRegistered,
  replaceWebhookSecret,
  setWebhookSecretIfMissing,
} from '../../db/repositories/webhooks-repository';
import type { Database } from '../../db/schema';
import { JiraConnectionRejectedError, NotFoundError } from '../../errors';
import { SECRET_UNREADABLE_CODE, SECRET_UNREADABLE_MESSAGE, WEBHOOK_LIVE_WINDOW_MS } from '../jira-connection-presenter';
import { ConnectionUnavailableError, createJiraClientSource } from '../sync/jira-clients';
import { REGISTRATION_TIMEOUT_MS, registerWebhookInJira, registrationInstructions, type RegistrationFailure, type RegistrationOutcome } from './webhook-registration';
import { isLoopbackBase, newWebhookToken, openWebhookToken, publicBase, sealWebhookToken, webhookUrl } from './webhook-secret';

export interface WebhookDeps {
  db: Kysely<Database>;
  secretKey: Buffer;
  publicUrl: URL | null;
  fetchImpl?: typeof fetch;
}

export interface WebhookView {
  url: string;
  /** Pacer registered this URL through Jira's API (false after a rotation). */
  registered: boolean;
  registeredAt: string | null;
  lastDeliveryAt: string | null;
  live: boolean;
  /** Set when Jira could not reach the URL as shown (e.g. it points at localhost). */
  warning: string | null;
  instructions: string;
}

export interface RegistrationView {
  registered: boolean;
  reason: RegistrationFailure | null;
  message: string;
  /** The steps to register it by hand; null once registered. */
  instructions: string | null;
  webhook: WebhookView;
}

export function isLive(lastDeliveryAt: string | null, now: Date): boolean {
  return lastDeliveryAt !== null && now.getTime() - Date.parse(lastDeliveryAt) <= WEBHOOK_LIVE_WINDOW_MS;
}

const LOOPBACK_WARNING =
  "This address only works from the Pacer server's own machine, so a Jira elsewhere cannot deliver to it. Set PACER_PUBLIC_URL to the address Jira can reach (e.g. https://okr.example.com) and restart Pacer.";

const UNREADABLE_TOKEN_NOTE = 'The webhook token could not be read (the encryption key changed), so a new one was made; register the new URL in Jira.';

/** The token, making one when there is none (or the old one can no longer be read). */
async function ensureToken(deps: WebhookDeps, connectionId: string): Promise<{ token: string; replacedUnreadable: boolean }> {
  const state = await findWebhookState(deps.db, connectionId);
  if (!state) throw new NotFoundError(`Jira connection ${connectionId}`);
  const existing = openWebhookToken(state.secretCiphertext, deps.secretKey);
  if (existing !== null) return { token: existing, replacedUnreadable: false };
  const fresh = sealWebhookToken(newWebhookToken(), deps.secretKey);
  if (state.secretCiphertext === null) await setWebhookSecretIfMissing(deps.db, connectionId, fresh);
  else await replaceWebhookSecret(deps.db, connectionId, fresh);
  const stored = openWebhookToken((await findWebhookState(deps.db, connectionId))?.secretCiphertext ?? null, deps.secretKey);
  if (stored === null) throw new Error('The webhook token was just stored but cannot be read back.');
  return { token: stored, replacedUnreadable: state.secretCiphertext !== null };
}

async function viewOf(deps: WebhookDeps, connectionId: string, requestOrigin: string, now: Date): Promise<WebhookView> {
  const connection = await findJiraConnection(deps.db, connectionId);
  if (!connection) throw new NotFoundError(`Jira connection ${connectionId}`);
  const { token, replacedUnreadable } = await ensureToken(deps, connectionId);
  const state = await findWebhookState(deps.db, connectionId);
  const base = publicBase(deps.publicUrl, requestOrigin);
  const warnings = [isLoopbackBase(base) ? LOOPBACK_WARNING : null, replacedUnreadable ? UNREADABLE_TOKEN_NOTE : null].filter((w) => w !== null);
  return {
    url: webhookUrl(base, connectionId, token),
    registered: state?.registeredAt != null,
    registeredAt: state?.registeredAt ?? null,
    lastDeliveryAt: state?.lastDeliveryAt ?? null,
    live: isLive(state?.lastDeliveryAt ?? null, now),
    warning: warnings.length > 0 ? warnings.join(' ') : null,
    instructions: registrationInstructions(connection.deploymentType),
  };
}

export function getWebhook(deps: WebhookDeps, connectionId: string, requestOrigin: string, now: Date): Promise<WebhookView> {
  return viewOf(deps, connectionId, requestOrigin, now);
}

/** A new token: the old URL stops working at once (Jira's deliveries to it get 401). */
export async function rotateWebhook(deps: WebhookDeps, connectionId: string, requestOrigin: string, now: Date): Promise<WebhookView> {
  if (!(await findJiraConnection(deps.db, connectionId))) throw new NotFoundError(`Jira connection ${connectionId}`);
  await replaceWebhookSecret(deps.db, connectionId, sealWebhookToken(newWebhookToken(), deps.secretKey));
  return viewOf(deps, connectionId, requestOrigin, now);
}

export async function registerWebhook(deps: WebhookDeps, connectionId: string, requestOrigin: string, now: Date): Promise<RegistrationView> {
  const connection = await findJiraConnection(deps.db, connectionId);
  if (!connection) throw new NotFoundError(`Jira connection ${connectionId}`);
  const before = await viewOf(deps, connectionId, requestOrigin, now);
  const clients = createJiraClientSource({
    db: deps.db,
    secretKey: deps.secretKey,
    clientOptions: { timeoutMs: REGISTRATION_TIMEOUT_MS, ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}) },
  });
  let outcome: RegistrationOutcome;
  try {
    outcome = await registerWebhookInJira({ connection, clients, webhookUrl: before.url });
  } catch (error) {
    if (error instanceof ConnectionUnavailableError && error.code === SECRET_UNREADABLE_CODE) {
      throw new JiraConnectionRejectedError(SECRET_UNREADABLE_CODE, SECRET_UNREADABLE_MESSAGE);
    }
    if (error instanceof ConnectionUnavailableError) throw new NotFoundError(`Jira connection ${connectionId}`);
    throw error;
  }
  if (!outcome.registered) {
    return { registered: false, reason: outcome.reason, message: outcome.message, instructions: before.instructions, webhook: before };
  }
  await recordWebhookRegistered(deps.db, connectionId, now.toISOString());
  const after = await viewOf(deps, connectionId, requestOrigin, now);
  const message = before.warning
    ? 'Jira accepted the webhook; mind the note about its address above.'
    : 'Jira accepted the webhook: changes to issues now reach Pacer within seconds.';
  return { registered: true, reason: null, message, instructions: null, webhook: after };
}
