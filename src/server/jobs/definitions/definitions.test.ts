/**
 * One set of job definitions, two providers, the same outcome: the same scenario runs on SQLite
 * with the in-process provider and on PostgreSQL with pg-boss, against one simulator. A planned
 * round syncs every due link once with one Jira search per distinct query; a burst of webhook
 * follow-ups for three links syncs each once; a follow-up for a link another sync holds waits for
 * that sync to let go and then syncs it once. The links end with the same values on both.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { seedLinkedObjectives } from '../../../../test/support/sync-links-seed';
import { createFreshPostgres } from '../../../../test/support/throwaway-postgres';
import { startSimWorld, type SimWorld } from '../../../../test/support/jira-sim-world';
import { loadConfig, type Config } from '../../config';
import { createDatabase } from '../../db/database';
import { releaseLease } from '../../db/repositories/integration-links-repository';
import { migrateToLatest } from '../../db/migrate';
import type { Database } from '../../db/schema';
import type { SyncClientOptions } from '../../services/sync/jira-clients';
import { claimLinks } from '../../services/sync/sync-rounds';
import { createInProcessJobs } from '../providers/in-process';
import { startPgBossJobs } from '../providers/pg-boss/pg-boss-provider';
import type { JobProvider } from '../providers/provider';
import { planRoundJob } from './plan-round.job';
import { requestWebhookFollowUp } from './webhook-follow-up.job';

const silent = pino({ level: 'silent' });
const clientOptions: SyncClientOptions = { retry: { maxAttempts: 1, baseDelayMs: 5, maxTotalMs: 1_000 } };
const QUERIES = 4;
const LINKS = 12;
const ISSUES_PER_PROJECT = 6;

interface Outcome {
  /** Scheduled runs per seeded link, in seeding order. */
  scheduleRuns: number[];
  roundSearches: number;
  /** Webhook runs per seeded link after the burst and the held link. */
  webhookRuns: number[];
  /** Each seeded link's value after everything. */
  values: Array<number | null>;
  queriesAfterPrune: number;
  mirroredDroppedByPrune: number;
}

let world: SimWorld;
const outcomes = new Map<string, Outcome>();

beforeAll(async () => {
  world = await startSimWorld({ projects: QUERIES, issuesPerProject: ISSUES_PER_PROJECT });
});
afterAll(async () => {
  await world?.sim.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

async function runsPerLink(db: Kysely<Database>, ids: readonly string[], trigger: 'schedule' | 'webhook'): Promise<number[]> {
  const rows = await db.selectFrom('sync_runs').select(['link_id']).where('trigger', '=', trigger).execute();
  return ids.map((id) => rows.filter((row) => row.link_id === id).length);
}

/** The scenario, the same on every provider; `provider` runs the jobs of `db`. */
async function scenario(db: Kysely<Database>, secretKey: Buffer, provider: JobProvider): Promise<Outcome> {
  const seeded = await seedLinkedObjectives(db, { login: world.login, secretKey, queries: world.queries.slice(0, QUERIES), links: LINKS, metricOf: () => 'percent_done' });
  const ids = seeded.links.map((link) => link.id);

  world.sim.requestLog.clear();
  await provider.runNow(planRoundJob, {});
  await waitFor('the planned round', async () => (await runsPerLink(db, ids, 'schedule')).every((runs) => runs > 0));
  await provider.idle();
  const roundSearches = world.sim.requestLog.count({ path: '/rest/api/3/search/jql' });
  const scheduleRuns = await runsPerLink(db, ids, 'schedule');

  // A burst of requests for three links (one of them named twice) becomes one sync each.
  const burst = ids.slice(0, 3);
  for (let i = 0; i < 5; i += 1) await requestWebhookFollowUp(provider, [...burst, ids[0] ?? '']);
  await waitFor('three webhook runs', async () => (await runsPerLink(db, burst, 'webhook')).every((runs) => runs > 0));
  await provider.idle();

  // A link another sync holds is synced once that sync lets go: not dropped, not doubled.
  const heldId = ids[5] ?? '';
  const held = await claimLinks({ db }, [heldId], new Date());
  expect(held.links).toHaveLength(1);
  await requestWebhookFollowUp(provider, [heldId]);
  await sleep(1_200);
  expect(await runsPerLink(db, [heldId], 'webhook')).toEqual([0]);
  await releaseLease(db, heldId, held.owner);
  await waitFor('the held link synced', async () => (await runsPerLink(db, [heldId], 'webhook'))[0] === 1);
  await provider.idle();

  const links = await db.selectFrom('integration_links').select(['id', 'progress']).execute();
  const values = ids.map((id) => links.find((link) => link.id === id)?.progress ?? null);
  const webhookRuns = await runsPerLink(db, ids, 'webhook');

  // Every link of one query goes with its objective: the next planned round drops the query and
  // the mirrored issues only it held.
  const count = async (table: 'jira_queries' | 'jira_issues') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
  const mirroredBefore = await count('jira_issues');
  const goneObjectives = seeded.links.filter((_, i) => i % QUERIES === 0).map((link) => link.objectiveId);
  await db.deleteFrom('objectives').where('id', 'in', goneObjectives).execute();
  await provider.runNow(planRoundJob, {});
  await provider.idle();
  return {
    scheduleRuns,
    roundSearches,
    webhookRuns,
    values,
    queriesAfterPrune: await count('jira_queries'),
    mirroredDroppedByPrune: mirroredBefore - (await count('jira_issues')),
  };
}

const expected = {
  scheduleRuns: Array.from({ length: LINKS }, () => 1),
  roundSearches: QUERIES,
  webhookRuns: Array.from({ length: LINKS }, (_, i) => (i < 3 || i === 5 ? 1 : 0)),
  queriesAfterPrune: QUERIES - 1,
  // Each project's issues match only its own query.
  mirroredDroppedByPrune: ISSUES_PER_PROJECT,
};

/** Config for the jobs: webhook debounce 200 ms, no scheduled ticks (the test plans the round itself). */
function jobConfig(values: Record<string, string>): Config {
  return loadConfig({ LOG_LEVEL: 'silent', PACER_SYNC_TICK_SECONDS: '0', PACER_WEBHOOK_DEBOUNCE_MS: '200', PACER_WORKER_CONCURRENCY: '4', ...values });
}

describe('the job definitions on both providers', () => {
  test('SQLite, in-process', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pacer-jobs-'));
    const config = jobConfig({ PACER_DATA_DIR: dir, DATABASE_URL: path.join(dir, 'pacer.sqlite') });
    const database = createDatabase(config);
    const secretKey = randomBytes(32);
    const provider = createInProcessJobs({ context: { db: database.db, secretKey, config, log: silent, now: () => new Date(), clientOptions }, schedules: false });
    try {
      await migrateToLatest(database.db);
      const outcome = await scenario(database.db, secretKey, provider);
      expect(outcome).toMatchObject(expected);
      outcomes.set('in-process', outcome);
    } finally {
      await provider.stop();
      await database.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('PostgreSQL, pg-boss', async () => {
    const postgres = await createFreshPostgres(inject('postgresUrl'), 'pacer_jobs');
    const config = jobConfig({ DATABASE_URL: postgres.url, PACER_SYNC_JOB_TIMEOUT_SECONDS: '10' });
    const secretKey = randomBytes(32);
    const context = { db: postgres.database.db, secretKey, config, log: silent, now: () => new Date(), clientOptions };
    const provider = await startPgBossJobs({ context, connectionString: postgres.url, runWorkers: true, log: silent });
    try {
      const outcome = await scenario(postgres.database.db, secretKey, provider);
      expect(outcome).toMatchObject(expected);
      outcomes.set('pg-boss', outcome);
    } finally {
      await provider.stop();
      await postgres.drop();
    }
  }, 90_000);

  test('both end with the same values', () => {
    const inProcess = outcomes.get('in-process');
    const pgBoss = outcomes.get('pg-boss');
    expect(inProcess && pgBoss).toBeTruthy();
    expect(pgBoss?.values).toEqual(inProcess?.values);
    // Real values, not a pair of empty lists.
    expect(inProcess?.values.every((value) => typeof value === 'number')).toBe(true);
  });
});
