/**
 * Vitest global setup: starts a throwaway PostgreSQL server (initdb + pg_ctl) on a free port and
 * hands its URL to the tests as `inject('postgresUrl')`. A missing PostgreSQL fails the run: the
 * integration suites must run on both databases, never skip one silently.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

const PG_BIN_CANDIDATES = [process.env.PG_BIN, '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

function findPgBin(): string {
  for (const dir of PG_BIN_CANDIDATES) {
    if (dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error(
    'PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/{15,16,17}/bin. ' +
      'Install PostgreSQL 15+ (apt-get install postgresql-15) or set PG_BIN to the folder holding initdb.',
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** initdb refuses to run as root, so as root every PostgreSQL command runs as the postgres user. */
function runPg(bin: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  if (isRoot) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

export default async function setup(project: TestProject): Promise<() => void> {
  const pgBin = findPgBin();
  const baseDir = mkdtempSync(path.join(tmpdir(), 'pacer-pg-'));
  const dataDir = path.join(baseDir, 'data');
  // The postgres user must own the folder it writes into (and reach it through /tmp).
  chmodSync(baseDir, 0o777);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', baseDir]);
  const port = await freePort();

  runPg(path.join(pgBin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  runPg(path.join(pgBin, 'pg_ctl'), [
    '-D', dataDir, '-l', path.join(baseDir, 'server.log'), '-w', '-t', '60',
    '-o', `-p ${port} -h 127.0.0.1 -k ${baseDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    'start',
  ]);

  project.provide('postgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);

  return () => {
    try {
      runPg(path.join(pgBin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(baseDir, { recursive: true, force: true });
    }
  };
}
