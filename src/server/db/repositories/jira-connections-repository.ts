/**
 * SQL for Jira connections. Returns camelCase records; the encrypted secret travels in its own
 * field (`secretCiphertext`) so that services decide when to decrypt and presenters never see it.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, JiraConnectionsTable } from '../schema';

export type JiraAuthType = JiraConnectionsTable['auth_type'];
export type JiraDeploymentType = JiraConnectionsTable['deployment_type'];
export type JiraHealthStatus = JiraConnectionsTable['health'];
export type JiraLinkAccess = Selectable<JiraConnectionsTable>['link_access'];

export interface JiraConnectionHealth {
  status: JiraHealthStatus;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  lastCheckedAt: string | null;
}

export interface JiraConnectionRecord {
  id: string;
  name: string;
  url: string;
  username: string;
  authType: JiraAuthType;
  secretCiphertext: string;
  deploymentType: JiraDeploymentType;
  jiraUserName: string | null;
  jiraAccountId: string | null;
  health: JiraConnectionHealth;
  /** When Jira last delivered a webhook event for this connection. */
  webhookLastDeliveryAt: string | null;
  /** JQL ANDed onto every preview, link and sync of this connection; null: none. */
  scopeJql: string | null;
  linkAccess: JiraLinkAccess;
  createdAt: string;
  updatedAt: string;
}

/** What a successful connection test learnt about the site and the signed-in user. */
export interface JiraIdentity {
  deploymentType: JiraDeploymentType;
  jiraUserName: string;
  jiraAccountId: string | null;
}

export interface NewJiraConnection {
  name: string;
  url: string;
  username: string;
  authType: JiraAuthType;
  secretCiphertext: string;
  scopeJql?: string | null;
  linkAccess?: JiraLinkAccess;
}

function toRecord(row: Selectable<JiraConnectionsTable>): JiraConnectionRecord {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    username: row.username,
    authType: row.auth_type,
    secretCiphertext: row.secret_ciphertext,
    deploymentType: row.deployment_type,
    jiraUserName: row.jira_user_name,
    jiraAccountId: row.jira_account_id,
    health: {
      status: row.health,
      lastErrorCode: row.last_error_code,
      lastErrorMessage: row.last_error_message,
      lastCheckedAt: row.last_checked_at,
    },
    webhookLastDeliveryAt: row.webhook_last_delivery_at,
    scopeJql: row.scope_jql,
    linkAccess: row.link_access,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Alphabetical, case-insensitively, so the admin list and members' choices read the same. */
export async function listJiraConnections(db: Kysely<Database>): Promise<JiraConnectionRecord[]> {
  const rows = await db.selectFrom('jira_connections').selectAll().orderBy(sql`lower(name)`).orderBy('id').execute();
  return rows.map(toRecord);
}

/** Only ids and names, for members (no URL, user or health leaves this query): those everyone may link with. */
export async function listJiraConnectionNames(db: Kysely<Database>): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom('jira_connections')
    .select(['id', 'name'])
    .where('link_access', '=', 'everyone')
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
}

/** Each connection's scope JQL (null: none), for the queries of links on these connections. */
export async function findConnectionScopes(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('jira_connections').select(['id', 'scope_jql']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, row.scope_jql]));
}

/** Makes every link of the connection due now, so the next sync round runs them with its new scope. */
export async function makeConnectionLinksDue(db: Kysely<Database>, connectionId: string, now: string): Promise<void> {
  await db.updateTable('integration_links').set({ next_due_at: now }).where('connection_id', '=', connectionId).where('next_due_at', '>', now).execute();
}

export async function findJiraConnection(db: Kysely<Database>, id: string): Promise<JiraConnectionRecord | null> {
  const row = await db.selectFrom('jira_connections').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Another connection with this name, ignoring case; `exceptId` skips the one being renamed. */
export async function findJiraConnectionByName(
  db: Kysely<Database>,
  name: string,
  exceptId?: string,
): Promise<{ id: string; name: string } | null> {
  let query = db
    .selectFrom('jira_connections')
    .select(['id', 'name'])
    .where(sql<string>`lower(name)`, '=', name.toLowerCase());
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) ?? null;
}

/** Inserts a connection that has just passed its test, so it starts healthy. */
export async function insertJiraConnection(
  db: Kysely<Database>,
  connection: NewJiraConnection,
  identity: JiraIdentity,
  now: string,
): Promise<JiraConnectionRecord> {
  const row: Selectable<JiraConnectionsTable> = {
    id: crypto.randomUUID(),
    name: connection.name,
    url: connection.url,
    username: connection.username,
    auth_type: connection.authType,
    secret_ciphertext: connection.secretCiphertext,
    deployment_type: identity.deploymentType,
    jira_user_name: identity.jiraUserName,
    jira_account_id: identity.jiraAccountId,
    health: 'ok',
    last_error_code: null,
    last_error_message: null,
    last_checked_at: now,
    created_at: now,
    updated_at: now,
    // The webhook secret is made when an admin first asks for the webhook URL.
    webhook_secret_ciphertext: null,
    webhook_registered_at: null,
    webhook_last_delivery_at: null,
    quota_paused_until: null,
    scope_jql: connection.scopeJql ?? null,
    link_access: connection.linkAccess ?? 'everyone',
  };
  await db.insertInto('jira_connections').values(row).execute();
  return toRecord(row);
}

export interface JiraConnectionChanges {
  name?: string;
  url?: string;
  username?: string;
  authType?: JiraAuthType;
  secretCiphertext?: string;
  scopeJql?: string | null;
  linkAccess?: JiraLinkAccess;
}

/**
 * Saves changed settings. `identity` is given when the changes were tested against Jira; the
 * connection is then healthy as of `now`.
 */
export async function updateJiraConnection(
  db: Kysely<Database>,
  id: string,
  changes: JiraConnectionChanges,
  identity: JiraIdentity | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('jira_connections')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.url !== undefined ? { url: changes.url } : {}),
      ...(changes.username !== undefined ? { username: changes.username } : {}),
      ...(changes.authType !== undefined ? { auth_type: changes.authType } : {}),
      ...(changes.secretCiphertext !== undefined ? { secret_ciphertext: changes.secretCiphertext } : {}),
      ...(changes.scopeJql !== undefined ? { scope_jql: changes.scopeJql } : {}),
      ...(changes.linkAccess !== undefined ? { link_access: changes.linkAccess } : {}),
      ...(identity
        ? {
            deployment_type: identity.deploymentType,
            jira_user_name: identity.jiraUserName,
            jira_account_id: identity.jiraAccountId,
            health: 'ok' as const,
            last_error_code: null,
            last_error_message: null,
            last_checked_at: now,
          }
        : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** Records the outcome of a connection test: healthy with what Jira said, or failing with why. */
export async function recordJiraConnectionCheck(
  db: Kysely<Database>,
  id: string,
  outcome: { ok: true; identity: JiraIdentity } | { ok: false; code: string; message: string },
  now: string,
): Promise<void> {
  await db
    .updateTable('jira_connections')
    .set(
      outcome.ok
        ? {
            deployment_type: outcome.identity.deploymentType,
            jira_user_name: outcome.identity.jiraUserName,
            jira_account_id: outcome.identity.jiraAccountId,
            health: 'ok',
            last_error_code: null,
            last_error_message: null,
            last_checked_at: now,
          }
        : { health: 'failing', last_error_code: outcome.code, last_error_message: outcome.message, last_checked_at: now },
    )
    .where('id', '=', id)
    .execute();
}

export async function deleteJiraConnection(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('jira_connections').where('id', '=', id).execute();
}

/** How many objectives and key results follow this connection (each has at most one link). */
export async function countLinkedItems(db: Kysely<Database>, connectionId: string): Promise<number> {
  const row = await db
    .selectFrom('integration_links')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('connection_id', '=', connectionId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
