/**
 * One Pacer process running measured sync rounds, for bench/sync/round.bench.ts: seeds the links,
 * then runs the links' first round (every link stores its issues for the first time) and a
 * steady-state round (every link due again, Jira unchanged). For each: wall time, CPU, the
 * process's peak RSS (Linux VmHWM, reset before the round), and the simulator's request counts.
 * Prints one JSON line. Input: one JSON argument (RoundChildInput).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig, parseDatabaseUrl } from '../../src/server/config';
import { createDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { limitHeapGrowth } from '../../src/server/heap-growth';
import { runDueSyncs, type RoundResult } from '../../src/server/services/sync/sync-rounds';
import { processCpuMs } from '../../test/support/process-cpu';
import { makeEveryLinkDue, seedLinkedObjectives, type JiraLogin } from '../../test/support/sync-links-seed';

export interface RoundChildInput {
  databaseUrl: string;
  dataDir: string;
  login: JiraLogin;
  queries: string[];
  links: number;
  /** Expected total per query (from the simulator's data), to check every link's figure. */
  expectedTotals: Record<string, number>;
  /** Write a V8 CPU profile of each round here (<phase>.cpuprofile). */
  profileDir?: string;
  /** The simulator's process, whose CPU during each round is reported (it shares the machine's cores). */
  simPid: number;
}

export interface SimCounters {
  api: number;
  byPath: Record<string, number>;
  byStatus: Record<string, number>;
  maxConcurrentApi: number;
}

/** What the links' issues take in the database after the rounds (issue 10: each issue stored once). */
export interface StorageFigures {
  mirroredIssues: number;
  memberships: number;
  queries: number;
  /** The whole database (SQLite: pages in use; PostgreSQL: pg_database_size). */
  databaseBytes: number;
  /** The mirror table with its indexes, and the membership table with its indexes. */
  mirrorBytes: number;
  membershipBytes: number;
}

export interface MeasuredRound {
  phase: 'first' | 'steady';
  round: RoundResult;
  wallMs: number;
  cpuMs: number;
  rssBeforeMb: number;
  peakRssMb: number;
  /** Sampled every 50 ms: V8's heap (reserved, used) and memory held outside it (Buffers). */
  peakHeapMb: { total: number; used: number; external: number };
  sim: SimCounters;
  wrongTotals: number;
  /** From the round's start to its first Jira request, and from the last answer to the round's end. */
  beforeFirstRequestMs: number;
  afterLastAnswerMs: number;
  /** Time Jira (the simulator) spent answering, summed over requests, and its median per request. */
  jiraBusyMs: number;
  medianRequestMs: number;
  /** CPU the simulator (Jira) used during the round. */
  jiraCpuMs: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as RoundChildInput;
const MB = 1024 * 1024;

/** Resets the kernel's peak-RSS mark so VmHWM measures this round only (Linux; else sampled). */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function kernelPeakRssMb(): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function startProfiler(): Promise<{ stop: (file: string) => Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function sim(method: 'GET' | 'DELETE', path: string): Promise<unknown> {
  const response = await fetch(`${input.login.url}${path}`, { method });
  if (!response.ok) throw new Error(`The simulator's control API answered ${response.status} to ${method} ${path}.`);
  return response.json();
}

// As main.ts does at start, from the same variable (PACER_HEAP_GROWING_PERCENT, default 25).
limitHeapGrowth(loadConfig({ PACER_HEAP_GROWING_PERCENT: process.env.PACER_HEAP_GROWING_PERCENT }).heapGrowingPercent);
const database = createDatabase({ database: parseDatabaseUrl(input.databaseUrl, input.dataDir) });

async function count(table: 'jira_issues' | 'jira_query_issues' | 'jira_queries'): Promise<number> {
  const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function measureStorage(): Promise<StorageFigures> {
  const figures = { mirroredIssues: await count('jira_issues'), memberships: await count('jira_query_issues'), queries: await count('jira_queries') };
  if (database.dialect === 'sqlite') {
    await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
    // dbstat: bytes of every table and index page; an index belongs to its table by name.
    const rows = (await sql<{ name: string; tbl: string | null; bytes: number }>`select s.name, m.tbl_name as tbl, sum(s.pgsize) as bytes
      from dbstat s left join sqlite_master m on m.name = s.name group by s.name`.execute(database.db)).rows;
    const of = (table: string) => rows.filter((row) => (row.tbl ?? row.name) === table).reduce((sum, row) => sum + Number(row.bytes), 0);
    const pages = (await sql<{ n: number }>`select (page_count - freelist_count) * page_size as n from pragma_page_count, pragma_freelist_count, pragma_page_size`.execute(database.db)).rows[0];
    return { ...figures, databaseBytes: Number(pages?.n ?? 0), mirrorBytes: of('jira_issues'), membershipBytes: of('jira_query_issues') };
  }
  const sizes = (await sql<{ db: string; mirror: string; membership: string }>`select pg_database_size(current_database()) as db,
    pg_total_relation_size('jira_issues') as mirror, pg_total_relation_size('jira_query_issues') as membership`.execute(database.db)).rows[0];
  return { ...figures, databaseBytes: Number(sizes?.db ?? 0), mirrorBytes: Number(sizes?.mirror ?? 0), membershipBytes: Number(sizes?.membership ?? 0) };
}
try {
  await migrateToLatest(database.db);
  const secretKey = Buffer.alloc(32, 7);
  await seedLinkedObjectives(database.db, { login: input.login, secretKey, queries: input.queries, links: input.links });

  const measured: MeasuredRound[] = [];
  for (const phase of ['first', 'steady'] as const) {
    const at = new Date();
    if (phase === 'steady') await makeEveryLinkDue(database.db, new Date(at.getTime() - 1000));
    await sim('DELETE', '/_sim/requests');
    const kernelPeak = resetPeakRss();
    // Without the kernel's mark, sample (sampling costs a little CPU and can miss a short peak).
    let sampledPeak = process.memoryUsage.rss();
    const sampler = kernelPeak
      ? undefined
      : setInterval(() => {
          sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
        }, 5);
    // Where the peak goes: V8's heap (JS objects) against memory outside it (Buffers, SQLite, code).
    const heapPeak = { heapTotal: 0, heapUsed: 0, external: 0 };
    const heapSampler = setInterval(() => {
      const usage = process.memoryUsage();
      heapPeak.heapTotal = Math.max(heapPeak.heapTotal, usage.heapTotal);
      heapPeak.heapUsed = Math.max(heapPeak.heapUsed, usage.heapUsed);
      heapPeak.external = Math.max(heapPeak.external, usage.external + usage.arrayBuffers);
    }, 50);
    const rssBefore = process.memoryUsage.rss();
    // BENCH_HEAP_DEBUG=1 (the parent adds --expose-gc): forced collections show the live heap, the part
    // of the peak that is not collector slack.
    const forceGc = (globalThis as { gc?: () => void }).gc;
    let liveMax = 0;
    const liveSampler = process.env.BENCH_HEAP_DEBUG
      ? setInterval(() => {
          forceGc?.();
          liveMax = Math.max(liveMax, process.memoryUsage().heapUsed);
        }, 300)
      : undefined;
    if (process.env.BENCH_HEAP_DEBUG) {
      forceGc?.();
      console.error(`heap before ${phase}: ${JSON.stringify(process.memoryUsage())}`);
    }
    const cpuBefore = process.cpuUsage();
    const jiraCpuBefore = processCpuMs(input.simPid);
    const startedAt = performance.timeOrigin + performance.now();
    const started = performance.now();
    const profiler = input.profileDir ? await startProfiler() : null;
    const round = await runDueSyncs({ db: database.db, secretKey }, at);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const jiraCpuMs = processCpuMs(input.simPid) - jiraCpuBefore;
    if (profiler && input.profileDir) await profiler.stop(path.join(input.profileDir, `${input.login.deploymentType}-${phase}.cpuprofile`));
    const roundStartedAt = performance.timeOrigin + started;
    clearInterval(sampler);
    clearInterval(heapSampler);
    clearInterval(liveSampler);
    if (process.env.BENCH_HEAP_DEBUG) console.error(`live heap max ${phase}: ${(liveMax / MB).toFixed(0)} MB`);
    // A preload given in BENCH_NODE_FLAGS (--import) may report what it measured during the round.
    const report = (globalThis as { benchRoundReport?: (phase: string) => string }).benchRoundReport;
    if (report) console.error(`${phase} round:\n${report(phase)}`);
    const peak = (kernelPeak ? kernelPeakRssMb() : null) ?? Math.max(sampledPeak, process.memoryUsage.rss()) / MB;
    const endedAt = performance.timeOrigin + performance.now();
    const counters = (await sim('GET', '/_sim/counters')) as SimCounters;
    const requests = (await sim('GET', '/_sim/requests')) as Array<{ start: number; end: number; durationMs: number }>;
    const durations = requests.map((request) => request.durationMs).sort((a, b) => a - b);
    // With a profile, the simulator's log of the round too (when each request came and went), to line them up.
    if (input.profileDir) {
      const relative = requests.map((request) => ({ ...request, start: request.start - roundStartedAt, end: request.end - roundStartedAt }));
      writeFileSync(path.join(input.profileDir, `${input.login.deploymentType}-${phase}.requests.json`), JSON.stringify(relative));
    }
    const firstStart = Math.min(...requests.map((request) => request.start));
    const lastEnd = Math.max(...requests.map((request) => request.end));

    const rows = await database.db.selectFrom('integration_links').select(['jql', 'total']).execute();
    const wrongTotals = rows.filter((row) => Number(row.total) !== input.expectedTotals[row.jql]).length;
    measured.push({
      phase,
      round,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssBeforeMb: rssBefore / MB,
      peakRssMb: peak,
      peakHeapMb: { total: heapPeak.heapTotal / MB, used: heapPeak.heapUsed / MB, external: heapPeak.external / MB },
      sim: { api: counters.api, byPath: counters.byPath, byStatus: counters.byStatus, maxConcurrentApi: counters.maxConcurrentApi },
      wrongTotals,
      beforeFirstRequestMs: firstStart - startedAt,
      afterLastAnswerMs: endedAt - lastEnd,
      jiraBusyMs: durations.reduce((sum, ms) => sum + ms, 0),
      medianRequestMs: durations[Math.floor(durations.length / 2)] ?? 0,
      jiraCpuMs,
    });
  }
  const storage = await measureStorage();
  process.stdout.write(`${JSON.stringify({ rounds: measured, storage })}\n`);
} finally {
  await database.destroy();
}
