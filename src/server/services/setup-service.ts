/**
 * First run: while no user exists, anyone may create the first admin. The claim of a settings key
 * inside the same transaction makes this race-safe: of two simultaneous set-ups exactly one wins.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/crypto';
import { claimSetting } from '../db/repositories/settings-repository';
import { countUsers, insertUser } from '../db/repositories/users-repository';
import type { Database } from '../db/schema';
import { SetupDoneError } from '../errors';
import { startSession } from './auth-service';
import { presentUser, type UserDto } from './users-service';

const SETUP_CLAIM_KEY = 'setup.completedAt';

export async function isSetupNeeded(db: Kysely<Database>): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

export async function setUpFirstAdmin(
  db: Kysely<Database>,
  input: { email: string; name: string; password: string },
): Promise<{ user: UserDto; sessionSecret: string }> {
  if (!(await isSetupNeeded(db))) throw new SetupDoneError();
  const passwordHash = await hashPassword(input.password);
  const now = new Date().toISOString();
  const user = await db.transaction().execute(async (trx) => {
    if (!(await claimSetting(trx, SETUP_CLAIM_KEY, now, now))) throw new SetupDoneError();
    if ((await countUsers(trx)) > 0) throw new SetupDoneError();
    return insertUser(trx, { id: randomUUID(), email: input.email, name: input.name, role: 'admin', passwordHash, now });
  });
  return { user: presentUser(user), sessionSecret: await startSession(db, user.id) };
}
