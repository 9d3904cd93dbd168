/** Organisation settings as key → JSON text rows, so new settings need no migration. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export async function readSettings(db: Kysely<Database>, keys: readonly string[]): Promise<Map<string, unknown>> {
  if (keys.length === 0) return new Map();
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', [...keys]).execute();
  const values = new Map<string, unknown>();
  for (const row of rows) {
    try {
      values.set(row.key, JSON.parse(row.value));
    } catch {
      // A hand-edited, unparsable value falls back to the default rather than breaking every page.
    }
  }
  return values;
}

export async function writeSetting(db: Kysely<Database>, key: string, value: unknown, now: string): Promise<void> {
  const text = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: text, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: now }))
    .execute();
}

/**
 * Inserts the key only if absent; true when this call created it. Used as a one-time claim
 * (e.g. first-run set-up), which the primary key makes race-safe on both engines.
 */
export async function claimSetting(db: Kysely<Database>, key: string, value: unknown, now: string): Promise<boolean> {
  const result = await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
