/**
 * Starts the REAL Pacer server (`node --import tsx src/server/main.ts`) as a child process on a free
 * port with a fresh SQLite data directory, waits until /api/v1/health answers, and stops it again.
 * Browser tests use it so they exercise exactly what `npm start` serves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('Could not find a free TCP port for the test server'));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The Pacer server exited with code ${child.exitCode} before it was ready. Its output:\n${output()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet; try again shortly.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The Pacer server did not answer ${baseUrl}/api/v1/health within ${timeoutMs} ms. Its output:\n${output()}`);
}

export async function startServer(options: { timeoutMs?: number } = {}): Promise<RunningServer> {
  const builtIndex = path.join(repoRoot, 'dist/web/index.html');
  if (!existsSync(builtIndex)) {
    throw new Error(`${builtIndex} is missing: build the web app first (npm run build:web; npm run test:e2e does it for you).`);
  }
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pacer-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), PACER_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  // A developer's own database must never be touched by a test run.
  delete env.DATABASE_URL;
  delete env.PACER_PUBLIC_URL;

  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const output = () => log;
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited(child).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited(child);
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, output, options.timeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, dataDir, output, stop };
}
