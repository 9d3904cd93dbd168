/**
 * The one launcher of the REAL Pacer server (`node --import tsx src/server/main.ts`) as a child
 * process: the same code `npm start` runs, from source so that an edit needs no build (or, with
 * `compiled`, the build itself, for measurements; test/e2e/production-start.e2e.ts tests `npm start`):
 * - `startPacer` for load, crash, scale and benchmark runs: any DATABASE_URL, a data folder kept
 *   across restarts, and kill -9 (no shutdown hook runs), which is what the crash tests need;
 * - `startServer` for browser tests: the built web app on a fresh SQLite folder, removed on stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVER_NODE_FLAGS } from '../../tools/server-node-flags.mjs';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const COMPILED_SERVER = 'dist/server/main.js';

export interface PacerProcessOptions {
  /** Holds the SQLite file (when databaseUrl is a file) and the generated secret key. */
  dataDir: string;
  /** A file path / sqlite: URL, or a postgres:// URL; none: the SQLite file in dataDir. */
  databaseUrl?: string;
  logLevel?: 'info' | 'warn' | 'error' | 'debug';
  /** Keep at most this many characters of output (the server logs one line per request). */
  keepOutputChars?: number;
  /** Extra variables, e.g. PACER_SECRET_KEY. */
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=.tmp/prof'] to profile a benchmark run. */
  nodeArgs?: string[];
  /** How long to wait for /api/v1/health (60 s by default). */
  timeoutMs?: number;
  /**
   * Run the compiled server (dist/server/main.js, built by `npm run build:server`) with plain node,
   * as `npm start` does, instead of the sources under tsx; for measurements, where tsx's loader
   * and source maps would count in the process's memory.
   */
  compiled?: boolean;
}

export interface PacerProcess {
  baseUrl: string;
  pid: number;
  /** The last `keepOutputChars` characters the server printed (stdout and stderr). */
  output: () => string;
  /** kill -9: no shutdown hook, no flush; resolves once the process is gone. */
  kill9: () => Promise<void>;
  /** SIGTERM (graceful shutdown), then SIGKILL after 5 s. */
  stop: () => Promise<void>;
  exited: () => boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('Could not find a free TCP port'));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}

export function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Pacer exited with code ${child.exitCode} before it was ready:\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/api/v1/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Pacer did not answer ${baseUrl}/api/v1/health within ${timeoutMs} ms:\n${output()}`);
}

/** Spawns any TypeScript entry point under tsx with the given environment; used for Pacer and the bare baseline. */
export function spawnTsx(entry: string, args: string[], env: NodeJS.ProcessEnv, keepOutputChars: number, nodeArgs: string[] = []) {
  return spawnNode([...nodeArgs, '--import', 'tsx', entry, ...args], env, keepOutputChars);
}

/** Spawns this node with the given arguments, keeping the last `keepOutputChars` of its output. */
function spawnNode(nodeArgs: string[], env: NodeJS.ProcessEnv, keepOutputChars: number) {
  const child = spawn(process.execPath, nodeArgs, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const collect = (chunk: Buffer) => {
    log += chunk.toString('utf8');
    if (log.length > keepOutputChars * 2) log = log.slice(-keepOutputChars);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, output: () => log.slice(-keepOutputChars) };
}

export async function startPacer(options: PacerProcessOptions): Promise<PacerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PACER_DATA_DIR: options.dataDir,
    LOG_LEVEL: options.logLevel ?? 'warn',
    ...options.env,
  };
  // A developer's own database and public address must never leak into a test run.
  if (options.databaseUrl === undefined) delete env.DATABASE_URL;
  else env.DATABASE_URL = options.databaseUrl;
  delete env.PACER_PUBLIC_URL;
  // The Node options npm start passes (tools/server-node-flags.mjs), then the caller's.
  const nodeArgs = [...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? [])];
  const keep = options.keepOutputChars ?? 200_000;
  if (options.compiled && !existsSync(path.join(REPO_ROOT, COMPILED_SERVER))) {
    throw new Error(`${COMPILED_SERVER} is missing: run npm run build:server first`);
  }
  const { child, output } = options.compiled
    ? spawnNode([...nodeArgs, COMPILED_SERVER], env, keep)
    : spawnTsx('src/server/main.ts', [], env, keep, nodeArgs);
  const baseUrl = `http://127.0.0.1:${port}`;

  const kill9 = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child);
    }
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const ended = await Promise.race([waitForExit(child).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
    if (!ended) await kill9();
  };
  try {
    await waitForHealth(baseUrl, child, output, options.timeoutMs ?? 60_000);
  } catch (error) {
    await kill9();
    throw error;
  }
  if (child.pid === undefined) throw new Error('Pacer started without a process id');
  return { baseUrl, pid: child.pid, output, kill9, stop, exited: () => child.exitCode !== null || child.signalCode !== null };
}

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  output: () => string;
  /** SIGTERM (then SIGKILL), and the data folder is removed. */
  stop: () => Promise<void>;
}

/** The app as `npm start` serves it (the built web app) on a fresh SQLite folder, for browser tests. */
export async function startServer(options: { timeoutMs?: number } = {}): Promise<RunningServer> {
  const builtIndex = path.join(REPO_ROOT, 'dist/web/index.html');
  if (!existsSync(builtIndex)) {
    throw new Error(`${builtIndex} is missing: build the web app first (npm run build:web; npm run test:e2e does it for you).`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pacer-e2e-'));
  try {
    const pacer = await startPacer({ dataDir, timeoutMs: options.timeoutMs ?? 30_000 });
    return {
      baseUrl: pacer.baseUrl,
      dataDir,
      output: pacer.output,
      stop: async () => {
        await pacer.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
