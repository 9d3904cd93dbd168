/**
 * Registering a connection's webhook in Jira through Jira's own API, as the connection's user:
 * Data Center 10+ at `/rest/jira-webhook/1.0/webhooks`, falling back to `/rest/webhooks/1.0/webhook`
 * (Jira 9 and before); Cloud admin webhooks at `/rest/webhooks/1.0/webhook`. Both need a Jira
 * administrator; anyone else gets the steps to do it by hand. Nothing here logs the URL (it holds
 * the token) or the credentials.
 */
import { assertSafeJiraUrl, UnsafeJiraUrlError } from '../../../integrations/jira/index';
import type { JiraConnectionRecord } from '../../db/repositories/jira-connections-repository';
import { ISSUE_EVENTS } from './jira-webhook-event';

export const DC_10_WEBHOOKS_PATH = '/rest/jira-webhook/1.0/webhooks';
export const LEGACY_WEBHOOKS_PATH = '/rest/webhooks/1.0/webhook';

const TIMEOUT_MS = 15_000;

export type RegistrationFailure = 'forbidden' | 'not_supported' | 'auth_failed' | 'unreachable' | 'rejected';

export type RegistrationOutcome =
  | { registered: true; endpoint: string }
  | { registered: false; reason: RegistrationFailure; message: string };

export interface RegistrationRequest {
  connection: Pick<JiraConnectionRecord, 'name' | 'url' | 'username' | 'authType' | 'deploymentType'>;
  secret: string;
  webhookUrl: string;
  allowLinkLocal: boolean;
  fetchImpl?: typeof fetch;
}

/** What an admin does by hand when Pacer may not register the webhook itself. */
export function registrationInstructions(deploymentType: JiraConnectionRecord['deploymentType']): string {
  const where =
    deploymentType === 'cloud'
      ? 'In Jira, open Settings (the cog) > System > WebHooks and choose "Create a WebHook".'
      : 'In Jira, open Administration > System > WebHooks (under Advanced) and choose "Create a WebHook".';
  return (
    `${where} Paste the webhook URL shown here, select the issue events created, updated and deleted, ` +
    'leave the JQL filter empty (or limit it to the projects your OKRs follow) and save. ' +
    'This needs a Jira administrator; once Jira delivers an event, Pacer shows the connection as live.'
  );
}

function authorization(connection: RegistrationRequest['connection'], secret: string): string {
  if (connection.authType === 'bearer') return `Bearer ${secret}`;
  return `Basic ${Buffer.from(`${connection.username}:${secret}`, 'utf8').toString('base64')}`;
}

function legacyBody(name: string, url: string): object {
  return { name, url, events: [...ISSUE_EVENTS], filters: { 'issue-related-events-section': '' }, excludeBody: false };
}

/** Jira 10's webhook plugin takes its options as a string map and ignores the old `filters`. */
function dataCenter10Body(name: string, url: string): object {
  return { name, url, events: [...ISSUE_EVENTS], configuration: { EXCLUDE_BODY: 'false' }, active: true };
}

/** Jira's own words from an error body, shortened; never the request (it holds the token). */
async function jiraReason(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null) {
      const record = body as { errorMessages?: unknown; message?: unknown };
      const messages = Array.isArray(record.errorMessages) ? record.errorMessages.filter((m): m is string => typeof m === 'string') : [];
      const text = messages.length > 0 ? messages.join(' ') : typeof record.message === 'string' ? record.message : '';
      return text.slice(0, 300);
    }
  } catch {
    // Not JSON (an HTML error page): the status says enough.
  }
  return '';
}

async function post(request: RegistrationRequest, path: string, body: object): Promise<Response> {
  const fetchImpl = request.fetchImpl ?? globalThis.fetch;
  return fetchImpl(`${request.connection.url}${path}`, {
    method: 'POST',
    headers: { Authorization: authorization(request.connection, request.secret), 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'manual',
  });
}

async function failureOf(response: Response, user: string): Promise<RegistrationOutcome> {
  const reason = await jiraReason(response);
  const said = reason ? ` Jira said: ${reason}` : '';
  if (response.status === 401) {
    return { registered: false, reason: 'auth_failed', message: `Jira did not accept the connection's credentials (HTTP 401); test the connection and enter them again.${said}` };
  }
  if (response.status === 403) {
    return {
      registered: false,
      reason: 'forbidden',
      message: `${user} may not create webhooks in Jira (HTTP 403): that takes a Jira administrator.${said}`,
    };
  }
  if (response.status === 404 || response.status === 405) {
    return { registered: false, reason: 'not_supported', message: `This Jira site has no webhook API Pacer can use (HTTP ${response.status}).${said}` };
  }
  return { registered: false, reason: 'rejected', message: `Jira refused to create the webhook (HTTP ${response.status}).${said}` };
}

export async function registerWebhookInJira(request: RegistrationRequest): Promise<RegistrationOutcome> {
  const name = `Pacer (${request.connection.name})`.slice(0, 255);
  const user = request.connection.authType === 'bearer' ? "The connection's token owner" : `The Jira user "${request.connection.username}"`;
  const attempts: Array<{ path: string; body: object }> =
    request.connection.deploymentType === 'datacenter'
      ? [
          { path: DC_10_WEBHOOKS_PATH, body: dataCenter10Body(name, request.webhookUrl) },
          { path: LEGACY_WEBHOOKS_PATH, body: legacyBody(name, request.webhookUrl) },
        ]
      : [{ path: LEGACY_WEBHOOKS_PATH, body: legacyBody(name, request.webhookUrl) }];
  try {
    await assertSafeJiraUrl(request.connection.url, { allowLinkLocal: request.allowLinkLocal });
    let last: Response | null = null;
    for (const attempt of attempts) {
      last = await post(request, attempt.path, attempt.body);
      if (last.status === 200 || last.status === 201) {
        await last.body?.cancel();
        return { registered: true, endpoint: attempt.path };
      }
      // Only "this Jira has no such API" moves on to the older API; any other answer is final.
      if (last.status !== 404 && last.status !== 405) break;
      await last.body?.cancel();
    }
    if (!last) throw new Error('No registration was attempted.');
    return await failureOf(last, user);
  } catch (error) {
    if (error instanceof UnsafeJiraUrlError) return { registered: false, reason: 'unreachable', message: error.message };
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      registered: false,
      reason: 'unreachable',
      message: timedOut
        ? `Jira did not answer within ${TIMEOUT_MS / 1000} seconds while creating the webhook; try again later.`
        : 'Pacer could not reach Jira to create the webhook; check that the connection works (Test connection) and try again.',
    };
  }
}
