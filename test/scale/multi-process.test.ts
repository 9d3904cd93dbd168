/**
 * Scale-out on a real PostgreSQL with real processes: one `serve` and two `worker` processes
 * (started together on an empty database, so they race to migrate it) sync 500 links against the
 * simulator. Every link is synced exactly once per round (from sync_runs); a worker killed with -9
 * in the middle of a round leaves its jobs to the other worker, and nothing is lost or doubled;
 * the per-connection limit on Jira requests in flight holds across both workers (from the
 * simulator's request log).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { makeEveryLinkDue, seedLinkedObjectives, type SeededLinks } from '../reliability/support/sync-links-seed';
import { startCluster, finishedJobCount, unfinishedJobs, type Cluster } from './support/cluster';
import { createFreshPostgres, type FreshPostgres } from './support/fresh-postgres';
import { startSimWorld, type SimWorld } from './support/sim-world';

const LINKS = 500;
const QUERIES = 100;
const MAX_IN_FLIGHT = 3;
const METRICS_TOKEN = 'scale-test-metrics-token';
const secretKey = randomBytes(32);

let postgres: FreshPostgres;
let world: SimWorld;
let cluster: Cluster;
let seeded: SeededLinks;

/** Scheduled runs per link. */
async function scheduledRuns(): Promise<Map<string, number>> {
  const rows = await postgres.database.db.selectFrom('sync_runs').select('link_id').where('trigger', '=', 'schedule').execute();
  const counts = new Map<string, number>();
  for (const row of rows) if (row.link_id !== null) counts.set(row.link_id, (counts.get(row.link_id) ?? 0) + 1);
  return counts;
}

const total = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + n, 0);

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

/** Every link has exactly `n` scheduled runs, and stays so for a few more ticks. */
async function expectEachLinkSynced(n: number): Promise<void> {
  await waitFor(`${LINKS * n} scheduled runs`, async () => total(await scheduledRuns()) >= LINKS * n, 120_000);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const runs = await scheduledRuns();
  expect(runs.size).toBe(LINKS);
  const wrong = [...runs.entries()].filter(([, count]) => count !== n);
  expect(wrong).toEqual([]);
}

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
  seeded = await seedLinkedObjectives(postgres.database.db, { login: world.login, secretKey, queries: world.queries, links: LINKS, metricOf: () => 'percent_done' });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await world?.sim.close();
  await postgres?.drop();
});

test('two workers sync every link exactly once per round, never more Jira requests in flight than the limit', async () => {
  expect(seeded.links).toHaveLength(LINKS);
  await expectEachLinkSynced(1);

  const [workerA, workerB] = cluster.workers;
  // Both workers took part; the serve process runs no sync jobs.
  expect(finishedJobCount(workerA?.output() ?? '')).toBeGreaterThan(0);
  expect(finishedJobCount(workerB?.output() ?? '')).toBeGreaterThan(0);
  expect(finishedJobCount(cluster.serve.output())).toBe(0);
  // One search per distinct query, and the shared limit was reached but never passed.
  expect(world.sim.requestLog.count({ path: '/rest/api/3/search/jql' })).toBe(QUERIES);
  expect(world.sim.requestLog.maxConcurrent()).toBe(MAX_IN_FLIGHT);

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
  await makeEveryLinkDue(postgres.database.db, new Date(Date.now() - 1_000));

  // Kill the victim while it holds jobs, after the round is well under way.
  let held: string[] = [];
  await waitFor('the victim to hold sync jobs mid-round', async () => {
    const runs = total(await scheduledRuns());
    held = unfinishedJobs(victim.output());
    return runs >= LINKS + 50 && held.length > 0;
  }, 60_000);
  await victim.kill9();
  const runsAtKill = total(await scheduledRuns()) - LINKS;
  expect(runsAtKill).toBeLessThan(LINKS);

  await expectEachLinkSynced(2);
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
