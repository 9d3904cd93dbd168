/** Sessions table access. Rows are keyed by the sha256 of the cookie value, never the value itself. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { toUserRecord, USER_RECORD_COLUMNS, type UserRecord } from './users-repository';

export interface SessionWithUser {
  idHash: string;
  expiresAt: string;
  lastSeenAt: string;
  user: UserRecord;
}

export async function insertSession(
  db: Kysely<Database>,
  session: { idHash: string; userId: string; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      created_at: session.now,
      last_seen_at: session.now,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** The unexpired session with this hash and its user, else null. */
export async function findLiveSession(db: Kysely<Database>, idHash: string, now: string): Promise<SessionWithUser | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id_hash', 'sessions.expires_at', 'sessions.last_seen_at', ...USER_RECORD_COLUMNS])
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return null;
  return {
    idHash: row.id_hash,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
    user: toUserRecord(row),
  };
}

export async function extendSession(db: Kysely<Database>, idHash: string, now: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of the user, except the one whose hash is `keepIdHash` (the caller's own). */
export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string, keepIdHash?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash !== undefined) query = query.where('id_hash', '!=', keepIdHash);
  await query.execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}
