/**
 * The one throwaway-PostgreSQL helper: finds the server binaries, starts a private server
 * (initdb + pg_ctl) on a free port, and creates (and drops) one database per suite or run on it.
 * The vitest global setup (postgres-global-setup.ts) starts one per test run with fsync off; the
 * benchmarks start their own with fsync on, because their figures should be what a real
 * installation sees.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, type PacerDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { freePort } from './pacer-process';

const PG_BIN_CANDIDATES = [process.env.PG_BIN, '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

/** The folder holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPgBin(): string | null {
  for (const dir of PG_BIN_CANDIDATES) {
    if (dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  return null;
}

/** initdb refuses to run as root, so as root every PostgreSQL command runs as the postgres user. */
function runPg(bin: string, args: string[]): void {
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres, trusted (no password). */
  url: string;
  version: string;
  /** Stops the server and removes its folder. */
  stop: () => void;
}

export interface ThrowawayPostgresOptions {
  /** false (tests): fsync, synchronous commit and full-page writes off, an immediate stop. Default true. */
  durable?: boolean;
}

export async function startThrowawayPostgres(options: ThrowawayPostgresOptions = {}): Promise<ThrowawayPostgres> {
  const durable = options.durable ?? true;
  const pgBin = findPgBin();
  if (!pgBin) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/{15,16,17}/bin. ' +
        'Install PostgreSQL 15+ (apt-get install postgresql-15) or set PG_BIN to the folder holding initdb.',
    );
  }
  const baseDir = mkdtempSync(path.join(tmpdir(), 'pacer-pg-'));
  const dataDir = path.join(baseDir, 'data');
  // The postgres user must own the folder it writes into (and reach it through /tmp).
  chmodSync(baseDir, 0o777);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', baseDir]);
  const port = await freePort();
  const fastSettings = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  runPg(path.join(pgBin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', ...(durable ? [] : ['--no-sync'])]);
  runPg(path.join(pgBin, 'pg_ctl'), [
    '-D', dataDir, '-l', path.join(baseDir, 'server.log'), '-w', '-t', '60',
    '-o', `-p ${port} -h 127.0.0.1 -k ${baseDir} -c max_connections=200${fastSettings}`,
    'start',
  ]);
  const version = execFileSync(path.join(pgBin, 'postgres'), ['--version']).toString().trim();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    stop: () => {
      try {
        runPg(path.join(pgBin, 'pg_ctl'), ['-D', dataDir, '-m', durable ? 'fast' : 'immediate', '-w', 'stop']);
      } finally {
        rmSync(baseDir, { recursive: true, force: true });
      }
    },
  };
}

let databaseCounter = 0;

/** A new, empty database on the PostgreSQL server of `serverUrl` (named `<prefix>_<unique>`); returns its URL and a drop function. */
export async function createPostgresDatabase(serverUrl: string, prefix = 'pacer_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  databaseCounter += 1;
  // Unique across the forks of one test run: time, a per-process counter and random bytes.
  const name = `${prefix}_${Date.now().toString(36)}${databaseCounter}_${randomBytes(3).toString('hex')}`.toLowerCase();
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export interface FreshPostgres {
  url: string;
  database: PacerDatabase;
  drop: () => Promise<void>;
}

/**
 * A new database opened as Pacer opens it, for tests that need their own (several processes, the
 * shared Jira limits). `migrate: false` leaves it empty, for processes that migrate it themselves.
 */
export async function createFreshPostgres(serverUrl: string, prefix = 'pacer_scale', options: { migrate?: boolean } = {}): Promise<FreshPostgres> {
  const created = await createPostgresDatabase(serverUrl, prefix);
  const database = createDatabase({ database: { kind: 'postgres', connectionString: created.url } });
  if (options.migrate ?? true) await migrateToLatest(database.db);
  return {
    url: created.url,
    database,
    drop: async () => {
      await database.destroy();
      await created.drop();
    },
  };
}
