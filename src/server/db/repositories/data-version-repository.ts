/**
 * SQL for data_version (migration 0014): one number that changes, in the same transaction, with
 * every write to a table the OKR list reads. A cached list is current while this is unchanged.
 */
import type { Db } from '../database';

/** The current version as text (PostgreSQL returns a bigint as a string; SQLite a number). */
export async function readDataVersion(db: Db): Promise<string> {
  const row = await db.selectFrom('data_version').select('version').where('id', '=', 1).executeTakeFirst();
  // The migration inserts the row and nothing deletes it; a missing row means "never cache".
  return row === undefined ? `missing-${crypto.randomUUID()}` : String(row.version);
}
