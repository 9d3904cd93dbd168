/** Accounts: listing, admin-created users and changes, with the rule that one admin always remains. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/crypto';
import { isUniqueViolation, type DialectName } from '../db/database';
import { deleteSessionsOfUser } from '../db/repositories/sessions';
import * as usersRepo from '../db/repositories/users';
import type { Role, UserRecord } from '../db/repositories/users';
import type { Database } from '../db/schema';
import { ConflictError, NotFoundError } from '../errors';

/** The public shape of a user (docs/API.md `User`). */
export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

/** Owner/author summary (docs/API.md `Person`). */
export interface PersonDto {
  id: string;
  name: string;
}

export function presentUser(user: UserRecord): UserDto {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt };
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
}

export async function updateUser(db: Kysely<Database>, dialect: DialectName, id: string, changes: UserChangesInput): Promise<UserDto> {
  const passwordHash = changes.password !== undefined ? await hashPassword(changes.password) : undefined;
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await usersRepo.findUserById(trx, id);
      if (!existing) throw new NotFoundError(`User ${id}`);
      if (existing.role === 'admin' && changes.role === 'member') {
        const admins = await usersRepo.countAdminsForUpdate(trx, dialect);
        if (admins <= 1) {
          throw new ConflictError(`${existing.name} is the last admin and can't become a member; make another user admin first.`, [
            { field: 'role', message: 'the last admin cannot be demoted' },
          ]);
        }
      }
      const updated = await usersRepo.updateUser(
        trx,
        id,
        { email: changes.email, name: changes.name, role: changes.role, passwordHash },
        new Date().toISOString(),
      );
      if (!updated) throw new NotFoundError(`User ${id}`);
      // A new password ends every session made with the old one.
      if (passwordHash !== undefined) await deleteSessionsOfUser(trx, id);
      return presentUser(updated);
    });
  } catch (error) {
    if (isUniqueViolation(error) && changes.email !== undefined) throw emailTaken(changes.email);
    throw error;
  }
}
