/**
 * Sign-in, sessions and resolving the caller of a request from a session cookie or a bearer token.
 * Sessions slide: each use within the lifetime pushes the expiry out again (written at most once
 * per SESSION_TOUCH_INTERVAL_MS so that reads don't all turn into writes).
 */
import type { Kysely } from 'kysely';
import { newSecret, sha256 } from '../auth/crypto';
import type { CurrentUser } from '../auth/current-user';
import type { Database } from '../db/schema';
import { UnauthenticatedError } from '../errors';
import { deleteExpiredSessions, deleteSession, extendSession, findLiveSession, insertSession } from '../db/repositories/sessions-repository';
import { findUserByTokenHash, markApiTokenUsed } from '../db/repositories/tokens-repository';
import { findUserByCredentials, type UserRecord } from '../db/repositories/users-repository';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const SESSION_TOUCH_INTERVAL_MS = 60 * 60 * 1000;
const TOKEN_TOUCH_INTERVAL_MS = 60 * 1000;

/**
 * A credential (password, session or API token) of a user an admin deactivated. 401 like any dead
 * credential, but saying why, so neither the person nor their scripts keep guessing.
 */
export class AccountDeactivatedError extends UnauthenticatedError {
  constructor() {
    super('This account was deactivated by an admin, so its sessions and API tokens no longer work; ask an admin of your Pacer to reactivate it.');
  }
}

export function toCurrentUser(user: UserRecord): CurrentUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Creates a session; returns the secret cookie value (only its hash is stored). */
export async function startSession(db: Kysely<Database>, userId: string, now = new Date()): Promise<string> {
  const secret = newSecret();
  await insertSession(db, {
    idHash: sha256(secret),
    userId,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  });
  return secret;
}

export async function login(db: Kysely<Database>, email: string, password: string): Promise<{ user: UserRecord; sessionSecret: string }> {
  const user = await findUserByCredentials(db, email, password);
  if (!user) throw new UnauthenticatedError('The email or password is wrong; check both and try again.');
  // Said only after the password matched, so guessing can't tell which accounts are deactivated.
  if (user.deactivatedAt !== null) throw new AccountDeactivatedError();
  // Sign-ins are rare and rate-limited: a fine moment to drop sessions that can no longer be used.
  await deleteExpiredSessions(db, new Date().toISOString());
  return { user, sessionSecret: await startSession(db, user.id) };
}

export async function logout(db: Kysely<Database>, sessionSecret: string): Promise<void> {
  await deleteSession(db, sha256(sessionSecret));
}

/**
 * The user of a live session, extending it; null for an unknown or expired session. Throws
 * AccountDeactivatedError for a deactivated user's session (kept, so the message can say why).
 */
export async function userFromSession(db: Kysely<Database>, sessionSecret: string, now = new Date()): Promise<CurrentUser | null> {
  const session = await findLiveSession(db, sha256(sessionSecret), now.toISOString());
  if (!session) return null;
  if (session.user.deactivatedAt !== null) throw new AccountDeactivatedError();
  if (now.getTime() - Date.parse(session.lastSeenAt) > SESSION_TOUCH_INTERVAL_MS) {
    await extendSession(db, session.idHash, now.toISOString(), new Date(now.getTime() + SESSION_TTL_MS).toISOString());
  }
  return toCurrentUser(session.user);
}

/** The owner of an API token; null for an unknown token; AccountDeactivatedError for a deactivated owner. */
export async function userFromApiToken(db: Kysely<Database>, token: string, now = new Date()): Promise<CurrentUser | null> {
  const found = await findUserByTokenHash(db, sha256(token));
  if (!found) return null;
  if (found.user.deactivatedAt !== null) throw new AccountDeactivatedError();
  if (found.lastUsedAt === null || now.getTime() - Date.parse(found.lastUsedAt) > TOKEN_TOUCH_INTERVAL_MS) {
    await markApiTokenUsed(db, found.tokenId, now.toISOString());
  }
  return toCurrentUser(found.user);
}
