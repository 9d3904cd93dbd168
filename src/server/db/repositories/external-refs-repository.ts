/**
 * SQL for external_refs: which local row an imported item became, by (source, entity type,
 * external id), so importing the same file again matches instead of creating (issue 14 imports).
 */
import type { Db } from '../database';
import { chunked, unique } from '../in-list-chunks';

export interface ExternalRef {
  source: string;
  entityType: string;
  externalId: string;
  localId: string;
}

/** Local ids of these external ids of one source and entity type, keyed by external id. */
export async function findLocalIds(db: Db, source: string, entityType: string, externalIds: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const chunk of chunked(unique(externalIds))) {
    const rows = await db
      .selectFrom('external_refs')
      .select(['external_id', 'local_id'])
      .where('source', '=', source)
      .where('entity_type', '=', entityType)
      .where('external_id', 'in', chunk)
      .execute();
    for (const row of rows) found.set(row.external_id, row.local_id);
  }
  return found;
}

/** Records (or re-points) where an external item lives locally. */
export async function saveExternalRef(db: Db, ref: ExternalRef, now: string): Promise<void> {
  await db
    .insertInto('external_refs')
    .values({ source: ref.source, entity_type: ref.entityType, external_id: ref.externalId, local_id: ref.localId, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['source', 'entity_type', 'external_id']).doUpdateSet({ local_id: ref.localId, updated_at: now }))
    .execute();
}

/**
 * Forgets every ref pointing at these local rows, so a later import creates them again instead of
 * matching a deleted row. Called by the repositories that delete objectives, key results and teams.
 */
export async function deleteRefsTo(db: Db, localIds: readonly string[]): Promise<void> {
  for (const chunk of chunked(unique(localIds))) {
    await db.deleteFrom('external_refs').where('local_id', 'in', chunk).execute();
  }
}
