/**
 * Accounts: listing, admin-created users and changes, deactivation and password changes, with the
 * rule that one active admin always remains. A new password and a reactivation both cut off every
 * session and API token made before (except the caller's own session), so nothing handed out
 * under the old state keeps working.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/crypto';
import { isUniqueViolation, type DialectName } from '../db/database';
import { deleteSessionsOfUser } from '../db/repositories/sessions-repository';
import { deleteApiTokensOfUser } from '../db/repositories/tokens-repository';
import * as usersRepo from '../db/repositories/users-repository';
import type { Role, UserRecord } from '../db/repositories/users-repository';
import type { Database } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Person } from '../../contract/fields';
import type { User } from '../../contract/users';

// The API contract's types (docs/API.md `User`, `Person`): presenters cannot drift from the schemas.
export type UserDto = User;
export type PersonDto = Person;

export function presentUser(user: UserRecord): UserDto {
  return { id: user.id, email: user.email, name: user.name, role: user.role, active: user.deactivatedAt === null, createdAt: user.createdAt };
}

export function presentPerson(user: Pick<UserRecord, 'id' | 'name'>): PersonDto {
  return { id: user.id, name: user.name };
}

function emailTaken(email: string): ConflictError {
  return new ConflictError(`The email ${email} is already used by another user; choose another one.`, [
    { field: 'email', message: 'is already used by another user' },
  ]);
}

export async function listUsers(db: Kysely<Database>): Promise<UserDto[]> {
  return (await usersRepo.listUsers(db)).map(presentUser);
}

export async function getUser(db: Kysely<Database>, id: string): Promise<UserDto> {
  const user = await usersRepo.findUserById(db, id);
  if (!user) throw new NotFoundError(`User ${id}`);
  return presentUser(user);
}

export interface NewUserInput {
  email: string;
  name: string;
  password: string;
  role?: Role;
}

export async function createUser(db: Kysely<Database>, input: NewUserInput): Promise<UserDto> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await usersRepo.insertUser(db, {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      role: input.role ?? 'member',
      passwordHash,
      now: new Date().toISOString(),
    });
    return presentUser(user);
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(input.email);
    throw error;
  }
}

export interface UserChangesInput {
  email?: string;
  name?: string;
  role?: Role;
  password?: string;
  active?: boolean;
}

/** Who asks for a change: admins may not deactivate themselves, and their own session survives a reset. */
export interface Changer {
  userId: string;
  /** sha256 of the caller's session cookie, when they signed in with one. */
  sessionIdHash: string | null;
}

/** Ends the user's sessions (but the caller's own) and revokes all their API tokens. */
async function cutOffAccess(db: Kysely<Database>, userId: string, changer: Changer): Promise<void> {
  const keep = changer.userId === userId && changer.sessionIdHash !== null ? changer.sessionIdHash : undefined;
  await deleteSessionsOfUser(db, userId, keep);
  await deleteApiTokensOfUser(db, userId);
}

function lastAdminConflict(name: string, field: 'role' | 'active', action: string): ConflictError {
  return new ConflictError(`${name} is the last active admin and can't ${action}; make another user admin first.`, [
    { field, message: `the last active admin cannot ${action}` },
  ]);
}

/** Refuses a change that would leave no active admin, or an admin deactivating themselves. */
async function checkAdminRules(
  trx: Kysely<Database>,
  dialect: DialectName,
  existing: UserRecord,
  changes: UserChangesInput,
  changer: Changer,
): Promise<void> {
  const deactivating = changes.active === false && existing.deactivatedAt === null;
  if (deactivating && existing.id === changer.userId) {
    throw new ConflictError("You can't deactivate your own account; ask another admin to do it.", [
      { field: 'active', message: 'you cannot deactivate yourself' },
    ]);
  }
  // A deactivated admin is no longer counted, so only changes to an active admin matter.
  if (existing.role !== 'admin' || existing.deactivatedAt !== null) return;
  const demoting = changes.role === 'member';
  if (!demoting && !deactivating) return;
  if ((await usersRepo.countActiveAdminsForUpdate(trx, dialect)) > 1) return;
  throw demoting ? lastAdminConflict(existing.name, 'role', 'become a member') : lastAdminConflict(existing.name, 'active', 'be deactivated');
}

export async function updateUser(
  db: Kysely<Database>,
  dialect: DialectName,
  id: string,
  changes: UserChangesInput,
  changer: Changer,
): Promise<UserDto> {
  const passwordHash = changes.password !== undefined ? await hashPassword(changes.password) : undefined;
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await usersRepo.findUserById(trx, id);
      if (!existing) throw new NotFoundError(`User ${id}`);
      await checkAdminRules(trx, dialect, existing, changes, changer);
      const now = new Date().toISOString();
      const reactivating = changes.active === true && existing.deactivatedAt !== null;
      let deactivatedAt: string | null | undefined;
      if (changes.active === false && existing.deactivatedAt === null) deactivatedAt = now;
      else if (reactivating) deactivatedAt = null;
      const updated = await usersRepo.updateUser(
        trx,
        id,
        { email: changes.email, name: changes.name, role: changes.role, passwordHash, deactivatedAt },
        now,
      );
      if (!updated) throw new NotFoundError(`User ${id}`);
      // While deactivated, sessions and tokens are kept (and refused), so their owner is told why.
      // A new password or a reactivation starts clean: nothing from before works again.
      if (passwordHash !== undefined || reactivating) await cutOffAccess(trx, id, changer);
      return presentUser(updated);
    });
  } catch (error) {
    if (isUniqueViolation(error) && changes.email !== undefined) throw emailTaken(changes.email);
    throw error;
  }
}

/**
 * The signed-in user changes their own password. The current password must be given (a stolen
 * session alone can't lock the owner out); afterwards every other session and all API tokens
 * of the user are revoked, and the session making the change stays signed in.
 */
export async function changeOwnPassword(
  db: Kysely<Database>,
  changer: Changer,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  if (!(await usersRepo.passwordMatches(db, changer.userId, input.currentPassword))) {
    throw ValidationError.field('currentPassword', 'is not your current password; type the password you sign in with');
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    const updated = await usersRepo.updateUser(trx, changer.userId, { passwordHash }, new Date().toISOString());
    if (!updated) throw new NotFoundError(`User ${changer.userId}`);
    await cutOffAccess(trx, changer.userId, changer);
  });
}
