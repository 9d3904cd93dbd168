/**
 * Whether Jira syncing is paused because an admin disabled the Jira integration. While it is,
 * refreshes fail and scheduled rounds skip every link, so the UI offers no Refresh, promises no
 * "next sync", and does not offer to add a link; it says why instead.
 */
import { useJiraIntegration } from '../../api/integrations';

export const JIRA_PAUSED_TEXT = 'Syncing is paused: Jira is disabled by an admin.';
export const JIRA_PAUSED_ADMIN_HINT = 'Enable it under Admin › Integrations to sync again.';
export const ADD_INTEGRATION_DISABLED_TEXT = 'Jira is disabled by an admin, so nothing can be linked to it now.';

/** True only once the integrations are known and Jira is off (while loading, nothing is disabled). */
export function useJiraPaused(): boolean {
  const { jira } = useJiraIntegration();
  return jira !== undefined && !jira.enabled;
}

/**
 * True only once the integrations are known and Jira is on: what a Refresh button needs. The OKR
 * list often arrives before the integrations (it is fetched at boot), and a Refresh that appears a
 * moment later is better than one that vanishes (or fails) once Jira turns out to be off.
 */
export function useJiraEnabled(): boolean {
  const { jira } = useJiraIntegration();
  return jira !== undefined && jira.enabled;
}
