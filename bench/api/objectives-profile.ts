/**
 * Server CPU per answer of GET /api/v1/objectives?cycleId= (2,000 objectives, 10,000 key results),
 * requests sent one at a time so that the figure is the server's own work, not queueing; with
 * `--profile` the server runs under `--cpu-prof` and the heaviest functions (self time) are listed.
 * A companion to bench:api for finding where the time goes; CPU time barely moves with the
 * machine's load, unlike throughput.
 *
 *   npx tsx bench/api/objectives-profile.ts [--requests=40] [--database=sqlite|postgres] [--profile] [--node-args=...] [--no-cache]
 *
 * --no-cache starts the server with PACER_LIST_CACHE_MB=0, so every answer is built (queries,
 * presenters, JSON) instead of coming from the answer cache.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openMigrated, seedCycle, seedUser } from '../../test/support/bulk-seed';
import { processCpuMs } from '../../test/support/process-cpu';
import { createPostgresDatabase, startThrowawayPostgres } from '../../test/support/throwaway-postgres';
import { startListServer } from './list-server';

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}
const requests = Number(option('requests', '40'));
const database = option('database', 'sqlite');
const profile = process.argv.includes('--profile');
const noCache = process.argv.includes('--no-cache');
// e.g. --node-args=--max-semi-space-size=32 to try a V8 flag on the server
const extraNodeArgs = option('node-args', '').split(' ').filter((arg) => arg !== '');

/** CPU of the PostgreSQL backends serving this database (their titles name it), so the figure covers both processes. */
function backendCpuMs(databaseName: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres:') && title.includes(databaseName)) total += processCpuMs(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function topSelfTime(file: string, count: number): string[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
  const byFrame = new Map<string, number>();
  let total = 0;
  for (const node of data.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/src\//, 'src/')}:${lineNumber + 1}`;
    byFrame.set(key, (byFrame.get(key) ?? 0) + hits);
  }
  return [...byFrame.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-api-profile-'));
const postgres = database === 'postgres' ? await startThrowawayPostgres() : null;
try {
  const createdPg = postgres ? await createPostgresDatabase(postgres.url, 'pacer_profile') : null;
  const databaseUrl = createdPg ? createdPg.url : path.join(dataDir, 'pacer.sqlite');
  const opened = await openMigrated(databaseUrl, dataDir);
  const admin = await seedUser(opened.db, 'admin', 'admin');
  const cycle = await seedCycle(opened.db, { objectives: 2_000, keyResultsPerObjective: 5, ownerIds: [admin.id] });
  if (opened.dialect === 'postgres') await sql`analyze`.execute(opened.db);
  await opened.destroy();

  const profileDir = path.join(dataDir, 'profile');
  const pacer = await startListServer({ dataDir, databaseUrl, noCache, nodeArgs: [...extraNodeArgs, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])] });
  const url = `${pacer.baseUrl}/api/v1/objectives?cycleId=${cycle.cycleId}`;
  const headers = { authorization: `Bearer ${admin.token}` };
  for (let i = 0; i < 5; i++) await (await fetch(url, { headers })).arrayBuffer();
  const databaseName = createdPg ? new URL(createdPg.url).pathname.slice(1) : null;
  const before = processCpuMs(pacer.pid);
  const backendBefore = databaseName ? backendCpuMs(databaseName) : 0;
  const started = performance.now();
  let bytes = 0;
  for (let i = 0; i < requests; i++) bytes = (await (await fetch(url, { headers })).arrayBuffer()).byteLength;
  const cpu = (processCpuMs(pacer.pid) - before) / requests;
  const backendCpu = databaseName ? (backendCpuMs(databaseName) - backendBefore) / requests : null;
  const wall = (performance.now() - started) / requests;
  await pacer.stop();
  await createdPg?.drop();
  console.log(`${database}${noCache ? ' (no answer cache)' : ''}: ${(bytes / 2 ** 20).toFixed(2)} MiB per answer; server CPU ${cpu.toFixed(0)} ms per answer, wall ${wall.toFixed(0)} ms (one request at a time)${backendCpu === null ? '' : `; PostgreSQL backend CPU ${backendCpu.toFixed(0)} ms per answer`}`);
  if (profile) {
    const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
    if (file) console.log(topSelfTime(path.join(profileDir, file), 30).join('\n'));
    const keep = option('keep-profile', '');
    if (file && keep !== '') copyFileSync(path.join(profileDir, file), keep);
  }
} finally {
  postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
