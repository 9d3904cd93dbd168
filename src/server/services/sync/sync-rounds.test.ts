/**
 * Scheduled sync rounds against the simulator (Cloud and Data Center), on SQLite and PostgreSQL:
 * shared queries (counted in the simulator's request log), a restart in the middle of a round,
 * a failing Jira, the pause while Jira is disabled, edits winning over a sync in flight, the
 * interval setting and the in-process scheduler.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import { createDatabase } from '../../db/database';
import type { SimMode } from '../../../../test/support/jira-connection-fixtures';
import {
  BUG_EPIC,
  CAMPAIGN_EPIC,
  addStoryToEpic,
  createObjective,
  epicJql,
  expectOk,
  getItem,
  linkItem,
  percent,
  putLink,
  runsOf,
  setUpJiraWorld,
  syncDepsOf,
  type JiraWorld,
} from '../../../../test/support/link-fixtures';
import { createInProcessJobs } from '../../jobs/providers/in-process';
import { claimDueLinks, runDueSyncs, syncClaimed, SYNC_LEASE_MS } from './sync-rounds';

const DAY_MS = 86_400_000;
/** A moment when every link (24-hour interval) is due. */
const later = (days = 2) => new Date(Date.now() + days * DAY_MS);
const searchPath = (mode: SimMode) => (mode === 'cloud' ? '/rest/api/3/search/jql' : '/rest/api/2/search');

for (const mode of ['cloud', 'datacenter'] as const satisfies readonly SimMode[]) {
  describeEachDatabase(`sync rounds against a ${mode} simulator`, (ctx) => {
    let sim: JiraSim;
    let world: JiraWorld;

    beforeAll(async () => {
      sim = await startJiraSim({ mode, port: 0, scenario: 'demo', control: true });
      world = await setUpJiraWorld(ctx(), sim, mode);
    });
    afterAll(async () => {
      await sim.close();
    });
    beforeEach(async () => {
      sim.reset();
      // Each test counts its own links' queries.
      await ctx().db.deleteFrom('integration_links').execute();
    });

    const linkObjective = async (title: string, jql: string) => {
      const id = await createObjective(ctx(), world, title);
      await linkItem(ctx(), world, `/api/v1/objectives/${id}`, { jql, metric: 'percent_done' });
      return `/api/v1/objectives/${id}`;
    };

    test('links with the same query share one Jira query per round', async () => {
      const sameA = await linkObjective('Same query A', epicJql(mode, CAMPAIGN_EPIC));
      const sameB = await linkObjective('Same query B', epicJql(mode, CAMPAIGN_EPIC));
      const other = await linkObjective('Other query', epicJql(mode, BUG_EPIC));
      sim.requestLog.clear();

      const round = await runDueSyncs(syncDepsOf(ctx()), later());
      expect(round).toMatchObject({ paused: false, claimed: 3, ok: 3, failed: 0, queries: 2 });
      // One page per query, nothing else: no serverInfo (stored deployment), no /field (no points metric).
      expect(sim.requestLog.count({ path: searchPath(mode) })).toBe(2);
      expect(sim.requestLog.count()).toBe(2);
      expect(round.jiraRequests).toBe(2);
      for (const path of [sameA, sameB, other]) {
        const [latest] = await runsOf(ctx(), world, path);
        expect(latest).toMatchObject({ trigger: 'schedule', outcome: 'ok', jiraRequests: 1 });
      }

      // A second round at the same moment finds nothing due: each link ran exactly once.
      sim.requestLog.clear();
      expect((await runDueSyncs(syncDepsOf(ctx()), later())).claimed).toBe(0);
      expect(sim.requestLog.count()).toBe(0);
    });

    test('a restart in the middle of a round neither loses nor doubles a run', async () => {
      const paths = [await linkObjective('Restart A', epicJql(mode, CAMPAIGN_EPIC)), await linkObjective('Restart B', epicJql(mode, BUG_EPIC))];
      const roundAt = later();
      // Instance A claims the due links, then "crashes" before syncing them.
      const crashed = await claimDueLinks(syncDepsOf(ctx()), roundAt);
      expect(crashed.links).toHaveLength(2);

      // Instance B: its own connection to the same database.
      const second = createDatabase(ctx().config);
      try {
        const depsB = syncDepsOf(ctx(), { db: second.db });
        // While A's leases are live, B does not take the links (no double sync)…
        expect((await runDueSyncs(depsB, roundAt)).claimed).toBe(0);
        // …once they ran out, B syncs each of them once (nothing lost).
        const afterLease = new Date(roundAt.getTime() + SYNC_LEASE_MS + 1_000);
        expect(await runDueSyncs(depsB, afterLease)).toMatchObject({ claimed: 2, ok: 2 });
        expect((await runDueSyncs(depsB, afterLease)).claimed).toBe(0);
      } finally {
        await second.destroy();
      }

      // A comes back to life and tries to finish its stale round: nothing is recorded twice.
      const stale = await syncClaimed(syncDepsOf(ctx()), crashed, 'schedule');
      expect(stale.outcomes.map((outcome) => outcome.run)).toEqual([null, null]);
      for (const path of paths) {
        const triggers = (await runsOf(ctx(), world, path)).map((run) => run.trigger);
        expect(triggers).toEqual(['schedule', 'created']);
      }
    });

    test('a failing Jira keeps the last good values and records the error', async () => {
      const path = await linkObjective('Survives outages', epicJql(mode, CAMPAIGN_EPIC));
      sim.faults.set({ serverError: { probability: 1 } });
      const failed = await runDueSyncs(syncDepsOf(ctx()), later());
      expect(failed).toMatchObject({ claimed: 1, ok: 0, failed: 1 });

      const objective = await getItem(ctx(), world, path);
      expect(percent(objective.progress)).toBe(30);
      expect(objective.integration).toMatchObject({ total: 10, done: 3, lastError: { code: 'unreachable' } });
      expect(objective.integration?.lastError?.message).toMatch(/HTTP 500/);
      const [run] = await runsOf(ctx(), world, path);
      expect(run).toMatchObject({ trigger: 'schedule', outcome: 'failed', error: { code: 'unreachable' }, total: null });
      expect(percent(run?.progressAfter)).toBe(30);
      expect(run?.jiraRequests).toBeGreaterThanOrEqual(1);

      // Jira recovers: a failed link is retried within 15 minutes and clears its error.
      sim.faults.clear();
      addStoryToEpic(sim, CAMPAIGN_EPIC, 'Filed during the outage');
      const recovered = await runDueSyncs(syncDepsOf(ctx()), new Date(later().getTime() + 16 * 60_000));
      expect(recovered).toMatchObject({ ok: 1, failed: 0 });
      const after = await getItem(ctx(), world, path);
      expect(percent(after.progress)).toBe(27);
      expect(after.integration?.lastError).toBeNull();
    });

    test('while the Jira integration is disabled, syncing is paused and resumes when enabled', async () => {
      const path = await linkObjective('Paused', epicJql(mode, CAMPAIGN_EPIC));
      expectOk(await ctx().request('PUT', '/api/v1/integrations/jira', { as: world.admin, body: { enabled: false } }));
      sim.requestLog.clear();
      expect(await runDueSyncs(syncDepsOf(ctx()), later())).toMatchObject({ paused: true, claimed: 0 });
      expect(sim.requestLog.count()).toBe(0);
      expect((await ctx().request('POST', `${path}/integration/refresh`, { as: world.member })).statusCode).toBe(409);
      expectOk(await ctx().request('PUT', '/api/v1/integrations/jira', { as: world.admin, body: { enabled: true } }));
      expect(await runDueSyncs(syncDepsOf(ctx()), later())).toMatchObject({ paused: false, claimed: 1, ok: 1 });
    });

    test('an edit wins over a scheduled sync in flight: the stale result is discarded', async () => {
      const path = await linkObjective('Edited mid-sync', epicJql(mode, CAMPAIGN_EPIC));
      const inFlight = await claimDueLinks(syncDepsOf(ctx()), later());
      expect(inFlight.links).toHaveLength(1);
      expectOk(await putLink(ctx(), world, path, { jql: epicJql(mode, BUG_EPIC), metric: 'percent_done' }));
      const stale = await syncClaimed(syncDepsOf(ctx()), inFlight, 'schedule');
      expect(stale.outcomes[0]?.run).toBeNull();
      const objective = await getItem(ctx(), world, path);
      expect(objective.integration).toMatchObject({ total: 26, done: 19, jql: epicJql(mode, BUG_EPIC) });
      expect((await runsOf(ctx(), world, path)).map((run) => run.trigger)).toEqual(['edited', 'created']);
    });

    test('links are spread over the interval, and changing the interval reschedules them', async () => {
      // One after another: a person may only have a couple of Jira-backed requests running at once.
      const paths: string[] = [];
      for (const n of [1, 2, 3, 4, 5, 6]) paths.push(await linkObjective(`Spread ${n}`, epicJql(mode, CAMPAIGN_EPIC)));
      const nextSyncs = await Promise.all(paths.map(async (path) => (await getItem(ctx(), world, path)).integration?.nextSyncAt ?? ''));
      expect(new Set(nextSyncs).size).toBe(6);
      for (const next of nextSyncs) {
        expect(Date.parse(next)).toBeGreaterThan(Date.now() - 60_000);
        expect(Date.parse(next)).toBeLessThanOrEqual(Date.now() + DAY_MS);
      }

      const refused = await ctx().request('PATCH', '/api/v1/settings', { as: world.admin, body: { syncIntervalMinutes: 4 } });
      expect(refused.statusCode).toBe(400);
      expect((await ctx().request('PATCH', '/api/v1/settings', { as: world.member, body: { syncIntervalMinutes: 60 } })).statusCode).toBe(403);
      const changed = await ctx().request('PATCH', '/api/v1/settings', { as: world.admin, body: { syncIntervalMinutes: 5 } });
      expectOk(changed);
      expect(changed.json()).toMatchObject({ syncIntervalMinutes: 5 });
      for (const path of paths) {
        const next = Date.parse((await getItem(ctx(), world, path)).integration?.nextSyncAt ?? '');
        expect(next).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
      }
      expectOk(await ctx().request('PATCH', '/api/v1/settings', { as: world.admin, body: { syncIntervalMinutes: 1440 } }));
    });

    test('the in-process provider runs due rounds on its own', async () => {
      const path = await linkObjective('Scheduled', epicJql(mode, CAMPAIGN_EPIC));
      const dueAt = later();
      const jobs = createInProcessJobs({
        context: {
          db: ctx().db,
          secretKey: ctx().secretKey,
          config: { ...ctx().config, syncTickSeconds: 0.05 },
          log: { info: () => undefined, warn: () => undefined, error: () => undefined },
          now: () => dueAt,
        },
        schedules: true,
      });
      try {
        const deadline = Date.now() + 5_000;
        while (Date.now() < deadline && (await runsOf(ctx(), world, path)).length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        await jobs.stop();
      }
      expect((await runsOf(ctx(), world, path)).map((run) => run.trigger)).toEqual(['schedule', 'created']);
    });
  });
}
