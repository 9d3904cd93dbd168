/**
 * API benchmark: GET /api/v1/objectives?cycleId= for a cycle of 2,000 objectives and 10,000 key
 * results, served by the REAL server (child process, production log level) under 32 concurrent
 * clients, against a bare Fastify route returning the same JSON from memory in its own process.
 * Target: the real route reaches at least 0.6x the bare route's requests per second.
 *
 *   npm run bench:api                      # SQLite and PostgreSQL (when installed), 3 x 10 s per side
 *   npm run bench:api -- --duration=5 --rounds=2 --databases=sqlite
 *   npm run bench:api -- --no-cache        # every answer built (PACER_LIST_CACHE_MB=0): queries, presenters, JSON
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { sql } from 'kysely';
import { freePort, spawnTsx, waitForExit } from '../../test/support/pacer-process';
import { processCpuMs } from '../../test/support/process-cpu';
import { openMigrated, seedCycle, seedUser } from '../../test/support/bulk-seed';
import { createPostgresDatabase, findPgBin, startThrowawayPostgres, type ThrowawayPostgres } from '../../test/support/throwaway-postgres';
import { startListServer } from './list-server';

const OBJECTIVES = 2_000;
const KEY_RESULTS_PER_OBJECTIVE = 5;
// Issue 11 raised it from 0.5: the list should cost little more than sending its JSON.
const TARGET_RATIO = 0.6;

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

const duration = Number(option('duration', '10'));
const rounds = Number(option('rounds', '3'));
const connections = Number(option('connections', '32'));
const databases = option('databases', findPgBin() ? 'sqlite,postgres' : 'sqlite').split(',');
// Without the answer cache each request runs the list's queries and serialises it again.
const noCache = process.argv.includes('--no-cache');

interface Figures {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  failures: number;
}

/**
 * Several runs folded into one figure: requests per second over all of them, the median of their
 * p50s and the worst of their p99s (percentiles of separate runs cannot be merged exactly).
 */
function figures(label: string, results: Result[]): Figures {
  const p50s = results.map((r) => r.latency.p50).sort((a, b) => a - b);
  return {
    label,
    requestsPerSecond: results.reduce((sum, r) => sum + r.requests.total, 0) / results.reduce((sum, r) => sum + r.duration, 0),
    p50: p50s[Math.floor(p50s.length / 2)] ?? Number.NaN,
    p99: Math.max(...results.map((r) => r.latency.p99)),
    total: results.reduce((sum, r) => sum + r.requests.total, 0),
    failures: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
  };
}

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<Result> {
  return autocannon({ url, connections, duration: seconds, headers, timeout: 60 });
}

/** VmRSS and VmHWM (peak) of a process, in MiB, from /proc. */
function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

async function startBare(jsonFile: string): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const { child, output } = spawnTsx('bench/api/bare-server.ts', [String(port), jsonFile], { ...process.env }, 20_000);
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch {
      if (attempt > 300 || child.exitCode !== null) throw new Error(`bare server did not start:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill('SIGTERM');
      await waitForExit(child);
    },
  };
}

async function benchmarkOn(dialect: string, postgres: ThrowawayPostgres | null) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-bench-api-'));
  const createdPg = dialect === 'postgres' && postgres ? await createPostgresDatabase(postgres.url, 'pacer_bench') : null;
  const databaseUrl = createdPg ? createdPg.url : path.join(dataDir, 'pacer.sqlite');

  const seedStarted = performance.now();
  const database = await openMigrated(databaseUrl, dataDir);
  const admin = await seedUser(database.db, 'admin', 'admin');
  const owners = [admin.id];
  for (let i = 0; i < 9; i++) owners.push((await seedUser(database.db, 'member', `owner${i}`)).id);
  const cycle = await seedCycle(database.db, { objectives: OBJECTIVES, keyResultsPerObjective: KEY_RESULTS_PER_OBJECTIVE, ownerIds: owners });
  // PostgreSQL's autovacuum would gather planner statistics after a bulk load like this within a
  // minute; do it now so the run measures the plans a live installation gets.
  if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);
  await database.destroy();
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const pacer = await startListServer({ dataDir, databaseUrl, noCache });
  const headers = { authorization: `Bearer ${admin.token}` };
  const path_ = `/api/v1/objectives?cycleId=${cycle.cycleId}`;
  const first = await fetch(`${pacer.baseUrl}${path_}`, { headers });
  const body = await first.text();
  const objectives = JSON.parse(body) as { keyResults: unknown[] }[];
  const keyResults = objectives.reduce((sum, o) => sum + o.keyResults.length, 0);
  if (first.status !== 200 || objectives.length !== OBJECTIVES || keyResults !== OBJECTIVES * KEY_RESULTS_PER_OBJECTIVE) {
    throw new Error(`unexpected answer ${first.status}: ${objectives.length} objectives, ${keyResults} key results`);
  }
  const afterOneLoad = memoryOf(pacer.pid);
  const jsonFile = path.join(dataDir, 'objectives.json');
  writeFileSync(jsonFile, body);
  const bare = await startBare(jsonFile);

  // Warm both up (JIT, caches, connection pools) before measuring.
  await load(`${pacer.baseUrl}${path_}`, headers, 3);
  await load(`${bare.url}${path_}`, headers, 3);
  // Alternate the two so that whatever else the machine does at the time weighs on both alike.
  const realRuns: Result[] = [];
  const bareRuns: Result[] = [];
  // Server CPU per answered request: unlike wall-clock throughput, barely moved by other load.
  let realCpuMs = 0;
  let bareCpuMs = 0;
  for (let round = 0; round < rounds; round++) {
    let cpuBefore = processCpuMs(pacer.pid);
    realRuns.push(await load(`${pacer.baseUrl}${path_}`, headers, duration));
    realCpuMs += processCpuMs(pacer.pid) - cpuBefore;
    cpuBefore = processCpuMs(bare.pid);
    bareRuns.push(await load(`${bare.url}${path_}`, headers, duration));
    bareCpuMs += processCpuMs(bare.pid) - cpuBefore;
  }
  const real = figures(`Pacer (${dialect}${noCache ? ', no answer cache' : ''})`, realRuns);
  const memory = memoryOf(pacer.pid);
  const baseline = figures('bare Fastify, same JSON from memory', bareRuns);

  await bare.stop();
  await pacer.stop();
  await createdPg?.drop();
  rmSync(dataDir, { recursive: true, force: true });
  const cpu = { real: realCpuMs / Math.max(1, real.total), bare: bareCpuMs / Math.max(1, baseline.total) };
  return { dialect, real, baseline, memory, afterOneLoad, cpu, bodyBytes: Buffer.byteLength(body), seedSeconds };
}

const postgres = databases.includes('postgres') ? await startThrowawayPostgres() : null;
console.log(
  `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}` +
    (postgres ? `, ${postgres.version}` : ''),
);
console.log(
  `GET /api/v1/objectives?cycleId= — ${OBJECTIVES} objectives, ${OBJECTIVES * KEY_RESULTS_PER_OBJECTIVE} key results, ${connections} connections, ` +
    `${rounds} alternating runs of ${duration} s each; load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`,
);
const rows: string[] = [];
let allMet = true;
try {
  for (const dialect of databases) {
    const run = await benchmarkOn(dialect, postgres);
    const ratio = run.real.requestsPerSecond / run.baseline.requestsPerSecond;
    allMet &&= ratio >= TARGET_RATIO && run.real.failures === 0;
    console.log(`${dialect}: answer ${(run.bodyBytes / 2 ** 20).toFixed(2)} MiB, seeded in ${run.seedSeconds.toFixed(1)} s`);
    for (const f of [run.real, run.baseline]) {
      console.log(
        `  ${f.label.padEnd(38)} ${f.requestsPerSecond.toFixed(1).padStart(7)} req/s  p50 ${String(f.p50).padStart(5)} ms  p99 ${String(f.p99).padStart(5)} ms  (${f.total} requests, ${f.failures} failed)`,
      );
    }
    console.log(
      `  ratio ${ratio.toFixed(2)}x (target >= ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}); server RSS after one load ${run.afterOneLoad.rssMiB.toFixed(0)} MiB, ` +
        `after the runs ${run.memory.rssMiB.toFixed(0)} MiB, peak ${run.memory.peakMiB.toFixed(0)} MiB`,
    );
    console.log(`  server CPU per answer: Pacer ${run.cpu.real.toFixed(0)} ms, bare ${run.cpu.bare.toFixed(0)} ms (${(run.cpu.bare / run.cpu.real).toFixed(2)}x)\n`);
    rows.push(
      `| ${dialect} | ${run.real.requestsPerSecond.toFixed(1)} | ${run.real.p50} / ${run.real.p99} | ${run.baseline.requestsPerSecond.toFixed(1)} | ${run.baseline.p50} / ${run.baseline.p99} | ${ratio.toFixed(2)}x | ${run.cpu.real.toFixed(0)} / ${run.cpu.bare.toFixed(0)} | ${run.memory.rssMiB.toFixed(0)} / ${run.memory.peakMiB.toFixed(0)} |`,
    );
  }
} finally {
  postgres?.stop();
}
console.log('| database | Pacer req/s | Pacer p50 / p99 ms | bare req/s | bare p50 / p99 ms | ratio | CPU ms per answer, Pacer / bare | server RSS / peak MiB |');
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
process.exitCode = allMet ? 0 : 1;
