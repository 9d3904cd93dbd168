/**
 * Scale-out on a real PostgreSQL with real processes: one `serve` and two `worker` processes
 * (started together on an empty database, so they race to migrate it) sync 500 links against the
 * simulator. Every link is synced exactly once per round (from sync_runs; a link whose own daily
 * slot happens to come during the round runs again at that slot, as scheduled); a worker killed with -9
 * in the middle of a round leaves its jobs to the other worker, and nothing is lost or doubled;
 * the per-connection limit on Jira requests in flight holds across both workers (from the
 * simulator's request log).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { makeEveryLinkDue, seedLinkedObjectives, type SeededLinks } from '../support/sync-links-seed';
import { startCluster, finishedJobCount, unfinishedJobs, type Cluster } from './support/cluster';
import { createFreshPostgres, type FreshPostgres } from '../support/throwaway-postgres';
import { checkRound, linksSyncedSince, type RoundCheck } from '../support/sync-round-checks';
import { startSimWorld, type SimWorld } from '../support/jira-sim-world';
import { reservedSlots } from '../../src/integrations/jira/index';

const LINKS = 500;
const QUERIES = 100;
const MAX_IN_FLIGHT = 3;
const METRICS_TOKEN = 'scale-test-metrics-token';
const secretKey = randomBytes(32);

let postgres: FreshPostgres;
let world: SimWorld;
let cluster: Cluster;
let seeded: SeededLinks;

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const logs = [cluster.serve, ...cluster.workers].map((p, i) => `--- process ${i} ---\n${p.output().slice(-3_000)}`).join('\n');
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Every link synced once in the round that began at `since` (a second run only where the link's
 * own slot came during the round), and nothing more runs a few ticks later.
 */
async function expectEachLinkSyncedOnce(since: string): Promise<RoundCheck> {
  await waitFor(`all ${LINKS} links to sync`, async () => (await linksSyncedSince(postgres.database.db, since)) >= LINKS, 120_000);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const check = await checkRound(postgres.database.db, since);
  expect(check.synced).toBe(LINKS);
  expect(check.doubled).toEqual([]);
  return check;
}

let firstRoundStart = '';

beforeAll(async () => {
  postgres = await createFreshPostgres(inject('postgresUrl'), 'pacer_cluster', { migrate: false });
  world = await startSimWorld({ projects: QUERIES, issuesPerProject: 3 });
  // Each request takes a while, so a round lasts long enough to kill a worker in the middle of it.
  world.sim.faults.set({ latencyMs: 120 });
  cluster = await startCluster({
    databaseUrl: postgres.url,
    secretKeyHex: secretKey.toString('hex'),
    workers: 2,
    env: {
      PACER_SYNC_TICK_SECONDS: '1',
      PACER_JIRA_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
      PACER_WORKER_CONCURRENCY: '4',
      PACER_SYNC_JOB_TIMEOUT_SECONDS: '6',
      PACER_METRICS_TOKEN: METRICS_TOKEN,
    },
  });
  // The processes migrated the empty database; the links arrive all due, in one transaction.
  firstRoundStart = new Date().toISOString();
  seeded = await seedLinkedObjectives(postgres.database.db, { login: world.login, secretKey, queries: world.queries, links: LINKS, metricOf: () => 'percent_done' });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await world?.sim.close();
  await postgres?.drop();
});

test('two workers sync every link exactly once per round, never more Jira requests in flight than the limit', async () => {
  expect(seeded.links).toHaveLength(LINKS);
  const round = await expectEachLinkSyncedOnce(firstRoundStart);

  const [workerA, workerB] = cluster.workers;
  // Both workers took part; the serve process runs no sync jobs.
  expect(finishedJobCount(workerA?.output() ?? '')).toBeGreaterThan(0);
  expect(finishedJobCount(workerB?.output() ?? '')).toBeGreaterThan(0);
  expect(finishedJobCount(cluster.serve.output())).toBe(0);
  // One search per distinct query (plus one per link that came due again), and the syncs' share of
  // the shared limit (all but the slot kept for interactive requests) was reached but never passed.
  const searches = world.sim.requestLog.count({ path: '/rest/api/3/search/jql' });
  expect(searches).toBeGreaterThanOrEqual(QUERIES);
  expect(searches).toBeLessThanOrEqual(QUERIES + round.dueAgain);
  expect(world.sim.requestLog.maxConcurrent()).toBe(MAX_IN_FLIGHT - reservedSlots(MAX_IN_FLIGHT));

  const scrape = await fetch(`${cluster.serve.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(scrape.status).toBe(200);
  expect(await scrape.text()).toMatch(/^pacer_queue_jobs\{queue="pacer\.jira\.sync-links",state="active"\} 0$/m);
  const workerScrape = await fetch(`${workerA?.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(await workerScrape.text()).toMatch(/^pacer_sync_runs_total\{trigger="schedule",outcome="ok"\} [1-9]\d*$/m);
});

test('a worker killed with -9 mid-round: its jobs finish on the other worker, nothing lost or doubled', async () => {
  const [victim, survivor] = cluster.workers;
  if (!victim || !survivor) throw new Error('the cluster has two workers');
  world.sim.requestLog.clear();
  const secondRoundStart = new Date().toISOString();
  await makeEveryLinkDue(postgres.database.db, new Date(Date.now() - 1_000));

  // Kill the victim while it holds jobs, after the round is well under way.
  let held: string[] = [];
  await waitFor('the victim to hold sync jobs mid-round', async () => {
    const synced = await linksSyncedSince(postgres.database.db, secondRoundStart);
    held = unfinishedJobs(victim.output());
    return synced >= 50 && held.length > 0;
  }, 60_000);
  await victim.kill9();
  expect(await linksSyncedSince(postgres.database.db, secondRoundStart)).toBeLessThan(LINKS);

  await expectEachLinkSyncedOnce(secondRoundStart);
  // The jobs the victim held were expired by pg-boss, retried and completed by the survivor.
  const { rows } = await sql<{ id: string; state: string; retry_count: number }>`
    select id::text, state::text, retry_count from pgboss.job where id = any(${held}::uuid[])
    union all
    select id::text, state::text, retry_count from pgboss.archive where id = any(${held}::uuid[])`.execute(postgres.database.db);
  expect(rows.length).toBe(held.length);
  for (const row of rows) expect(row).toMatchObject({ state: 'completed' });
  expect(rows.every((row) => row.retry_count >= 1)).toBe(true);
  expect(world.sim.requestLog.maxConcurrent()).toBeLessThanOrEqual(MAX_IN_FLIGHT);
});
