/**
 * The integrations toggle. Jira is off until an admin enables it; disabling hides Jira from
 * members (no connection names, no linking) and pauses syncing, but deletes nothing, so enabling
 * again resumes where it was. Both flags live in the settings table (no migration needed).
 */
import type { Kysely } from 'kysely';
import { readSettings, writeSetting } from '../db/repositories/settings-repository';
import type { Database } from '../db/schema';

const JIRA_ENABLED_KEY = 'integrations.jira.enabled';
/** Admin setting: let connections use link-local and cloud-metadata addresses (refused by default). */
const JIRA_ALLOW_LINK_LOCAL_KEY = 'integrations.jira.allowLinkLocal';

export interface IntegrationView {
  type: 'jira';
  enabled: boolean;
}

export interface JiraIntegrationSettings extends IntegrationView {
  allowLinkLocal: boolean;
}

export async function getJiraIntegrationSettings(db: Kysely<Database>): Promise<JiraIntegrationSettings> {
  const stored = await readSettings(db, [JIRA_ENABLED_KEY, JIRA_ALLOW_LINK_LOCAL_KEY]);
  // Anything but a stored `true` (absent, hand-edited nonsense) means off: the safe default for both.
  return {
    type: 'jira',
    enabled: stored.get(JIRA_ENABLED_KEY) === true,
    allowLinkLocal: stored.get(JIRA_ALLOW_LINK_LOCAL_KEY) === true,
  };
}

export async function isJiraEnabled(db: Kysely<Database>): Promise<boolean> {
  return (await getJiraIntegrationSettings(db)).enabled;
}

/** Every integration Pacer offers; admins also see the Jira settings. */
export async function listIntegrations(db: Kysely<Database>, forAdmin: boolean): Promise<Array<IntegrationView | JiraIntegrationSettings>> {
  const jira = await getJiraIntegrationSettings(db);
  return [forAdmin ? jira : { type: jira.type, enabled: jira.enabled }];
}

export async function updateJiraIntegration(
  db: Kysely<Database>,
  changes: { enabled: boolean; allowLinkLocal?: boolean | undefined },
  now: Date,
): Promise<JiraIntegrationSettings> {
  await db.transaction().execute(async (trx) => {
    await writeSetting(trx, JIRA_ENABLED_KEY, changes.enabled, now.toISOString());
    if (changes.allowLinkLocal !== undefined) await writeSetting(trx, JIRA_ALLOW_LINK_LOCAL_KEY, changes.allowLinkLocal, now.toISOString());
  });
  return getJiraIntegrationSettings(db);
}
