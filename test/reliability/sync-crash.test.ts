/**
 * Crash during a sync round: the REAL server (a child process) syncs 300 links over 30 queries
 * against the simulator, which answers every request 80 ms late so the round is in flight when
 * `kill -9` lands. Several kills per engine (SQLite in WAL mode, where rounds run in the process's
 * scheduler; PostgreSQL, where they run as pg-boss jobs), each at a different point of the round.
 * While the server runs, the test reads the committed run records from its own connection: those
 * are the acknowledged writes. After every kill the database must pass its integrity check and
 * still hold every acknowledged write; after the last restart the round must complete: every link
 * synced exactly once to the truth, none left syncing, no lease held, no run recorded twice.
 * Leases and queued jobs are shortened (5 s) through the configuration so recovery takes seconds.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import { generateLargeDataset } from '../../jira-sim/src/scenarios/index';
import type { DialectName, PacerDatabase } from '../../src/server/db/database';
import { writeSetting } from '../../src/server/db/repositories/settings-repository';
import { startPacer, type PacerProcess } from '../support/pacer-process';
import { openMigrated } from '../support/bulk-seed';
import { finishedRoundProblems, listRuns, type RunRow } from './support/sync-checks';
import { seedLinkedObjectives } from '../support/sync-links-seed';
import { createTarget, integrityProblems, type Target } from './support/targets';

const LINKS = 300;
const PROJECTS = 30;
/** Jira requests the round has made (since this server started) when it is killed; the last start runs to the end. */
const KILL_AFTER_REQUESTS = [6, 25, 30, 20];
const INTERVAL_MINUTES = 10_080;
const SECRET_KEY = randomBytes(32);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function serverEnv(): Record<string, string> {
  return {
    PACER_SECRET_KEY: SECRET_KEY.toString('hex'),
    PACER_SYNC_TICK_SECONDS: '1',
    PACER_SYNC_LEASE_SECONDS: '5',
    PACER_SYNC_JOB_TIMEOUT_SECONDS: '5',
  };
}

function describeSyncCrash(dialect: DialectName): void {
  describe(`kill -9 during a sync round [${dialect}]`, () => {
    let target: Target;
    let sim: JiraSim;
    let watcher: PacerDatabase;

    beforeAll(async () => {
      target = await createTarget(dialect, 'sync_crash');
      const dataset = generateLargeDataset({ mode: 'cloud', projects: PROJECTS, issues: 9_000, seed: 3, users: 3, now: new Date() });
      sim = await startJiraSim({ mode: 'cloud', dataset });
      sim.faults.set({ latencyMs: 80 });
      const user = dataset.users[0];
      if (!user) throw new Error('no user');
      watcher = await openMigrated(target.databaseUrl, target.dataDir);
      await seedLinkedObjectives(watcher.db, {
        login: { url: sim.url, deploymentType: 'cloud', username: user.emailAddress, secret: user.apiToken },
        secretKey: SECRET_KEY,
        queries: dataset.projects.map((project) => `project = "${project.key}"`),
        links: LINKS,
      });
      // A week between a link's syncs: a link synced in this test is not due again during it.
      await writeSetting(watcher.db, 'sync.intervalMinutes', INTERVAL_MINUTES, new Date().toISOString());
    });

    afterAll(async () => {
      await watcher?.destroy();
      await sim?.close();
      await target?.dispose();
    });

    test(`${KILL_AFTER_REQUESTS.length} kills mid-round lose no committed sync, leave a sound database, and the round completes once`, async () => {
      const acknowledged = new Map<string, RunRow>();
      const kills: string[] = [];
      const remember = async () => {
        for (const run of await listRuns(watcher.db)) acknowledged.set(run.id, run);
      };

      for (const killAfter of KILL_AFTER_REQUESTS) {
        const requestsBefore = sim.requestLog.count();
        const server: PacerProcess = await startPacer({ dataDir: target.dataDir, databaseUrl: target.databaseUrl, env: serverEnv() });
        const deadline = Date.now() + 60_000;
        while (sim.requestLog.count() - requestsBefore < killAfter) {
          if (Date.now() > deadline || server.exited()) throw new Error(`The round did not reach ${killAfter} Jira requests:\n${server.output()}`);
          await remember();
          await sleep(20);
        }
        await remember();
        await server.kill9();
        const committed = acknowledged.size;
        kills.push(`after ${sim.requestLog.count() - requestsBefore} requests, ${committed} runs committed`);
        // The kill landed mid-round: some links were still to do.
        expect(committed).toBeLessThan(LINKS);

        expect(await integrityProblems(watcher.db, dialect)).toEqual([]);
        const afterKill = new Map((await listRuns(watcher.db)).map((run) => [run.id, run]));
        for (const run of acknowledged.values()) expect(afterKill.get(run.id), `committed run ${run.id} after the kill`).toEqual(run);
      }

      // The last start: the round completes, leased links included once their lease has run out.
      const server = await startPacer({ dataDir: target.dataDir, databaseUrl: target.databaseUrl, env: serverEnv() });
      try {
        const deadline = Date.now() + 90_000;
        for (;;) {
          const runs = await listRuns(watcher.db);
          const linksDone = new Set(runs.filter((run) => run.trigger === 'schedule').map((run) => run.linkId)).size;
          const busy = await watcher.db.selectFrom('integration_links').select('id').where('sync_state', '=', 'syncing').execute();
          if (linksDone === LINKS && busy.length === 0) break;
          if (Date.now() > deadline) throw new Error(`After the restart only ${linksDone} of ${LINKS} links synced (${busy.length} syncing):\n${server.output()}`);
          await sleep(200);
        }
        // One more tick with nothing due: nothing is synced twice.
        await sleep(1_500);
      } finally {
        await server.stop();
      }

      const runs = new Map((await listRuns(watcher.db)).map((run) => [run.id, run]));
      for (const run of acknowledged.values()) expect(runs.get(run.id), `committed run ${run.id} after the restarts`).toEqual(run);
      expect(await integrityProblems(watcher.db, dialect)).toEqual([]);
      expect(await finishedRoundProblems(watcher.db, sim, INTERVAL_MINUTES * 60_000)).toEqual([]);
      expect(runs.size).toBe(LINKS);
      // Some kills came after links had committed, or durability was not tested.
      expect(acknowledged.size).toBeGreaterThan(0);
      console.log(`[sync crash ${dialect}] ${kills.length} kills (${kills.join('; ')}); ${acknowledged.size} committed runs seen before kills all kept; round completed: ${LINKS} links synced once`);
    });
  });
}

describeSyncCrash('sqlite');
describeSyncCrash('postgres');
