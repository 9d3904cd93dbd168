/**
 * A scheduled sync round at scale: 1,000 links over 100 distinct JQL queries on a 200,000-issue
 * simulator that adds 50 ms to every request. The simulator and the round each run in their own
 * child process. Measures, per deployment type:
 *   - Jira requests against the minimum: the pages the distinct queries need at the largest page
 *     the simulator serves for the fields asked (Cloud 100, Data Center 1,000) + one field list;
 *   - wall time against a baseline measured in the same run: a plain fetch loop downloading those
 *     same pages with the same concurrency (the client's 4 requests in flight), nothing else;
 *   - the round process's peak RSS.
 * Two rounds are measured: the links' first (every link stores its ~2,000 issues) and a
 * steady-state one (every link due again, Jira unchanged).
 *
 *   npm run bench:sync [-- modes=cloud,datacenter db=sqlite|postgres links=1000 queries=100 issues=200000 latency=50 profile=<dir> runner=node|tsx]
 *
 * The round process runs as production runs the server (tools/start.mjs): its code bundled by esbuild
 * with the options of `npm run build:server` (npm packages external) and run by plain `node` with
 * source maps on. `runner=tsx` runs it from source under tsx instead, whose TypeScript loader and
 * compile cache add tens of MB to the RSS that production does not have.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { syncFieldsFor } from '../../src/server/services/sync/matching-issues';
import { createPostgresDatabase, startThrowawayPostgres, type ThrowawayPostgres } from '../../test/support/throwaway-postgres';
import { processCpuMs } from '../../test/support/process-cpu';
import { defaultMetricOf } from '../../test/support/sync-links-seed';
import { downloadPages, type DownloadQuery } from './download-baseline';
import type { MeasuredRound, RoundChildInput, StorageFigures } from './round-child';
import type { SimChildInfo } from './sim-child';
import { SERVER_NODE_FLAGS } from '../../tools/server-node-flags.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split('=') as [string, string]));
const MODES = (args.modes ?? 'cloud,datacenter').split(',') as Array<'cloud' | 'datacenter'>;
const DB = args.db === 'postgres' ? 'postgres' : 'sqlite';
const LINKS = Number(args.links ?? 1000);
const QUERIES = Number(args.queries ?? 100);
const ISSUES = Number(args.issues ?? 200_000);
const LATENCY_MS = Number(args.latency ?? 50);
/** The Jira client's requests in flight per connection (createJiraClient's default). */
const CONCURRENCY = 4;
/** The largest page the simulator serves when fields besides id/key are asked for. */
const PAGE_SIZE = { cloud: 100, datacenter: 1000 } as const;
const TARGET_REQUESTS = 1.05;
const TARGET_WALL = 1.25;

/** profile=<dir>: the round process writes a V8 CPU profile of each round there (open it in Chrome DevTools). */
const PROFILE_DIR = args.profile;
const RUNNER = args.runner === 'tsx' ? 'tsx' : 'node';

/**
 * The round child bundled as `npm run build:server` bundles the server. It is written under
 * node_modules/.cache so that its imports of npm packages resolve to the repository's node_modules.
 */
async function compileRoundChild(): Promise<string> {
  const outfile = path.resolve(import.meta.dirname, '../../node_modules/.cache/pacer-bench/round-child.mjs');
  await build({
    entryPoints: [path.join(import.meta.dirname, 'round-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    outfile,
  });
  return outfile;
}
const compiledRoundChild = RUNNER === 'node' ? await compileRoundChild() : null;

/** The simulator always runs under tsx (it is not measured); the round child as RUNNER says. */
function spawnChild(script: string, childArgs: string[]): { child: ReturnType<typeof spawn>; firstLine: Promise<string> } {
  // The measured process gets the Node options npm start passes (tools/server-node-flags.mjs);
  // BENCH_NODE_FLAGS tries others after them (e.g. heap sizing; the last value wins); BENCH_HEAP_DEBUG needs gc().
  const nodeFlags = [
    ...(script === 'round-child.ts' ? SERVER_NODE_FLAGS : []),
    ...(process.env.BENCH_HEAP_DEBUG ? ['--expose-gc'] : []),
    ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
  // Compiled: plain node with source maps on, as tools/start.mjs runs dist/server/main.js.
  const entry = script === 'round-child.ts' && compiledRoundChild
    ? ['--enable-source-maps', ...nodeFlags, compiledRoundChild]
    : [...nodeFlags, '--import', 'tsx', path.join(import.meta.dirname, script)];
  const child = spawn(process.execPath, [...entry, ...childArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    if (!child.stdout) throw new Error('no stdout');
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with code ${code} before answering.`)));
  });
  return { child, firstLine };
}

interface ModeFigures {
  mode: 'cloud' | 'datacenter';
  minimum: number;
  pages: number;
  baselineMs: number[];
  /** The simulator's CPU during each baseline run. */
  baselineJiraCpuMs: number[];
  /** The simulator's median time per request during the measured baseline runs. */
  baselineMedianRequestMs: number[];
  rounds: MeasuredRound[];
  storage: StorageFigures;
}

async function measure(mode: 'cloud' | 'datacenter', databaseUrl: () => Promise<{ url: string; drop: () => Promise<void> }>): Promise<ModeFigures> {
  const simChild = spawnChild('sim-child.ts', [mode, String(ISSUES), String(QUERIES), String(LATENCY_MS)]);
  const sim = JSON.parse(await simChild.firstLine) as SimChildInfo;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-sync-bench-'));
  try {
    const projects = sim.projects.slice(0, QUERIES);
    const queries = projects.map((project) => `project = "${project.key}"`);
    const pointsQueries = new Set<number>();
    for (let i = 0; i < LINKS; i += 1) if (defaultMetricOf(i) === 'points_done') pointsQueries.add(i % QUERIES);
    const pageSize = PAGE_SIZE[mode];
    const downloads: DownloadQuery[] = queries.map((jql, q) => ({ jql, fields: [...syncFieldsFor(mode), ...(pointsQueries.has(q) ? [sim.storyPointsFieldId] : [])] }));
    const pages = projects.reduce((sum, project) => sum + Math.max(1, Math.ceil(project.issues / pageSize)), 0);
    const minimum = pages + (pointsQueries.size > 0 ? 1 : 0);

    const baselineMedians: number[] = [];
    const baselineJiraCpuMs: number[] = [];
    const simPid = simChild.child.pid ?? 0;
    const download = async () => {
      await fetch(`${sim.url}/_sim/requests`, { method: 'DELETE' });
      const jiraCpuBefore = processCpuMs(simPid);
      const started = performance.now();
      const made = await downloadPages({ url: sim.url, authorization: sim.authorization, mode, pageSize, concurrency: CONCURRENCY, queries: downloads, fieldList: pointsQueries.size > 0 });
      const wallMs = performance.now() - started;
      baselineJiraCpuMs.push(processCpuMs(simPid) - jiraCpuBefore);
      if (made !== minimum) throw new Error(`The baseline made ${made} requests; the minimum is ${minimum}.`);
      const served = (await (await fetch(`${sim.url}/_sim/requests`)).json()) as Array<{ durationMs: number }>;
      const durations = served.map((request) => request.durationMs).sort((a, b) => a - b);
      baselineMedians.push(durations[Math.floor(durations.length / 2)] ?? 0);
      return wallMs;
    };
    await download(); // warm-up: the simulator's search cache and JIT, for both sides alike
    const before = await download();

    const database = await databaseUrl();
    const input: RoundChildInput = {
      databaseUrl: database.url,
      dataDir,
      login: { url: sim.url, deploymentType: mode, username: sim.login.username, secret: sim.login.secret },
      queries,
      links: LINKS,
      simPid,
      expectedTotals: Object.fromEntries(projects.map((project, q) => [queries[q], project.issues])),
      ...(PROFILE_DIR ? { profileDir: path.resolve(PROFILE_DIR) } : {}),
    };
    let rounds: MeasuredRound[];
    let storage: StorageFigures;
    try {
      const roundChild = spawnChild('round-child.ts', [JSON.stringify(input)]);
      ({ rounds, storage } = JSON.parse(await roundChild.firstLine) as { rounds: MeasuredRound[]; storage: StorageFigures });
    } finally {
      await database.drop();
    }
    const after = await download();
    return { mode, minimum, pages, baselineMs: [before, after], baselineJiraCpuMs: baselineJiraCpuMs.slice(1), baselineMedianRequestMs: baselineMedians.slice(1), rounds, storage };
  } finally {
    simChild.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

let postgres: ThrowawayPostgres | null = null;
const results: ModeFigures[] = [];
try {
  if (DB === 'postgres') postgres = await startThrowawayPostgres();
  const databaseUrl = async () => {
    if (postgres) return createPostgresDatabase(postgres.url, 'pacer_sync_bench');
    return { url: path.join(mkdtempSync(path.join(tmpdir(), 'pacer-sync-bench-db-')), 'pacer.sqlite'), drop: async () => undefined };
  };
  for (const mode of MODES) results.push(await measure(mode, databaseUrl));
} finally {
  postgres?.stop();
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(
  `Sync round: ${LINKS} links over ${QUERIES} distinct queries, ${ISSUES.toLocaleString('en-US')} issues, ${LATENCY_MS} ms per request, ` +
    `${CONCURRENCY} requests in flight, ${DB === 'postgres' ? `PostgreSQL (${postgres?.version ?? ''})` : 'SQLite (WAL)'}, ` +
    `round process: ${compiledRoundChild ? 'esbuild bundle run by plain node (as production)' : 'tsx from source'}` +
    `, Node ${process.version}, PACER_HEAP_GROWING_PERCENT ${process.env.PACER_HEAP_GROWING_PERCENT ?? '25 (the default)'}` +
    `, node flags: ${[...SERVER_NODE_FLAGS, ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])].join(' ')}\n`,
);
console.log('| deployment | round | links ok | requests (minimum) | ratio | wall (download baseline) | ratio | CPU | peak RSS (before) | peak heap reserved / used / outside | max in flight | before 1st request / after last answer | median request at Jira | Jira (simulator) CPU |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const misses: string[] = [];
for (const r of results) {
  const baseline = Math.min(...r.baselineMs);
  for (const round of r.rounds) {
    const requestRatio = round.sim.api / r.minimum;
    const wallRatio = round.wallMs / baseline;
    console.log(
      `| ${r.mode} | ${round.phase} | ${round.round.ok}/${LINKS}${round.wrongTotals > 0 ? ` (${round.wrongTotals} wrong totals)` : ''} | ${round.sim.api} (${r.minimum}) | ${requestRatio.toFixed(3)} | ` +
        `${seconds(round.wallMs)} (${seconds(baseline)}) | ${wallRatio.toFixed(2)} | ${seconds(round.cpuMs)} | ${round.peakRssMb.toFixed(0)} MB (${round.rssBeforeMb.toFixed(0)} MB) | ${round.peakHeapMb.total.toFixed(0)} / ${round.peakHeapMb.used.toFixed(0)} / ${round.peakHeapMb.external.toFixed(0)} MB | ${round.sim.maxConcurrentApi} | ${seconds(round.beforeFirstRequestMs)} / ${seconds(round.afterLastAnswerMs)} | ${round.medianRequestMs.toFixed(0)} ms | ${seconds(round.jiraCpuMs)} |`,
    );
    if (requestRatio > TARGET_REQUESTS) misses.push(`${r.mode} ${round.phase}: requests ${requestRatio.toFixed(3)} × minimum`);
    if (wallRatio > TARGET_WALL) misses.push(`${r.mode} ${round.phase}: wall ${wallRatio.toFixed(2)} × baseline`);
    if (round.round.ok !== LINKS || round.wrongTotals > 0) misses.push(`${r.mode} ${round.phase}: ${round.round.ok} links ok, ${round.wrongTotals} wrong totals`);
  }
  console.log(`|  | baseline runs: ${r.baselineMs.map(seconds).join(', ')} (the faster counts) |  |  |  |  |  |  |  |  |  |  | ${r.baselineMedianRequestMs.map((ms) => `${ms.toFixed(0)} ms`).join(', ')} | ${r.baselineJiraCpuMs.map(seconds).join(', ')} |`);
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log('\n| deployment | mirrored issues | memberships | queries | bytes per mirrored issue (mirror + membership) | mirror + membership | whole database | database / (mirror + membership) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const s = r.storage;
  const issuesBytes = s.mirrorBytes + s.membershipBytes;
  console.log(
    `| ${r.mode} | ${s.mirroredIssues.toLocaleString('en-US')} | ${s.memberships.toLocaleString('en-US')} | ${s.queries} | ` +
      `${(s.mirrorBytes / Math.max(1, s.mirroredIssues)).toFixed(0)} + ${(s.membershipBytes / Math.max(1, s.memberships)).toFixed(0)} B | ${mb(issuesBytes)} | ${mb(s.databaseBytes)} | ${(s.databaseBytes / Math.max(1, issuesBytes)).toFixed(2)} |`,
  );
}
if (misses.length > 0) {
  console.log(`\nTargets missed (requests ≤ ${TARGET_REQUESTS} × minimum, wall ≤ ${TARGET_WALL} × baseline): ${misses.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log(`\nEvery round: requests ≤ ${TARGET_REQUESTS} × minimum and wall ≤ ${TARGET_WALL} × the download baseline.`);
}
