/**
 * Users table access. Password hashes stay inside this module: callers get `UserRecord`s, and
 * credentials are checked here, so no hash can reach a presenter or a log line by mistake.
 */
import type { Kysely, Selectable } from 'kysely';
import { decoyPasswordHash, verifyPassword } from '../../auth/crypto';
import { toCount, type DialectName } from '../database';
import type { Database, UsersTable } from '../schema';

export type Role = UsersTable['role'];

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
  /** When an admin deactivated the user; null while the user is active. */
  deactivatedAt: string | null;
}

const PUBLIC_COLUMNS = ['id', 'email', 'name', 'role', 'created_at', 'updated_at', 'deactivated_at'] as const;

/** The user columns a join must select (as `users.<column>`) to build a UserRecord with `toUserRecord`. */
export const USER_RECORD_COLUMNS = [
  'users.id',
  'users.email',
  'users.name',
  'users.role',
  'users.created_at',
  'users.updated_at',
  'users.deactivated_at',
] as const;

export function toUserRecord(row: Pick<Selectable<UsersTable>, (typeof PUBLIC_COLUMNS)[number]>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deactivatedAt: row.deactivated_at,
  };
}

const toRecord = toUserRecord;

/**
 * The hash to verify against: the decoy when the user is unknown or has no password (an imported
 * user, import-repository.ts), so neither answers faster than a wrong password would.
 */
async function hashOrDecoy(stored: string | undefined): Promise<string> {
  return stored?.startsWith('scrypt$') ? stored : decoyPasswordHash();
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRecord | null> {
  const row = await db.selectFrom('users').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserRecord | null> {
  const row = await db.selectFrom('users').select(PUBLIC_COLUMNS).where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function listUsers(db: Kysely<Database>): Promise<UserRecord[]> {
  const rows = await db.selectFrom('users').select(PUBLIC_COLUMNS).orderBy('name').orderBy('email').execute();
  return rows.map(toRecord);
}

/** Users by id, for owner/author summaries; unknown ids are simply absent from the map. */
export async function findUsersByIds(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, UserRecord>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(PUBLIC_COLUMNS).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, toRecord(row)]));
}

/** The user whose email and password match, else null; takes the same time either way. */
export async function findUserByCredentials(db: Kysely<Database>, email: string, password: string): Promise<UserRecord | null> {
  const row = await db
    .selectFrom('users')
    .select([...PUBLIC_COLUMNS, 'password_hash'])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  const matches = await verifyPassword(password, await hashOrDecoy(row?.password_hash));
  return row && matches ? toRecord(row) : null;
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('count')).executeTakeFirst();
  return toCount(row?.count);
}

/** True when the password is the user's current one (false for an unknown user). */
export async function passwordMatches(db: Kysely<Database>, id: string, password: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
  const matches = await verifyPassword(password, await hashOrDecoy(row?.password_hash));
  return row !== undefined && matches;
}

/**
 * Active admins, counted with their rows locked on PostgreSQL, so two concurrent demotions or
 * deactivations inside transactions cannot both see "another admin remains". SQLite serialises
 * writers anyway. A deactivated admin can't sign in, so they don't count.
 */
export async function countActiveAdminsForUpdate(db: Kysely<Database>, dialect: DialectName): Promise<number> {
  const query = db.selectFrom('users').select('id').where('role', '=', 'admin').where('deactivated_at', 'is', null);
  const rows = dialect === 'postgres' ? await query.forUpdate().execute() : await query.execute();
  return rows.length;
}

export interface NewUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  now: string;
}

export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<UserRecord> {
  const row = await db
    .insertInto('users')
    .values({
      id: user.id,
      email: normaliseEmail(user.email),
      name: user.name,
      role: user.role,
      password_hash: user.passwordHash,
      created_at: user.now,
      updated_at: user.now,
    })
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

export interface UserChanges {
  email?: string;
  name?: string;
  role?: Role;
  passwordHash?: string;
  /** A time deactivates the user, null reactivates them, undefined leaves it as it is. */
  deactivatedAt?: string | null;
}

export async function updateUser(db: Kysely<Database>, id: string, changes: UserChanges, now: string): Promise<UserRecord | null> {
  const row = await db
    .updateTable('users')
    .set({
      ...(changes.email !== undefined ? { email: normaliseEmail(changes.email) } : {}),
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
      ...(changes.deactivatedAt !== undefined ? { deactivated_at: changes.deactivatedAt } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirst();
  return row ? toRecord(row) : null;
}
