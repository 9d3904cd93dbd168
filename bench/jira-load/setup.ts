/**
 * What the Jira-load benchmarks share: a simulator of one big project in its own process (its CPU
 * and memory are not Pacer's), a real Pacer server on SQLite with an enabled connection to it, and
 * members with API tokens.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startPacer, type PacerProcess } from '../../test/support/pacer-process';
import { openMigrated, seedUser, type SeededUser } from '../../test/support/bulk-seed';
import { seedLinkedObjectives, type SeededLinks } from '../../test/support/sync-links-seed';
import type { SimChildInfo } from '../sync/sim-child';

export interface JiraLoadSetup {
  sim: SimChildInfo;
  pacer: PacerProcess;
  admin: SeededUser;
  members: SeededUser[];
  /** A member who does nothing but what a benchmark measures for "another user" (no list, no preview). */
  bystander: SeededUser;
  seeded: SeededLinks;
  /** The query matching every issue of the simulator's one project. */
  jql: string;
  stop: () => Promise<void>;
}

export interface JiraLoadOptions {
  mode: 'cloud' | 'datacenter';
  issues: number;
  members: number;
  /** Links on the big query, synced by the server right after it starts. */
  links: number;
  env?: Record<string, string>;
}

async function startSim(mode: 'cloud' | 'datacenter', issues: number): Promise<{ info: SimChildInfo; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../sync/sim-child.ts'), mode, String(issues), '1', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    if (!child.stdout) throw new Error('no stdout');
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`The simulator exited with code ${code}.`)));
  });
  return { info: JSON.parse(line) as SimChildInfo, stop: () => child.kill('SIGTERM') };
}

export async function startJiraLoad(options: JiraLoadOptions): Promise<JiraLoadSetup> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-jira-load-'));
  const sim = await startSim(options.mode, options.issues);
  let pacer: PacerProcess | null = null;
  try {
    const databaseUrl = path.join(dataDir, 'pacer.sqlite');
    const database = await openMigrated(databaseUrl, dataDir);
    const secretKey = Buffer.alloc(32, 7);
    const admin = await seedUser(database.db, 'admin', 'load');
    const members: SeededUser[] = [];
    for (let i = 0; i < options.members; i++) members.push(await seedUser(database.db, 'member', `member${i}`));
    const bystander = await seedUser(database.db, 'member', 'bystander');
    const project = sim.info.projects[0];
    if (!project) throw new Error('The simulator has no project.');
    const jql = `project = "${project.key}"`;
    const seeded = await seedLinkedObjectives(database.db, {
      login: { url: sim.info.url, deploymentType: options.mode, ...sim.info.login },
      secretKey,
      queries: [jql],
      links: options.links,
      metricOf: () => 'percent_done',
    });
    await database.destroy();
    pacer = await startPacer({
      dataDir,
      databaseUrl,
      logLevel: 'warn',
      env: { PACER_SECRET_KEY: secretKey.toString('hex'), PACER_SYNC_TICK_SECONDS: '1', ...options.env },
    });
    const running = pacer;
    return {
      sim: sim.info,
      pacer: running,
      admin,
      members,
      bystander,
      seeded,
      jql,
      stop: async () => {
        await running.stop();
        sim.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await pacer?.stop();
    sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** VmRSS and VmHWM (peak) of a process, in MB (Linux /proc). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Resets the kernel's peak mark so VmHWM measures from now on (same user or root). */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function simRequests(simUrl: string): Promise<Array<{ method: string; path: string }>> {
  return (await (await fetch(`${simUrl}/_sim/requests`)).json()) as Array<{ method: string; path: string }>;
}

export async function clearSimRequests(simUrl: string): Promise<void> {
  await fetch(`${simUrl}/_sim/requests`, { method: 'DELETE' });
}

export async function setSimLatency(simUrl: string, latencyMs: number): Promise<void> {
  const response = await fetch(`${simUrl}/_sim/faults`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs }) });
  if (!response.ok) throw new Error(`The simulator refused the latency: ${response.status} ${await response.text()}`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export function percentileOf(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
