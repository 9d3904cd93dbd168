/**
 * Who may link with a Jira connection. Members see whatever the connection's Jira account sees
 * (within its scope JQL), so an admin can keep a connection to admins only; members then get a 403
 * when they preview or link with it, and the connection list they read leaves it out.
 */
import type { Kysely } from 'kysely';
import { findJiraConnection } from '../../db/repositories/jira-connections-repository';
import type { Database } from '../../db/schema';
import { ForbiddenError } from '../../errors';

export async function assertMayLinkWith(db: Kysely<Database>, connectionId: string, caller: { isAdmin: boolean }): Promise<void> {
  if (caller.isAdmin) return;
  const connection = await findJiraConnection(db, connectionId);
  // An unknown id is answered by the preview or the save itself (400 naming connectionId).
  if (connection?.linkAccess !== 'admins') return;
  throw new ForbiddenError(
    `Only admins may preview or link with the Jira connection "${connection.name}". Choose another connection, or ask an admin to link this item or to open the connection to everyone in Admin > Integrations.`,
  );
}
