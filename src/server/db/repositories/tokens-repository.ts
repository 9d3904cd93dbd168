/** Personal API tokens. Only the sha256 of a token is stored; the token itself is shown once. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { toUserRecord, USER_RECORD_COLUMNS, type UserRecord } from './users-repository';

export interface ApiTokenRecord {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const COLUMNS = ['id', 'user_id', 'name', 'created_at', 'last_used_at'] as const;

function toRecord(row: { id: string; user_id: string; name: string; created_at: string; last_used_at: string | null }): ApiTokenRecord {
  return { id: row.id, userId: row.user_id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}

export async function insertApiToken(
  db: Kysely<Database>,
  token: { id: string; userId: string; name: string; tokenHash: string; now: string },
): Promise<ApiTokenRecord> {
  const row = await db
    .insertInto('api_tokens')
    .values({ id: token.id, user_id: token.userId, name: token.name, token_hash: token.tokenHash, created_at: token.now, last_used_at: null })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

export async function listApiTokensOfUser(db: Kysely<Database>, userId: string): Promise<ApiTokenRecord[]> {
  const rows = await db.selectFrom('api_tokens').select(COLUMNS).where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  return rows.map(toRecord);
}

/** Deletes the token only when it belongs to the user; false when there was no such token. */
export async function deleteApiTokenOfUser(db: Kysely<Database>, id: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('api_tokens').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Revokes every API token of the user (after a password change or a reactivation). */
export async function deleteApiTokensOfUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
}

export async function findUserByTokenHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<{ tokenId: string; lastUsedAt: string | null; user: UserRecord } | null> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at', ...USER_RECORD_COLUMNS])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  return {
    tokenId: row.token_id,
    lastUsedAt: row.last_used_at,
    user: toUserRecord(row),
  };
}

export async function markApiTokenUsed(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
