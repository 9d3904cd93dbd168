/**
 * Comments of an objective or a key result, newest first, for its History tab. Anyone signed in
 * may read them, as they may read the item.
 */
import type { Kysely } from 'kysely';
import { COMMENTS_LISTED_MAX, type Comment } from '../../contract/comments';
import { listComments, type CommentRecord } from '../db/repositories/comments-repository';
import type { Database } from '../db/schema';
import { requireKeyResult } from './key-results-service';
import { loadPeople } from './objectives-evaluation';
import { requireObjective } from './objectives-service';

async function present(db: Kysely<Database>, comments: readonly CommentRecord[]): Promise<Comment[]> {
  const people = await loadPeople(db, comments.flatMap((c) => (c.authorId === null ? [] : [c.authorId])));
  return comments.map((comment) => ({
    id: comment.id,
    objectiveId: comment.objectiveId,
    keyResultId: comment.keyResultId,
    text: comment.text,
    author: comment.authorId === null ? null : (people.get(comment.authorId) ?? { id: comment.authorId, name: 'Former user' }),
    createdAt: comment.createdAt,
  }));
}

export async function listObjectiveComments(db: Kysely<Database>, objectiveId: string): Promise<Comment[]> {
  await requireObjective(db, objectiveId);
  return present(db, await listComments(db, { objectiveId }, COMMENTS_LISTED_MAX));
}

export async function listKeyResultComments(db: Kysely<Database>, keyResultId: string): Promise<Comment[]> {
  await requireKeyResult(db, keyResultId);
  return present(db, await listComments(db, { keyResultId }, COMMENTS_LISTED_MAX));
}
