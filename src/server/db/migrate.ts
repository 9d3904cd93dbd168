/**
 * Brings the database schema up to date at start. A database migrated by a newer Pacer (applied
 * migrations this code does not know) or with migrations applied out of order is refused: running
 * old code on a newer schema corrupts data quietly, so the start stops with a message instead.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { MIGRATIONS } from './migrations/index';

export const MIGRATION_TABLE = 'kysely_migration';
const MIGRATION_LOCK_TABLE = 'kysely_migration_lock';

export class MigrationMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationMismatchError';
  }
}

type OrderedMigrations = ReadonlyArray<readonly [string, Migration]>;

function providerFor(migrations: OrderedMigrations): MigrationProvider {
  return { getMigrations: async () => Object.fromEntries(migrations) };
}

async function appliedMigrationNames<DB>(db: Kysely<DB>): Promise<string[]> {
  // Kysely hides its own tables from introspection unless asked.
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((table) => table.name === MIGRATION_TABLE)) return [];
  const result = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by timestamp, name`.execute(db);
  return result.rows.map((row) => row.name);
}

/** Refuses a database whose applied migrations are not a prefix of the code's ordered list. */
export function checkAppliedMigrations(applied: string[], known: string[]): void {
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new MigrationMismatchError(
      `The database was migrated by a newer Pacer: it has applied migration(s) ${unknown.join(', ')} that this version does not know. ` +
        'Run that newer version of Pacer, or restore a backup made before the upgrade.',
    );
  }
  applied.forEach((name, index) => {
    if (known[index] !== name) {
      throw new MigrationMismatchError(
        `The database's applied migrations are out of order: position ${index + 1} holds ${name} but this Pacer expects ${known[index]}. ` +
          'The database was migrated by a different build of Pacer; run that build, or restore a backup.',
      );
    }
  });
}

export async function migrateToLatest<DB>(db: Kysely<DB>, migrations: OrderedMigrations = MIGRATIONS): Promise<string[]> {
  const names = migrations.map(([name]) => name);
  const sorted = [...names].sort();
  if (names.some((name, i) => name !== sorted[i])) {
    // Kysely runs migrations in name order; the index must list them in the same order.
    throw new MigrationMismatchError(`Migration index is not in name order: ${names.join(', ')}. Fix src/server/db/migrations/index.ts.`);
  }
  checkAppliedMigrations(await appliedMigrationNames(db), names);

  const migrator = new Migrator({
    db,
    provider: providerFor(migrations),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationMismatchError(
      `Database migration ${failed ?? ''} failed: ${reason}. The database was left at the last successful migration; fix the cause and start again.`,
    );
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
