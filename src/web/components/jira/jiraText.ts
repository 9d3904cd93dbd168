/** Words the Jira admin screens use for connections: deployment names, health and short failure reasons. */
import type { JiraConnection, JiraDeploymentType } from '../../api/types';

export const DEPLOYMENT_LABEL: Record<JiraDeploymentType, string> = {
  cloud: 'Cloud',
  datacenter: 'Data Center',
};

/**
 * A few words per failure code for the table ("failing: credentials rejected"); the full message,
 * which also says what to do, is shown beside it.
 */
const SHORT_REASON: Record<string, string> = {
  jira_auth_failed: 'credentials rejected',
  jira_forbidden: 'access refused',
  jira_not_found: 'not a Jira address',
  jira_unreachable: 'Jira unreachable',
  jira_timeout: 'Jira did not answer in time',
  jira_bad_response: 'unexpected answer from Jira',
  jira_rate_limited: 'rate limited by Jira',
  jira_jql_invalid: 'query refused by Jira',
  jira_busy: 'Jira busy, try again shortly',
  secret_unreadable: 'secret unreadable, enter it again',
  url_refused: 'address not allowed',
};

/** Codes come from the server with or without the `jira_` prefix depending on where they were recorded. */
export function shortReason(code: string): string {
  return SHORT_REASON[code] ?? SHORT_REASON[`jira_${code}`] ?? code.replace(/^jira_/, '').replaceAll('_', ' ');
}

/** "ok", "failing: credentials rejected" or "not checked yet". */
export function healthText(health: JiraConnection['health']): string {
  if (health.status === 'ok') return 'ok';
  if (health.status === 'failing') return health.lastError ? `failing: ${shortReason(health.lastError.code)}` : 'failing';
  return 'not checked yet';
}

/** "Connected to Jira Cloud as Dana Smith", the sentence people see after a successful test. */
export function connectedSentence(connection: Pick<JiraConnection, 'deploymentType' | 'jiraUser'>): string {
  const site = `Jira ${DEPLOYMENT_LABEL[connection.deploymentType]}`;
  return connection.jiraUser ? `Connected to ${site} as ${connection.jiraUser.displayName}` : `Connected to ${site}`;
}

/** "no objectives or key results", "1 objective or key result", "3 objectives and key results". */
export function linkedItemsCount(count: number): string {
  if (count === 0) return 'no objectives or key results';
  if (count === 1) return '1 objective or key result';
  return `${count} objectives and key results`;
}

/** The first sentence of the delete confirmation. */
export function linkedItemsSentence(count: number): string {
  const subject = linkedItemsCount(count);
  return `${subject.charAt(0).toUpperCase()}${subject.slice(1)} ${count === 1 ? 'uses' : 'use'} this connection.`;
}
