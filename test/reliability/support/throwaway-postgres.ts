/**
 * A throwaway PostgreSQL server for scripts that run outside vitest (the benchmarks); tests use
 * the one from test/support/postgres-global-setup.ts via inject('postgresUrl'). Unlike that one,
 * this keeps fsync on: benchmark figures should be what a real installation sees.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './pacer-process';

const PG_BIN_CANDIDATES = [process.env.PG_BIN, '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

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
  url: string;
  version: string;
  stop: () => void;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const pgBin = findPgBin();
  if (!pgBin) throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found; install postgresql-15 or set PG_BIN.');
  const baseDir = mkdtempSync(path.join(tmpdir(), 'pacer-bench-pg-'));
  const dataDir = path.join(baseDir, 'data');
  chmodSync(baseDir, 0o777);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', baseDir]);
  const port = await freePort();
  runPg(path.join(pgBin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8']);
  runPg(path.join(pgBin, 'pg_ctl'), [
    '-D', dataDir, '-l', path.join(baseDir, 'server.log'), '-w', '-t', '60',
    '-o', `-p ${port} -h 127.0.0.1 -k ${baseDir} -c max_connections=200`,
    'start',
  ]);
  const version = execFileSync(path.join(pgBin, 'postgres'), ['--version']).toString().trim();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    stop: () => {
      try {
        runPg(path.join(pgBin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(baseDir, { recursive: true, force: true });
      }
    },
  };
}
