/**
 * A scheduled round of 5,000 links with 1 and with 2 worker processes on PostgreSQL (pg-boss),
 * against a simulator answering every request after 100 ms. Round time: from the moment every
 * link becomes due until the last of them has committed this round's run (the runs' own
 * timestamps), so it includes planning. 1-worker and 2-worker rounds alternate, each with freshly
 * started workers, so that whatever else the machine is doing weighs on both alike.
 *
 * Two set-ups: links spread over 10 Jira connections (the per-connection limit of 4 requests in
 * flight allows 40 at once, so the workers are the bottleneck), and all links on one connection
 * (the limit of 4 holds across workers, so a second worker cannot make Jira answer faster).
 *
 *   npm run bench:scale [-- links=5000 queries=1000 latency=100 concurrency=8 rounds=3]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema';
import { makeEveryLinkDue, seedLinkedObjectives } from '../../test/support/sync-links-seed';
import { openMigrated } from '../../test/support/bulk-seed';
import { startPacer, type PacerProcess } from '../../test/support/pacer-process';
import { createPostgresDatabase, startThrowawayPostgres } from '../../test/support/throwaway-postgres';
import { checkRound, linksSyncedSince } from '../../test/support/sync-round-checks';
import { startSimWorld, type SimWorld } from '../../test/support/jira-sim-world';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split('=') as [string, string]));
const LINKS = Number(args.links ?? 5000);
const QUERIES = Number(args.queries ?? 1000);
const LATENCY_MS = Number(args.latency ?? 100);
const CONCURRENCY = Number(args.concurrency ?? 8);
const ROUNDS = Number(args.rounds ?? 3);
const MAX_IN_FLIGHT = 4;
const WORKER_COUNTS = [1, 2] as const;

interface Measurement {
  setup: string;
  workers: number;
  roundsMs: number[];
  maxInFlight: number;
  searches: number[];
  /** Sync jobs that needed more than one attempt (a transient failure, retried by pg-boss). */
  retriedJobs: number;
  /** Jira answers other than 200 (or connections cut), from the simulator's log. */
  failedRequests: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loads: number[] = [];
/** Second runs of links whose own daily slot came during a round (scheduled, not doubled). */
let dueAgain = 0;

/** Undone on exit, newest first, also when the run is interrupted. */
const cleanups: Array<() => Promise<void> | void> = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) await Promise.resolve(cleanups.pop()?.()).catch(() => undefined);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

async function count(db: Kysely<Database>, where = sql`true`): Promise<number> {
  return Number((await sql<{ n: string }>`select count(*) as n from sync_runs where ${where}`.execute(db)).rows[0]?.n ?? 0);
}

async function startWorkers(n: number, databaseUrl: string, dataDir: string, secretKey: Buffer): Promise<PacerProcess[]> {
  return Promise.all(
    Array.from({ length: n }, (_, w) =>
      startPacer({
        dataDir: path.join(dataDir, `worker-${w}`),
        databaseUrl,
        logLevel: 'warn',
        env: {
          PACER_ROLE: 'worker',
          PACER_SECRET_KEY: secretKey.toString('hex'),
          PACER_SYNC_TICK_SECONDS: '1',
          PACER_WORKER_CONCURRENCY: String(CONCURRENCY),
          PACER_JIRA_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
        },
      }),
    ),
  );
}

/** Waits until no link is being synced (new workers first sync the links whose own slot has come). */
async function settle(db: Kysely<Database>): Promise<void> {
  for (let quiet = 0; quiet < 4; ) {
    const syncing = await db.selectFrom('integration_links').select((eb) => eb.fn.countAll<string>().as('n')).where('sync_state', '=', 'syncing').executeTakeFirst();
    quiet = Number(syncing?.n ?? 0) === 0 ? quiet + 1 : 0;
    await sleep(500);
  }
}

/** Makes every link due, waits for all of them to commit, and answers the round's time in ms. */
async function measureRound(db: Kysely<Database>, world: SimWorld): Promise<{ ms: number; startedAt: string }> {
  await settle(db);
  world.sim.requestLog.clear();
  loads.push(loadavg()[0] ?? 0);
  const startedAt = new Date().toISOString();
  const deadline = Date.now() + 600_000;
  await makeEveryLinkDue(db, new Date(Date.now() - 1_000));
  // Polling only notices the end; the time comes from the runs' own timestamps.
  while ((await linksSyncedSince(db, startedAt)) < LINKS) {
    if (Date.now() > deadline) throw new Error(`a round did not finish within 10 minutes`);
    await sleep(500);
  }
  const last = await sql<{ last: string }>`select max(finished_at) as last from sync_runs where finished_at >= ${startedAt}`.execute(db);
  // Once per link (again only where a link's own slot came during the round), or the figure means nothing.
  const check = await checkRound(db, startedAt);
  if (check.doubled.length > 0) throw new Error(`links synced twice in a round: ${check.doubled.join('; ')}`);
  dueAgain += check.dueAgain;
  return { ms: Date.parse(last.rows[0]?.last ?? '') - Date.parse(startedAt), startedAt };
}

async function seed(db: Kysely<Database>, world: SimWorld, secretKey: Buffer, connections: number): Promise<void> {
  const perConnection = Math.ceil(LINKS / connections);
  const queriesPerConnection = Math.ceil(QUERIES / connections);
  for (let c = 0; c < connections; c += 1) {
    const seeded = await seedLinkedObjectives(db, {
      login: world.login,
      secretKey,
      queries: world.queries.slice(c * queriesPerConnection, (c + 1) * queriesPerConnection),
      links: Math.min(perConnection, LINKS - c * perConnection),
      metricOf: () => 'percent_done',
      // Not due yet: each measured round makes every link due at once.
      dueAt: new Date(Date.now() + 86_400_000),
    });
    // Connection names are unique, and the seed always uses the same one.
    await db.updateTable('jira_connections').set({ name: `Bench Jira ${c + 1}` }).where('id', '=', seeded.connectionId).execute();
  }
}

async function main(): Promise<Measurement[]> {
  const server = await startThrowawayPostgres();
  cleanups.push(() => server.stop());
  const world = await startSimWorld({ projects: QUERIES, issuesPerProject: 3 });
  cleanups.push(() => world.sim.close());
  world.sim.faults.set({ latencyMs: LATENCY_MS });
  const secretKey = randomBytes(32);
  const results: Measurement[] = [];

  for (const connections of [10, 1]) {
    const setup = `${connections} connection${connections === 1 ? '' : 's'}`;
    const created = await createPostgresDatabase(server.url, 'pacer_bench_scale');
    cleanups.push(() => created.drop());
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-bench-scale-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const database = await openMigrated(created.url, dataDir);
    cleanups.push(() => database.destroy());
    await seed(database.db, world, secretKey, connections);

    const bySetup = new Map<number, Measurement>(
      WORKER_COUNTS.map((workers) => [workers, { setup, workers, roundsMs: [], maxInFlight: 0, searches: [], retriedJobs: 0, failedRequests: 0 }]),
    );
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const workers of WORKER_COUNTS) {
        const processes = await startWorkers(workers, created.url, dataDir, secretKey);
        const stop = () => Promise.all(processes.map((process) => process.stop())).then(() => undefined);
        cleanups.push(stop);
        const measurement = bySetup.get(workers);
        if (!measurement) throw new Error('unknown worker count');
        const round = await measureRound(database.db, world);
        measurement.roundsMs.push(round.ms);
        measurement.maxInFlight = Math.max(measurement.maxInFlight, world.sim.requestLog.maxConcurrent());
        measurement.searches.push(world.sim.requestLog.count({ path: '/rest/api/3/search/jql' }));
        measurement.failedRequests += world.sim.requestLog.entries().filter((entry) => entry.status !== 200).length;
        const retried = await sql<{ n: string }>`
          select count(*) as n from pgboss.job
          where name = 'pacer.jira.sync-links' and retry_count > 0 and created_on >= ${round.startedAt}::timestamptz`.execute(database.db);
        measurement.retriedJobs += Number(retried.rows[0]?.n ?? 0);
        await stop();
        cleanups.pop();
        console.error(`${setup}, ${workers} worker(s), round ${r + 1}: ${((measurement.roundsMs.at(-1) ?? 0) / 1000).toFixed(1)} s`);
      }
    }
    const failed = await count(database.db, sql`outcome = 'failed'`);
    if (failed > 0) throw new Error(`${failed} runs failed; the figures would not mean anything`);
    results.push(...bySetup.values());
    for (let i = 0; i < 3; i += 1) await cleanups.pop()?.();
  }
  return results;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

try {
  const results = await main();
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `Scheduled round of ${LINKS} links over ${QUERIES} distinct queries, simulator latency ${LATENCY_MS} ms, ${CONCURRENCY} sync jobs per worker, ` +
      `${MAX_IN_FLIGHT} Jira requests in flight per connection; ${cpus().length} CPUs, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} at the rounds' starts\n`,
  );
  console.log('| links on | workers | each round | median | searches per round | most requests in flight | 1 worker ÷ 2 workers (medians) |');
  console.log('|---|---|---|---|---|---|---|');
  const notes: string[] = [];
  for (const m of results) {
    const single = results.find((r) => r.setup === m.setup && r.workers === 1);
    const ratio = m.workers === 2 && single ? `${(median(single.roundsMs) / median(m.roundsMs)).toFixed(2)}×` : '';
    console.log(`| ${m.setup} | ${m.workers} | ${m.roundsMs.map(seconds).join(', ')} | ${seconds(median(m.roundsMs))} | ${m.searches.join(', ')} | ${m.maxInFlight} | ${ratio} |`);
    if (m.failedRequests > 0 || m.retriedJobs > 0) notes.push(`${m.setup}, ${m.workers} worker(s): ${m.failedRequests} Jira answers other than 200, sync jobs retried: ${m.retriedJobs}`);
  }
  const again = dueAgain > 0 ? ` (${dueAgain} link run(s) more, in all: links whose own daily slot came during a round ran again at it, as scheduled)` : '';
  console.log(`\nEvery link was synced exactly once per round${again}.${notes.length > 0 ? ` ${notes.join('; ')}.` : ' No Jira request failed and no job was retried.'}`);
} finally {
  await cleanUp();
}
