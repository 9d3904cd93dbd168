/** Personal API tokens for scripts: the token is returned once at creation, only its hash is kept. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newApiToken, sha256 } from '../auth/crypto';
import { deleteApiTokenOfUser, insertApiToken, listApiTokensOfUser, type ApiTokenRecord } from '../db/repositories/tokens-repository';
import { findUserById } from '../db/repositories/users-repository';
import type { Database } from '../db/schema';
import { NotFoundError } from '../errors';
import type { ApiToken, CreatedApiToken } from '../../contract/tokens';

// The API contract's types: what these return is what the token routes' schemas describe.
export type ApiTokenDto = ApiToken;
export type CreatedApiTokenDto = CreatedApiToken;

function presentToken(record: ApiTokenRecord): ApiTokenDto {
  return { id: record.id, name: record.name, createdAt: record.createdAt, lastUsedAt: record.lastUsedAt };
}

export async function createApiToken(db: Kysely<Database>, userId: string, name: string): Promise<CreatedApiTokenDto> {
  const token = newApiToken();
  const record = await insertApiToken(db, { id: randomUUID(), userId, name, tokenHash: sha256(token), now: new Date().toISOString() });
  return { id: record.id, name: record.name, token, createdAt: record.createdAt };
}

export async function listApiTokens(db: Kysely<Database>, userId: string): Promise<ApiTokenDto[]> {
  return (await listApiTokensOfUser(db, userId)).map(presentToken);
}

export async function deleteApiToken(db: Kysely<Database>, userId: string, id: string): Promise<void> {
  if (!(await deleteApiTokenOfUser(db, id, userId))) throw new NotFoundError(`API token ${id}`);
}

/** Any user's tokens, for admins; 404 when there is no such user (an empty list means no tokens). */
export async function listApiTokensOfAnyUser(db: Kysely<Database>, userId: string): Promise<ApiTokenDto[]> {
  if (!(await findUserById(db, userId))) throw new NotFoundError(`User ${userId}`);
  return listApiTokens(db, userId);
}

/** An admin revokes one of any user's tokens; 404 when the token is not that user's. */
export async function revokeApiTokenOfAnyUser(db: Kysely<Database>, userId: string, tokenId: string): Promise<void> {
  if (!(await deleteApiTokenOfUser(db, tokenId, userId))) throw new NotFoundError(`API token ${tokenId} of user ${userId}`);
}
