/**
 * Pacer as several real processes on one PostgreSQL database: one `serve` and N `worker`s, all
 * started at once on an empty database (so they also race to migrate it), sharing one secret key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPacer, type PacerProcess } from '../../support/pacer-process';

export interface Cluster {
  serve: PacerProcess;
  workers: PacerProcess[];
  stop: () => Promise<void>;
}

export interface ClusterOptions {
  databaseUrl: string;
  /** 64 hex characters, the same for every process. */
  secretKeyHex: string;
  workers: number;
  env: Record<string, string>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-cluster-'));
  const start = (role: 'serve' | 'worker', index: number) =>
    startPacer({
      dataDir: path.join(dataDir, `${role}-${index}`),
      databaseUrl: options.databaseUrl,
      // Workers log each job they start and finish (debug), which the crash test reads.
      logLevel: role === 'worker' ? 'debug' : 'warn',
      env: { PACER_ROLE: role, PACER_SECRET_KEY: options.secretKeyHex, ...options.env },
    });
  const started = await Promise.allSettled([start('serve', 0), ...Array.from({ length: options.workers }, (_, i) => start('worker', i))]);
  const processes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  const stopAll = async () => {
    await Promise.all(processes.map((process) => process.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  };
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const [serve, ...workers] = processes as [PacerProcess, ...PacerProcess[]];
  return { serve, workers, stop: stopAll };
}

interface JobLine {
  msg?: string;
  job?: string;
  jobId?: string;
}

/** The jobs that sync links (the plan job only queues them). */
const SYNC_JOBS = new Set(['pacer.jira.sync-links', 'pacer.jira.webhook-follow-up']);

function syncJobLines(output: string): JobLine[] {
  const lines: JobLine[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as JobLine;
      if (entry.jobId && entry.job && SYNC_JOBS.has(entry.job)) lines.push(entry);
    } catch {
      continue;
    }
  }
  return lines;
}

/** Sync jobs a worker has started and not finished, from its debug log. */
export function unfinishedJobs(output: string): string[] {
  const started = new Set<string>();
  for (const entry of syncJobLines(output)) {
    if (entry.msg === 'job started') started.add(entry.jobId ?? '');
    if (entry.msg === 'job finished') started.delete(entry.jobId ?? '');
  }
  return [...started];
}

/** How many sync jobs a worker finished, from its debug log. */
export function finishedJobCount(output: string): number {
  return syncJobLines(output).filter((entry) => entry.msg === 'job finished').length;
}
