/**
 * Registering a connection's webhook in Jira, as the connection's user, through the Jira client
 * (its URL checks, request limits and error handling; see src/integrations/jira/webhooks.ts for
 * the APIs used). It needs a Jira administrator; anyone else gets the steps to do it by hand.
 * Nothing here logs the URL (it holds the token) or the credentials.
 */
import { isJiraError, UnsafeJiraUrlError, type JiraError } from '../../../integrations/jira/index';
import type { JiraConnectionRecord } from '../../db/repositories/jira-connections-repository';
import type { JiraClientSource } from '../sync/jira-clients';
import { ISSUE_EVENTS } from './jira-webhook-event';

export { DC_10_WEBHOOKS_PATH, LEGACY_WEBHOOKS_PATH } from '../../../integrations/jira/webhooks';

/** How long Jira may take to create the webhook before the admin is told to try again. */
export const REGISTRATION_TIMEOUT_MS = 15_000;

export type RegistrationFailure = 'forbidden' | 'not_supported' | 'auth_failed' | 'unreachable' | 'rejected';

export type RegistrationOutcome =
  | { registered: true; endpoint: string }
  | { registered: false; reason: RegistrationFailure; message: string };

export interface RegistrationRequest {
  connection: Pick<JiraConnectionRecord, 'id' | 'name' | 'username' | 'authType'>;
  /** Clients made with REGISTRATION_TIMEOUT_MS as their timeout. */
  clients: JiraClientSource;
  webhookUrl: string;
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

/** Jira's own words, shortened; never the request (it holds the token). */
function jiraReason(error: JiraError): string {
  const said = error.jiraMessages.join(' ').slice(0, 300);
  return said ? ` Jira said: ${said}` : '';
}

function failureOf(error: JiraError, user: string): RegistrationOutcome {
  const said = jiraReason(error);
  if (error.code === 'auth_failed') {
    return { registered: false, reason: 'auth_failed', message: `Jira did not accept the connection's credentials (HTTP 401); test the connection and enter them again.${said}` };
  }
  if (error.status === 403) {
    return { registered: false, reason: 'forbidden', message: `${user} may not create webhooks in Jira (HTTP 403): that takes a Jira administrator.${said}` };
  }
  if (error.status === 404 || error.status === 405) {
    return { registered: false, reason: 'not_supported', message: `This Jira site has no webhook API Pacer can use (HTTP ${error.status}).${said}` };
  }
  if (error.status !== undefined) {
    return { registered: false, reason: 'rejected', message: `Jira refused to create the webhook (HTTP ${error.status}).${said}` };
  }
  return {
    registered: false,
    reason: 'unreachable',
    message:
      error.code === 'timeout'
        ? `Jira did not answer within ${REGISTRATION_TIMEOUT_MS / 1000} seconds while creating the webhook; try again later.`
        : 'Pacer could not reach Jira to create the webhook; check that the connection works (Test connection) and try again.',
  };
}

export async function registerWebhookInJira(request: RegistrationRequest): Promise<RegistrationOutcome> {
  const name = `Pacer (${request.connection.name})`.slice(0, 255);
  const user = request.connection.authType === 'bearer' ? "The connection's token owner" : `The Jira user "${request.connection.username}"`;
  try {
    const { client } = await request.clients.clientFor(request.connection.id);
    const { endpoint } = await client.registerWebhook({ name, url: request.webhookUrl, events: ISSUE_EVENTS });
    return { registered: true, endpoint };
  } catch (error) {
    if (error instanceof UnsafeJiraUrlError) return { registered: false, reason: 'unreachable', message: error.message };
    if (isJiraError(error)) return failureOf(error, user);
    throw error;
  }
}
