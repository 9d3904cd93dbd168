/**
 * The job definitions on the pg-boss provider in one process, on a fresh PostgreSQL database against the
 * simulator: a planned round syncs each due link once with one Jira query per distinct query;
 * webhook syncs of the same link collapse; an unreachable Jira is retried (nothing recorded) until
 * the last attempt, which records the failure and dead-letters the job for admins; /metrics shows
 * the queue and the runs. (Several processes: test/scale/multi-process.test.ts.)
 */
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { seedLinkedObjectives, type SeededLinks } from '../../../../../test/support/sync-links-seed';
import { seedUser } from '../../../../../test/support/bulk-seed';
import { createFreshPostgres, type FreshPostgres } from '../../../../../test/support/throwaway-postgres';
import { checkRound, linksSyncedSince } from '../../../../../test/support/sync-round-checks';
import { startSimWorld, type SimWorld } from '../../../../../test/support/jira-sim-world';
import { buildApp } from '../../../app';
import { loadConfig } from '../../../config';
import type { SyncTrigger } from '../../../db/repositories/sync-runs-repository';
import type { SyncClientOptions } from '../../../services/sync/jira-clients';
import { SyncJobError } from '../../../services/sync/sync-links';
import { syncLinksJob } from '../../definitions/sync-links.job';
import { requestWebhookFollowUp } from '../../definitions/webhook-follow-up.job';
import { startPgBossJobs, type PgBossJobs } from './pg-boss-provider';
import { listSyncFailures } from './sync-failures';

const silent = pino({ level: 'silent' });
const clientOptions: SyncClientOptions = { retry: { maxAttempts: 1, baseDelayMs: 5, maxTotalMs: 1_000 } };
let postgres: FreshPostgres;
let world: SimWorld;
let seeded: SeededLinks;
const secretKey = randomBytes(32);

const config = () =>
  loadConfig({
    DATABASE_URL: postgres.url,
    LOG_LEVEL: 'silent',
    PACER_SYNC_TICK_SECONDS: '1',
    PACER_WORKER_CONCURRENCY: '4',
    PACER_SYNC_JOB_TIMEOUT_SECONDS: '10',
    PACER_WEBHOOK_DEBOUNCE_MS: '300',
    PACER_METRICS_TOKEN: 'metrics-token-for-the-queue-test',
  });

const jobContext = () => ({ db: postgres.database.db, secretKey, config: config(), log: silent, now: () => new Date(), clientOptions });

async function startRuntime(): Promise<PgBossJobs> {
  return startPgBossJobs({ context: jobContext(), connectionString: postgres.url, runWorkers: true, log: silent });
}

async function runsByLink(trigger: SyncTrigger): Promise<Map<string, number>> {
  const rows = await postgres.database.db.selectFrom('sync_runs').select(['link_id']).where('trigger', '=', trigger).execute();
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.link_id ?? '', (counts.get(row.link_id ?? '') ?? 0) + 1);
  return counts;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const makeDue = (ids: string[]) =>
  postgres.database.db.updateTable('integration_links').set({ next_due_at: new Date(Date.now() - 1_000).toISOString() }).where('id', 'in', ids).execute();

beforeAll(async () => {
  postgres = await createFreshPostgres(inject('postgresUrl'), 'pacer_queue');
  world = await startSimWorld({ projects: 8, issuesPerProject: 5 });
  // Not due yet: each test makes the links it needs due.
  seeded = await seedLinkedObjectives(postgres.database.db, {
    login: world.login,
    secretKey,
    queries: world.queries,
    links: 40,
    metricOf: () => 'percent_done',
    dueAt: new Date(Date.now() + 86_400_000),
  });
});

afterAll(async () => {
  await world?.sim.close();
  await postgres?.drop();
});

test('a planned round syncs every due link once, one Jira query per distinct query; webhook bursts collapse', async () => {
  const runtime = await startRuntime();
  try {
    world.sim.requestLog.clear();
    const roundStart = new Date().toISOString();
    await makeDue(seeded.links.map((link) => link.id));
    await waitFor('40 links synced', async () => (await linksSyncedSince(postgres.database.db, roundStart)) >= 40);
    // Two more ticks plan again: nothing is due any more, so nothing more runs.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const round = await checkRound(postgres.database.db, roundStart);
    expect(round).toMatchObject({ synced: 40, doubled: [] });
    const searches = world.sim.requestLog.count({ path: '/rest/api/3/search/jql' });
    expect(searches).toBeGreaterThanOrEqual(8);
    // A link whose own daily slot came during the round ran again, with its own query.
    expect(searches).toBeLessThanOrEqual(8 + round.dueAgain);

    const burst = seeded.links.slice(0, 3).map((link) => link.id);
    for (let i = 0; i < 5; i += 1) await requestWebhookFollowUp(runtime, [...burst, burst[0] ?? '']);
    await waitFor('3 webhook runs', async () => (await runsByLink('webhook')).size === 3);
    await runtime.idle();
    expect([...(await runsByLink('webhook')).values()]).toEqual([1, 1, 1]);
  } finally {
    await runtime.stop();
  }
});

test('an unreachable Jira is retried without recording anything until the last attempt', async () => {
  const runtime = await startRuntime();
  await runtime.stop();
  const links = seeded.links.slice(10, 15).map((link) => link.id);
  await makeDue(links);
  world.sim.faults.set({ serverError: { probability: 1 } });
  try {
    // The job's own handler, as a worker runs it on its first and last attempts.
    const context = { ...jobContext(), jobs: runtime };
    const payload = { linkIds: links, trigger: 'schedule' as const };
    const job = { id: crypto.randomUUID(), retryCount: 0, retryLimit: 3 };
    const early = await syncLinksJob.handler(context, payload, job).catch((error: unknown) => error);
    expect(early).toBeInstanceOf(SyncJobError);
    expect(early).toMatchObject({ code: 'unreachable', details: { attempt: 1, lastAttempt: false } });
    const afterEarly = await postgres.database.db.selectFrom('integration_links').select(['sync_state', 'last_error_code']).where('id', 'in', links).execute();
    expect(afterEarly.every((link) => link.sync_state === 'idle' && link.last_error_code === null)).toBe(true);
    expect((await runsByLink('schedule')).get(links[0] ?? '')).toBe(1);

    const last = await syncLinksJob.handler(context, payload, { ...job, retryCount: 3 }).catch((error: unknown) => error);
    expect(last).toMatchObject({ code: 'unreachable', details: { attempt: 4, lastAttempt: true } });
    expect((last as SyncJobError).message).toMatch(/^Gave up after 4 attempts: .*HTTP 500/);
    const failed = await postgres.database.db.selectFrom('sync_runs').select(['link_id', 'outcome']).where('link_id', 'in', links).where('outcome', '=', 'failed').execute();
    expect(failed).toHaveLength(5);
  } finally {
    world.sim.faults.clear();
  }
});

test('a job that fails its last attempt is dead-lettered, listed for admins, and counted in /metrics', async () => {
  const runtime = await startRuntime();
  const app = await buildApp({ config: config(), db: postgres.database, secretKey, logger: silent, jobs: runtime });
  try {
    const admin = await seedUser(postgres.database.db, 'admin', 'queue-admin');
    const member = await seedUser(postgres.database.db, 'member', 'queue-member');
    const link = seeded.links[20]?.id ?? '';
    await postgres.database.db.updateTable('integration_links').set({ next_due_at: new Date(Date.now() + 86_400_000).toISOString() }).execute();
    world.sim.faults.set({ serverError: { probability: 1 } });
    // No retries left from the start: the first failure is the last attempt.
    await runtime.boss.send(syncLinksJob.id, { linkIds: [link], trigger: 'webhook' }, { retryLimit: 0, singletonKey: 'dead-letter-test' });
    await waitFor('a dead-lettered job', async () => (await listSyncFailures(postgres.database.db, 'postgres', 10)).failures.length > 0);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/admin/sync-failures', headers: { authorization: `Bearer ${admin.token}` } });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({
      queue: 'pg-boss',
      failures: [{ trigger: 'webhook', linkIds: [link], error: { code: 'unreachable', message: expect.stringMatching(/Gave up after 1 attempts/) }, attempts: 1 }],
    });
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/sync-failures', headers: { authorization: `Bearer ${member.token}` } })).statusCode).toBe(403);

    const scrape = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-for-the-queue-test' } });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scrape.body).toMatch(/^pacer_queue_jobs\{queue="pacer\.jira\.sync-links\.failed",state="created"\} 1$/m);
    expect(scrape.body).toMatch(/^pacer_sync_runs_total\{trigger="schedule",outcome="ok"\} \d+$/m);
    expect(scrape.body).toMatch(/^pacer_sync_runs_total\{trigger="webhook",outcome="failed"\} \d+$/m);
    expect(scrape.body).toMatch(/^pacer_jira_requests_total\{status="500"\} \d+$/m);
    expect(scrape.body).toMatch(/^pacer_sync_duration_seconds_bucket\{trigger="schedule",le="\+Inf"\} \d+$/m);
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${admin.token}` } })).statusCode).toBe(200);
    const refused = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer not-the-token' } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { message: expect.stringMatching(/PACER_METRICS_TOKEN/) } });
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${member.token}` } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
  } finally {
    world.sim.faults.clear();
    await app.close();
    await runtime.stop();
  }
});
