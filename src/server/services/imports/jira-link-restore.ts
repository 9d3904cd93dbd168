/**
 * Restore's Jira links: a Pacer export names each link's connection by name only (no secrets), so
 * a link is linked again only where this Pacer has a connection of the same name (case-insensitive);
 * the others are listed in the report's skipped by the converter (pacer-document-plan.ts). A
 * restored link is written as a saved link that has not synced yet, due at once: the next sync
 * round fetches it (nothing is asked of Jira during the import). Runs after the plan's commit, in a
 * transaction of its own, because the links need the ids the commit gave the objectives and key
 * results; an item that already has a link keeps it.
 */
import type { Kysely } from 'kysely';
import type { ExportedJiraLink } from '../../../contract/exports';
import { listLiveImportedRefs } from '../../db/repositories/import-repository';
import { findLinkOf, insertLink, type LinkTarget } from '../../db/repositories/integration-links-repository';
import { listJiraConnections } from '../../db/repositories/jira-connections-repository';
import type { Database } from '../../db/schema';
import { normaliseOptions, serialiseOptions } from '../sync/link-options';
import { queriesFor, type LinkSpec } from '../sync/sync-plan';

/** Lower-cased connection name → id, for the converter (which links will be restored) and for the restore. */
export async function connectionIdsByName(db: Kysely<Database>): Promise<Map<string, string>> {
  return new Map((await listJiraConnections(db)).map((connection) => [connection.name.trim().toLowerCase(), connection.id]));
}

/** Links the document's items again where a connection of the same name exists; answers how many were written. */
export async function restoreJiraLinks(db: Kysely<Database>, links: readonly ExportedJiraLink[], refSource: string, now: Date): Promise<number> {
  if (links.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const connections = await connectionIdsByName(trx);
    const localIds = new Map((await listLiveImportedRefs(trx, refSource)).map((ref) => [`${ref.kind}:${ref.externalId}`, ref.localId]));
    let restored = 0;
    for (const link of links) {
      const connectionId = link.connectionName === null ? undefined : connections.get(link.connectionName.trim().toLowerCase());
      const localId = link.keyResultId !== null ? localIds.get(`keyResult:${link.keyResultId}`) : localIds.get(`objective:${link.objectiveId ?? ''}`);
      if (connectionId === undefined || localId === undefined) continue;
      const target: LinkTarget = link.keyResultId !== null ? { keyResultId: localId } : { objectiveId: localId };
      if (await findLinkOf(trx, target)) continue;
      const options = normaliseOptions(link);
      const spec: LinkSpec = {
        id: crypto.randomUUID(),
        objectiveId: target.objectiveId ?? null,
        keyResultId: target.keyResultId ?? null,
        connectionId,
        jql: link.jql.trim(),
        metric: link.metric,
        options,
        progress: null,
      };
      const query = (await queriesFor(trx, [spec])).get(spec.id);
      if (!query) continue;
      const definition = { connectionId, jql: spec.jql, metric: spec.metric, options: serialiseOptions(options), queryHash: query.hash };
      await insertLink(trx, { id: spec.id, target, definition, nextDueAt: now.toISOString() }, now.toISOString());
      restored += 1;
    }
    return restored;
  });
}
