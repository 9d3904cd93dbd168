/**
 * SQL for Jira webhooks: each connection's webhook state, the delivery ids seen recently (so a
 * duplicate is recognised by whichever process receives it), and the links a changed issue can
 * affect.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import { isUniqueViolation } from '../database';

export interface WebhookState {
  connectionId: string;
  secretCiphertext: string | null;
  registeredAt: string | null;
  lastDeliveryAt: string | null;
}

export async function findWebhookState(db: Kysely<Database>, connectionId: string): Promise<WebhookState | null> {
  const row = await db
    .selectFrom('jira_connections')
    .select(['id', 'webhook_secret_ciphertext', 'webhook_registered_at', 'webhook_last_delivery_at'])
    .where('id', '=', connectionId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    connectionId: row.id,
    secretCiphertext: row.webhook_secret_ciphertext,
    registeredAt: row.webhook_registered_at,
    lastDeliveryAt: row.webhook_last_delivery_at,
  };
}

/** Sets the secret only if none is stored yet (two admins opening the page at once get the same one). */
export async function setWebhookSecretIfMissing(db: Kysely<Database>, connectionId: string, ciphertext: string): Promise<void> {
  await db
    .updateTable('jira_connections')
    .set({ webhook_secret_ciphertext: ciphertext })
    .where('id', '=', connectionId)
    .where('webhook_secret_ciphertext', 'is', null)
    .execute();
}

/** A new secret: the URL registered in Jira stops working, so the registration is forgotten too. */
export async function replaceWebhookSecret(db: Kysely<Database>, connectionId: string, ciphertext: string): Promise<void> {
  await db
    .updateTable('jira_connections')
    .set({ webhook_secret_ciphertext: ciphertext, webhook_registered_at: null })
    .where('id', '=', connectionId)
    .execute();
}

export async function recordWebhookRegistered(db: Kysely<Database>, connectionId: string, at: string): Promise<void> {
  await db.updateTable('jira_connections').set({ webhook_registered_at: at }).where('id', '=', connectionId).execute();
}

/**
 * Records a delivery's time. Skipped while the stored time is recent: "live" needs minutes of
 * precision, and a burst of deliveries should not queue up on one row lock.
 */
export async function recordWebhookDelivery(db: Kysely<Database>, connectionId: string, at: string, unlessAfter: string): Promise<void> {
  await db
    .updateTable('jira_connections')
    .set({ webhook_last_delivery_at: at })
    .where('id', '=', connectionId)
    .where((eb) => eb.or([eb('webhook_last_delivery_at', 'is', null), eb('webhook_last_delivery_at', '<', unlessAfter)]))
    .execute();
}

/** Remembers a delivery id; false when another request recorded it first (a duplicate). */
export async function rememberDelivery(db: Kysely<Database>, connectionId: string, deliveryId: string, at: string): Promise<boolean> {
  try {
    const result = await db
      .insertInto('webhook_deliveries')
      .values({ connection_id: connectionId, delivery_id: deliveryId, received_at: at })
      .onConflict((oc) => oc.columns(['connection_id', 'delivery_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function forgetDelivery(db: Kysely<Database>, connectionId: string, deliveryId: string): Promise<void> {
  await db.deleteFrom('webhook_deliveries').where('connection_id', '=', connectionId).where('delivery_id', '=', deliveryId).execute();
}

export async function pruneDeliveries(db: Kysely<Database>, receivedBefore: string): Promise<void> {
  await db.deleteFrom('webhook_deliveries').where('received_at', '<', receivedBefore).execute();
}

/** Links of the connection whose query, as they last synced it, holds one of these issue keys (members in the issue mirror). */
export async function listLinkIdsHoldingIssues(db: Kysely<Database>, connectionId: string, issueKeys: readonly string[]): Promise<string[]> {
  if (issueKeys.length === 0) return [];
  const rows = await db
    .selectFrom('jira_issues as i')
    // By each link's query and the issue: the membership's primary key (it has no index by issue alone).
    .innerJoin('integration_links as l', 'l.connection_id', 'i.connection_id')
    .innerJoin('jira_query_issues as qi', (join) => join.onRef('qi.query_hash', '=', 'l.synced_query_hash').onRef('qi.issue_id', '=', 'i.issue_id'))
    .select('l.id')
    .distinct()
    .where('i.connection_id', '=', connectionId)
    .where('i.issue_key', 'in', [...issueKeys])
    .where('qi.left_generation', 'is', null)
    .where('l.connection_id', '=', connectionId)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Links of the connection whose JQL contains one of the terms anywhere, ignoring case: a cheap
 * filter in the database; the caller checks each candidate for the term as a whole token.
 */
export async function listLinksWithJqlContaining(
  db: Kysely<Database>,
  connectionId: string,
  terms: readonly string[],
): Promise<Array<{ id: string; jql: string }>> {
  if (terms.length === 0) return [];
  return db
    .selectFrom('integration_links')
    .select(['id', 'jql'])
    .where('connection_id', '=', connectionId)
    .where((eb) => eb.or(terms.map((term) => sql<boolean>`lower(jql) like ${`%${escapeLike(term.toLowerCase())}%`} escape '\\'`)))
    .execute()
    .then((rows) => rows.map((row) => ({ id: row.id, jql: row.jql })));
}

/** LIKE treats % and _ as wildcards (a project key may well contain "_"); SQLite has no default escape character. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
