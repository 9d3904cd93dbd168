/**
 * Registering a webhook through Jira's own API, as the connection's user (a Jira administrator):
 * Data Center 10+ at `/rest/jira-webhook/1.0/webhooks`, falling back to `/rest/webhooks/1.0/webhook`
 * (Jira 9 and before) when the newer API is absent; Cloud admin webhooks at `/rest/webhooks/1.0/webhook`.
 * The webhook URL holds its token, so it is only ever sent in the body (never logged: the
 * transport reports method, path and status only).
 */
import { z } from 'zod';
import { JiraError } from './errors';
import type { JiraTransport } from './http';

export const DC_10_WEBHOOKS_PATH = '/rest/jira-webhook/1.0/webhooks';
export const LEGACY_WEBHOOKS_PATH = '/rest/webhooks/1.0/webhook';

export interface WebhookRegistration {
  name: string;
  url: string;
  events: readonly string[];
}

/** Jira answers the webhook it created: `self` on the old API, a numeric `id` on Jira 10's. */
export const createdWebhookSchema = z.object({
  self: z.string().optional(),
  id: z.union([z.number(), z.string()]).optional(),
  name: z.string().optional(),
  url: z.string().optional(),
});

function legacyBody(webhook: WebhookRegistration): object {
  return { name: webhook.name, url: webhook.url, events: [...webhook.events], filters: { 'issue-related-events-section': '' }, excludeBody: false };
}

/** Jira 10's webhook plugin takes its options as a string map and ignores the old `filters`. */
function dataCenter10Body(webhook: WebhookRegistration): object {
  return { name: webhook.name, url: webhook.url, events: [...webhook.events], configuration: { EXCLUDE_BODY: 'false' }, active: true };
}

/** "This Jira has no such API": the only answer that moves on to the older API. */
function isMissingApi(error: unknown): boolean {
  return error instanceof JiraError && (error.status === 404 || error.status === 405);
}

/**
 * Creates the webhook and answers the path that took it. Not retried: creating is not idempotent,
 * and a retry after a lost answer would leave two webhooks that both deliver. A JiraError carries
 * Jira's status and messages for the caller to explain.
 */
export async function registerWebhookIn(
  transport: JiraTransport,
  deployment: 'cloud' | 'datacenter',
  webhook: WebhookRegistration,
): Promise<{ endpoint: string }> {
  const attempts =
    deployment === 'datacenter'
      ? [
          { path: DC_10_WEBHOOKS_PATH, body: dataCenter10Body(webhook) },
          { path: LEGACY_WEBHOOKS_PATH, body: legacyBody(webhook) },
        ]
      : [{ path: LEGACY_WEBHOOKS_PATH, body: legacyBody(webhook) }];
  for (const [index, attempt] of attempts.entries()) {
    try {
      await transport.request({ method: 'POST', path: attempt.path, body: attempt.body, schema: createdWebhookSchema, idempotent: false });
      return { endpoint: attempt.path };
    } catch (error) {
      if (index === attempts.length - 1 || !isMissingApi(error)) throw error;
    }
  }
  throw new Error('No webhook registration was attempted.');
}
