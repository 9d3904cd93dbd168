/**
 * Server memory: the REAL server's resident set (RSS, from /proc) when idle, after serving the
 * 10,000-key-result cycle (GET /api/v1/objectives?cycleId=, 2,000 objectives × 5 key results), and
 * after one full scheduled sync round of 1,000 links over 100 queries on a 200,000-issue simulator
 * (its own process), with the round's peak. The baseline is the same process idle after start.
 *
 *   npm run bench:memory [-- db=sqlite|postgres round=first|steady runner=node|tsx]
 *
 * round=first (default): the links' first sync (each stores its ~2,000 issues); steady: a second
 * round after the first, with Jira unchanged. runner=node (default): the compiled server, built
 * first with `npm run build:server`, as `npm start` runs it; tsx: the sources, as the tests run them
 * (tsx's loader and source maps hold ~40 MB more).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startPacer, type PacerProcess } from '../../test/support/pacer-process';
import { openMigrated, seedCycle, seedUser } from '../../test/support/bulk-seed';
import { makeEveryLinkDue, seedLinkedObjectives } from '../../test/support/sync-links-seed';
import { createPostgresDatabase, startThrowawayPostgres, type ThrowawayPostgres } from '../../test/support/throwaway-postgres';
import type { SimChildInfo } from '../sync/sim-child';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const DB = args.db === 'postgres' ? 'postgres' : 'sqlite';
const ROUND = args.round === 'steady' ? 'steady' : 'first';
const RUNNER = args.runner === 'tsx' ? 'tsx' : 'node';
const LINKS = 1000;
const QUERIES = 100;
const ISSUES = 200_000;
const MB = 1024;

/** VmRSS and VmHWM (peak) of a process, in MB (Linux /proc). */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / MB, peakMb: kb('VmHWM') / MB };
}

/** Resets the kernel's peak mark so VmHWM measures from now on. */
function resetPeak(pid: number): boolean {
  try {
    // Writing another process's clear_refs needs the same user (or root).
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startSim(): Promise<{ info: SimChildInfo; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../sync/sim-child.ts'), 'cloud', String(ISSUES), String(QUERIES), '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    if (!child.stdout) throw new Error('no stdout');
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`The simulator exited with code ${code}.`)));
  });
  return { info: JSON.parse(line) as SimChildInfo, stop: () => child.kill('SIGTERM') };
}

if (RUNNER === 'node') execFileSync('npm', ['run', 'build:server'], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: 'inherit' });

let postgres: ThrowawayPostgres | null = null;
const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-memory-bench-'));
const sim = await startSim();
let pacer: PacerProcess | null = null;
let dropDatabase: () => Promise<void> = async () => undefined;
try {
  let databaseUrl = path.join(dataDir, 'pacer.sqlite');
  if (DB === 'postgres') {
    postgres = await startThrowawayPostgres();
    const created = await createPostgresDatabase(postgres.url, 'pacer_memory_bench');
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  const database = await openMigrated(databaseUrl, dataDir);
  const secretKey = Buffer.alloc(32, 9);
  const admin = await seedUser(database.db, 'admin', 'memory');
  const cycle = await seedCycle(database.db, { objectives: 2000, keyResultsPerObjective: 5, ownerIds: [admin.id] });
  const queries = sim.info.projects.slice(0, QUERIES).map((project) => `project = "${project.key}"`);
  // Not due yet: the round starts when the bench says so.
  const seeded = await seedLinkedObjectives(database.db, {
    login: { url: sim.info.url, deploymentType: 'cloud', ...sim.info.login },
    secretKey,
    queries,
    links: LINKS,
    dueAt: new Date(Date.now() + 30 * 86_400_000),
  });

  pacer = await startPacer({
    dataDir,
    databaseUrl,
    logLevel: 'warn',
    compiled: RUNNER === 'node',
    env: { PACER_SECRET_KEY: secretKey.toString('hex'), PACER_SYNC_TICK_SECONDS: '1' },
  });
  await sleep(2000);
  const idle = memoryOf(pacer.pid);

  const headers = { authorization: `Bearer ${admin.token}` };
  for (let i = 0; i < 5; i++) {
    const response = await fetch(`${pacer.baseUrl}/api/v1/objectives?cycleId=${cycle.cycleId}`, { headers });
    if (response.status !== 200) throw new Error(`GET objectives answered ${response.status}`);
    await response.arrayBuffer();
  }
  const afterList = memoryOf(pacer.pid);

  const runRound = async (): Promise<number> => {
    const before = await database.db.selectFrom('sync_runs').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const started = performance.now();
    await makeEveryLinkDue(database.db, new Date(Date.now() - 1000));
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      const row = await database.db.selectFrom('sync_runs').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      const busy = await database.db.selectFrom('integration_links').select('id').where('sync_state', '=', 'syncing').limit(1).execute();
      if (Number(row.n) - Number(before.n) >= LINKS && busy.length === 0) return performance.now() - started;
      if (Date.now() > deadline || !pacer || pacer.exited()) throw new Error(`The round did not finish:\n${pacer?.output() ?? ''}`);
      await sleep(250);
    }
  };
  if (ROUND === 'steady') await runRound();
  const peakFromRound = resetPeak(pacer.pid);
  const roundMs = await runRound();
  const afterRound = memoryOf(pacer.pid);
  await sleep(5000);
  const settled = memoryOf(pacer.pid);
  await database.destroy();
  const linksOk = seeded.links.length;

  const ratio = (mb: number) => `${(mb / idle.rssMb).toFixed(2)}×`;
  console.log(
    `Server memory (${DB === 'postgres' ? `PostgreSQL ${postgres?.version ?? ''}` : 'SQLite'}): ${RUNNER === 'node' ? 'compiled server, plain node' : 'sources under tsx'}, Node ${process.version}; ` +
      `cycle of 2,000 objectives / 10,000 key results; ` +
      `${ROUND} sync round of ${linksOk} links over ${QUERIES} queries on ${ISSUES.toLocaleString('en-US')} issues (${(roundMs / 1000).toFixed(1)} s)\n`,
  );
  console.log('| moment | RSS | against idle |');
  console.log('|---|---|---|');
  console.log(`| idle after start (baseline) | ${idle.rssMb.toFixed(0)} MB | 1.00× |`);
  console.log(`| after GET objectives of the 10,000-KR cycle (5 times) | ${afterList.rssMb.toFixed(0)} MB | ${ratio(afterList.rssMb)} |`);
  console.log(`| peak ${peakFromRound ? 'during the sync round' : 'since start'} | ${afterRound.peakMb.toFixed(0)} MB | ${ratio(afterRound.peakMb)} |`);
  console.log(`| right after the round | ${afterRound.rssMb.toFixed(0)} MB | ${ratio(afterRound.rssMb)} |`);
  console.log(`| 5 s later | ${settled.rssMb.toFixed(0)} MB | ${ratio(settled.rssMb)} |`);
} finally {
  await pacer?.stop();
  sim.stop();
  await dropDatabase().catch(() => undefined);
  postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
