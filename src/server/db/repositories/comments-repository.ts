import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export interface CommentRecord {
  id: string;
  objectiveId: string | null;
  keyResultId: string | null;
  authorId: string | null;
  text: string;
  createdAt: string;
}

type Target = { keyResultId: string } | { objectiveId: string };

/** An item's newest comments first, at most `limit` (on the (target, created_at) indexes of 0013). */
export async function listComments(db: Kysely<Database>, target: Target, limit: number): Promise<CommentRecord[]> {
  const query = db.selectFrom('comments').selectAll();
  const filtered =
    'keyResultId' in target ? query.where('key_result_id', '=', target.keyResultId) : query.where('objective_id', '=', target.objectiveId);
  const rows = await filtered.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    objectiveId: row.objective_id,
    keyResultId: row.key_result_id,
    authorId: row.author_id,
    text: row.text,
    createdAt: row.created_at,
  }));
}
