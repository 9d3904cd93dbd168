/**
 * Opens the one database Pacer uses, SQLite or PostgreSQL, behind the same Kysely<Database>.
 * Repositories never branch on the dialect except where the engines really differ (e.g. PG
 * returning counts as strings), and they read `dialect` for that.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config';
import type { Database } from './schema';

export type DialectName = 'sqlite' | 'postgres';

/** What a repository function runs on: the database, or a transaction a service opened. */
export type Db = Kysely<Database> | Transaction<Database>;

export interface PacerDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  destroy(): Promise<void>;
}

export function createDatabase(config: { database: DatabaseConfig }): PacerDatabase {
  const db = config.database.kind === 'sqlite' ? openSqlite(config.database.filename) : openPostgres(config.database.connectionString);
  return {
    db,
    dialect: config.database.kind,
    destroy: () => db.destroy(),
  };
}

/** Folders Pacer creates for its data are private to the user Pacer runs as. */
export const PRIVATE_FOLDER_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

/** SQLite's page cache per connection, in KiB (SQLite's default is 2,000). */
const SQLITE_CACHE_KIB = 16_384;
/** WAL pages (4 KiB each) before SQLite checkpoints them into the database file (SQLite's default is 1,000). */
const SQLITE_CHECKPOINT_PAGES = 4000;

function openSqlite(filename: string): Kysely<Database> {
  const inMemory = filename === ':memory:' || filename.startsWith('file:');
  if (!inMemory) {
    mkdirSync(path.dirname(path.resolve(filename)), { recursive: true, mode: PRIVATE_FOLDER_MODE });
    // The database holds password hashes and encrypted Jira secrets: create it 0600 (SQLite gives
    // its -wal and -shm files the database file's mode). An existing file keeps its mode.
    if (!existsSync(filename)) closeSync(openSync(filename, 'a', PRIVATE_FILE_MODE));
  }
  const connection = new SQLite(filename);
  // WAL lets readers proceed during a write; busy_timeout waits for a lock instead of failing
  // at once with SQLITE_BUSY; foreign keys are off by default in SQLite and our cascades need them.
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('synchronous = NORMAL');
  // A sync writes the mirror and its memberships, whose indexes on Jira ids take inserts all over
  // their trees: with SQLite's default 2 MB cache the pages of a 4,000-issue transaction were
  // spilled to the WAL before its commit and read back from the file again and again. 16 MB holds
  // them (it fills only as the database is used). Checkpoints every 16 MB of WAL instead of 4 MB
  // copy a page rewritten by several transactions once and fsync a quarter as often.
  connection.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  connection.pragma(`wal_autocheckpoint = ${SQLITE_CHECKPOINT_PAGES}`);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
}

/** Prepared statements kept per connection (most recently used); Pacer issues far fewer distinct SQL texts. */
const STATEMENT_CACHE_SIZE = 200;

/**
 * Kysely prepares every statement anew, and SQLite compiling the same SQL again and again (a
 * 500-row insert of a link's issues is a 6,000-parameter statement) was an eighth of a large sync
 * round's CPU time. Statements are reused by SQL text; `iterate` (streaming) gets its own statement,
 * since a cached one could still be busy with an earlier iteration.
 */
function withStatementCache(connection: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  const statementFor = (text: string): SQLite.Statement => {
    let statement = cache.get(text);
    if (statement) {
      cache.delete(text);
    } else {
      statement = connection.prepare(text);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
    }
    cache.set(text, statement);
    return statement;
  };
  return {
    close() {
      cache.clear();
      connection.close();
    },
    prepare(text) {
      const statement = statementFor(text);
      return {
        reader: statement.reader,
        all: (parameters) => statement.all(parameters),
        run: (parameters) => statement.run(parameters),
        iterate: (parameters) => connection.prepare(text).iterate(parameters),
      };
    },
  };
}

function openPostgres(connectionString: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client losing its connection (server restart) must not crash the process;
  // the next query gets a fresh connection and reports its own error.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Counts come back as numbers from SQLite and as strings (bigint) from PostgreSQL. */
export function toCount(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** True when the error is a unique-constraint violation, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when the error is a foreign-key violation (e.g. deleting a cycle that still has objectives). */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
