/**
 * Helpers for the webhook tests: the app listening on a real port (the simulator must reach it),
 * a connection's webhook as the admin API shows it, hand-made deliveries, and waiting for a
 * condition with a deadline.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { AppTestContext } from './app-harness';
import type { SyncTrigger } from '../../src/server/db/repositories/sync-runs-repository';
import type { JiraWorld } from './link-fixtures';
import type { JiraWebhook, JiraWebhookRegistration } from '../../src/contract/webhooks';

// The API's own shapes (src/contract).
export type WebhookDto = JiraWebhook;
export type RegistrationDto = JiraWebhookRegistration;

export const webhookPath = (connectionId: string) => `/api/v1/integrations/jira/connections/${connectionId}/webhook`;

/** Starts the app's HTTP server on a free port (once per suite) and answers its origin. */
export async function listen(ctx: AppTestContext): Promise<string> {
  const address = ctx.app.server.address();
  if (address && typeof address === 'object') return `http://127.0.0.1:${address.port}`;
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const bound = ctx.app.server.address();
  if (!bound || typeof bound !== 'object') throw new Error('The app did not bind to a port.');
  return `http://127.0.0.1:${bound.port}`;
}

/** GET …/webhook as the admin, as if the browser had opened Pacer at `origin`. */
export async function getWebhook(ctx: AppTestContext, world: JiraWorld, origin: string, connectionId = world.connectionId): Promise<WebhookDto> {
  const response = await ctx.request('GET', webhookPath(connectionId), { as: world.admin, headers: { host: new URL(origin).host } });
  if (response.statusCode !== 200) throw new Error(`GET webhook: ${response.statusCode} ${response.body}`);
  return response.json<WebhookDto>();
}

/** The receiver's path and query of a webhook URL, for inject. */
export function receiverPath(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** A minimal Jira issue event (what Pacer reads of it), plus whatever fields a test adds. */
export function issueEvent(key: string, options: { event?: string; projectName?: string; fields?: Record<string, unknown> } = {}): Record<string, unknown> {
  const projectKey = key.split('-')[0] ?? '';
  return {
    timestamp: Date.now(),
    webhookEvent: options.event ?? 'jira:issue_updated',
    issue_event_type_name: 'issue_updated',
    issue: {
      id: '99999',
      key,
      self: `https://jira.example.com/rest/api/2/issue/99999`,
      fields: { summary: 'Changed', project: { id: '10000', key: projectKey, name: options.projectName ?? projectKey }, ...options.fields },
    },
  };
}

export function deliver(ctx: AppTestContext, path: string, body: unknown, deliveryId?: string): Promise<LightMyRequestResponse> {
  return ctx.request('POST', path, { body, headers: deliveryId ? { 'x-atlassian-webhook-identifier': deliveryId } : {} });
}

/** Polls until `check` answers true; throws with `what` after the deadline. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Sync runs recorded with a trigger, per link, straight from the run records. */
export async function countRuns(ctx: AppTestContext, trigger: SyncTrigger): Promise<Map<string, number>> {
  const rows = await ctx.db.selectFrom('sync_runs').select(['link_id']).where('trigger', '=', trigger).execute();
  const counts = new Map<string, number>();
  for (const row of rows) if (row.link_id !== null) counts.set(row.link_id, (counts.get(row.link_id) ?? 0) + 1);
  return counts;
}
