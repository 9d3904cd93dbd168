/**
 * Sync rounds while Jira misbehaves, on SQLite and PostgreSQL, against a Cloud and a Data Center
 * simulator: for each fault mode (429 storms, a quota pause, 503s, an outage, connection resets,
 * hangs, malformed JSON, credentials revoked mid-round, page tokens expiring mid-walk, issues moving
 * between pages) a full round must leave every link either showing the truth (worked out from the
 * simulator's own data) or its last good values with the error shown — never a wrong number, never
 * a link left "syncing" or holding a lease, exactly one run record per link for the round.
 * Before each faulty round Jira's data changes, so "updated" and "kept" are told apart.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startJiraSim, type FaultConfig, type JiraSim } from '../../jira-sim/src/index';
import type { DeploymentMode } from '../../jira-sim/src/model';
import { generateLargeDataset } from '../../jira-sim/src/scenarios/index';
import { runDueSyncs } from '../../src/server/services/sync/sync-rounds';
import type { SyncDeps } from '../../src/server/services/sync/sync-engine';
import { describeEachDatabase, type Actor, type AppTestContext } from '../support/app-harness';
import { seedLinkedObjectives, type SeededLinks } from '../support/sync-links-seed';
import { runsSince, sameFigures, storedLinks, truthOf } from './support/sync-truth';

const PROJECTS = 5;
const LINKS = 10;
const DAY_MS = 86_400_000;
/** Short budgets keep a round within seconds: 4 attempts, 3 s per call, 400 ms before a hang counts as a timeout. */
const CLIENT = { retry: { maxAttempts: 4, baseDelayMs: 20, maxTotalMs: 3_000 }, timeoutMs: 400 } as const;

/** A request about to leave for Jira, for faults that strike at a chosen moment. */
type BeforeRequest = (request: { count: number; url: string; body: Record<string, unknown> | null }) => void;

interface FaultCase {
  name: string;
  modes: readonly DeploymentMode[];
  faults?: FaultConfig;
  beforeRequest?: (sim: JiraSim) => BeforeRequest;
  /** After the round, with the faults cleared (e.g. give back revoked credentials). */
  after?: (sim: JiraSim) => void;
  /** What must have happened for the case to count: the fault really struck. */
  struck: (sim: JiraSim, outcome: RoundOutcome) => void;
  /**
   * Jira's data changes during the round: a link may show the data as of its query's start (Cloud
   * searches read from a snapshot taken on page 1) or as of the end; anything else is wrong.
   */
  dataChangesDuringRound?: boolean;
}

interface RoundOutcome {
  updated: number;
  kept: number;
  errors: string[];
}

const BOTH = ['cloud', 'datacenter'] as const;
const faultsSeen = (sim: JiraSim, fault: string) => sim.requestLog.entries().filter((entry) => entry.fault === fault).length;
const statusesSeen = (sim: JiraSim, status: number) => sim.requestLog.entries().filter((entry) => entry.status === status).length;

function revokeCredentials(sim: JiraSim): () => void {
  const user = sim.store.dataset.users[0];
  if (!user) throw new Error('no user');
  const { apiToken, password } = user;
  user.apiToken = 'revoked';
  user.password = 'revoked';
  sim.updateSettings({}); // forget cached credential checks
  return () => {
    user.apiToken = apiToken;
    user.password = password;
    sim.updateSettings({});
  };
}

let giveBackCredentials: (() => void) | null = null;

const CASES: FaultCase[] = [
  {
    name: '429 storm (burst rate limit, Retry-After 1 s)',
    modes: BOTH,
    faults: { rateLimit: { requestsPerSecond: 4 } },
    struck: (sim) => expect(statusesSeen(sim, 429)).toBeGreaterThan(0),
  },
  {
    name: '429 with a quota reason (every request pauses)',
    modes: BOTH,
    faults: { rateLimit: { requestsPerSecond: 10_000, reason: 'jira-quota-global-based' }, failNext: { count: 3, status: 429, retryAfterSeconds: 1 } },
    struck: (sim) => expect(statusesSeen(sim, 429)).toBe(3),
  },
  {
    name: '503 on a third of the requests',
    modes: BOTH,
    faults: { serviceUnavailable: { probability: 0.3, retryAfterSeconds: 0 } },
    struck: (sim) => expect(faultsSeen(sim, 'serviceUnavailable')).toBeGreaterThan(0),
  },
  {
    name: '503 on every request (an outage)',
    modes: BOTH,
    faults: { serviceUnavailable: { probability: 1, retryAfterSeconds: 0 } },
    struck: (_sim, outcome) => {
      expect(outcome.updated).toBe(0);
      expect(new Set(outcome.errors)).toEqual(new Set(['unreachable']));
    },
  },
  {
    name: 'connection resets',
    modes: BOTH,
    faults: { dropConnection: { probability: 0.3 } },
    struck: (sim) => expect(faultsSeen(sim, 'dropConnection')).toBeGreaterThan(0),
  },
  {
    name: 'hung requests',
    modes: BOTH,
    faults: { hang: { probability: 0.25 } },
    struck: (sim) => expect(faultsSeen(sim, 'hang')).toBeGreaterThan(0),
  },
  {
    name: 'malformed JSON',
    modes: BOTH,
    faults: { malformedJson: { probability: 0.3 } },
    struck: (sim, outcome) => {
      expect(faultsSeen(sim, 'malformedJson')).toBeGreaterThan(0);
      // A truncated body is never taken for data: whatever failed says why.
      for (const code of outcome.errors) expect(code).toBe('bad_response');
    },
  },
  {
    name: 'credentials revoked in the middle of the round (401)',
    modes: BOTH,
    beforeRequest: (sim) => {
      // The round's requests: the field list and every page (100 issues each) of every project's query.
      const perProject = new Map<string, number>();
      for (const issue of sim.store.all()) perProject.set(issue.projectKey, (perProject.get(issue.projectKey) ?? 0) + 1);
      const total = 1 + [...perProject.values()].reduce((sum, issues) => sum + Math.ceil(issues / 100), 0);
      // The queries advance side by side, so the last two requests are two queries' last pages.
      return ({ count }) => {
        if (count === total - 1) giveBackCredentials = revokeCredentials(sim);
      };
    },
    after: () => {
      giveBackCredentials?.();
      giveBackCredentials = null;
    },
    struck: (sim, outcome) => {
      expect(statusesSeen(sim, 401)).toBeGreaterThan(0);
      // Which queries had their last page answered before the revocation depends on how the
      // streamed walks interleave (on Data Center a query is one or two pages): some links may all
      // fail. What must hold: every link either shows the truth or keeps its values with auth_failed.
      expect(outcome.updated + outcome.kept, JSON.stringify(outcome)).toBeGreaterThan(0);
      expect(outcome.kept, JSON.stringify(outcome)).toBeGreaterThan(0);
      for (const code of outcome.errors) expect(code).toBe('auth_failed');
    },
  },
  {
    name: 'page tokens expire in the middle of a walk',
    modes: ['cloud'],
    beforeRequest: (sim) => {
      let expired = 0;
      return ({ body }) => {
        if (typeof body?.nextPageToken === 'string' && expired < 2) {
          expired += 1;
          sim.expireTokens();
        }
      };
    },
    struck: (sim, outcome) => {
      expect(statusesSeen(sim, 400)).toBeGreaterThan(0);
      // The JQL is fine: the walk starts over instead of blaming the query.
      expect(outcome.updated).toBe(LINKS);
    },
  },
  {
    name: 'issues move between pages (Cloud page drift)',
    modes: ['cloud'],
    faults: { pageDrift: { movesPerPage: 2 } },
    struck: (sim) => expect(sim.requestLog.count({ path: '/rest/api/3/issue/bulkfetch' })).toBeGreaterThan(0),
  },
  {
    name: 'issues move between pages (a new issue lands on page 1 mid-walk)',
    modes: BOTH,
    beforeRequest: (sim) => {
      let moved = 0;
      return ({ body }) => {
        const jql = typeof body?.jql === 'string' ? body.jql : '';
        const later = typeof body?.nextPageToken === 'string' || (typeof body?.startAt === 'number' && body.startAt > 0);
        if (later && moved < 3) {
          moved += 1;
          // Newest first (Jira's default order): every issue already served moves one place down.
          sim.store.create({ projectKey: /"([A-Z]+)"/.exec(jql)?.[1] ?? '', summary: 'Filed mid-walk', issueType: 'Story' });
        }
      };
    },
    struck: (sim) => expect([...sim.store.all()].filter((issue) => issue.summary === 'Filed mid-walk').length).toBeGreaterThan(0),
    dataChangesDuringRound: true,
  },
  {
    name: 'issues keep moving on every page of every attempt (Data Center)',
    modes: ['datacenter'],
    beforeRequest: (sim) => ({ body }) => {
      const jql = typeof body?.jql === 'string' ? body.jql : '';
      if (typeof body?.startAt === 'number' && body.startAt > 0) {
        sim.store.create({ projectKey: /"([A-Z]+)"/.exec(jql)?.[1] ?? '', summary: 'Filed mid-walk', issueType: 'Story' });
      }
    },
    struck: (_sim, outcome) => {
      // Results that never hold still cannot be counted: the links keep their values and say why.
      expect(outcome.updated).toBe(0);
      expect(new Set(outcome.errors)).toEqual(new Set(['bad_response']));
    },
    dataChangesDuringRound: true,
  },
];

/** Changes every project's figures so a link that kept its old values is told apart from an updated one. */
function changeJiraData(sim: JiraSim, round: number): void {
  const byProject = new Map<string, string[]>();
  for (const issue of sim.store.all()) {
    const category = sim.store.catalog.statusesById.get(issue.statusId)?.categoryKey;
    if (category === 'done') continue;
    const keys = byProject.get(issue.projectKey) ?? [];
    keys.push(issue.key);
    byProject.set(issue.projectKey, keys);
  }
  for (const [projectKey, open] of byProject) {
    for (const key of open.slice(0, 3)) sim.store.transition(key, 'Done');
    sim.store.create({ projectKey, summary: `Added before round ${round}`, issueType: 'Story', storyPoints: 5 });
  }
}

for (const mode of BOTH) {
  describeEachDatabase(`sync rounds under Jira faults (${mode})`, (ctx) => {
    let sim: JiraSim;
    let seeded: SeededLinks;
    let admin: Actor;
    let round = 0;
    let beforeRequest: BeforeRequest | null = null;
    let requestCount = 0;

    const fetchImpl: typeof fetch = async (input, init) => {
      requestCount += 1;
      if (beforeRequest) {
        const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : null;
        beforeRequest({ count: requestCount, url: String(input), body });
      }
      return fetch(input, init);
    };
    const deps = (c: AppTestContext): SyncDeps => ({ db: c.db, secretKey: c.secretKey, clientOptions: { ...CLIENT, fetchImpl } });

    /** One full scheduled round at a moment every link is due; answers that moment. */
    const runRound = async (): Promise<string> => {
      round += 1;
      const at = new Date(Date.now() + round * 2 * DAY_MS);
      requestCount = 0;
      const result = await runDueSyncs(deps(ctx()), at);
      expect(result.claimed).toBe(LINKS);
      return at.toISOString();
    };

    beforeAll(async () => {
      const dataset = generateLargeDataset({ mode, projects: PROJECTS, issues: 1_200, seed: 7, users: 3, now: new Date() });
      // Data Center pages of 100 (its admin-set limit) make every query several pages, as on Cloud.
      sim = await startJiraSim({ mode, dataset, seed: 11, settings: { dataCenterMaxResults: 100 } });
      const user = dataset.users[0];
      if (!user) throw new Error('no user');
      const login = mode === 'cloud' ? { username: user.emailAddress, secret: user.apiToken } : { username: user.name, secret: user.password };
      seeded = await seedLinkedObjectives(ctx().db, {
        login: { url: sim.url, deploymentType: mode, ...login },
        secretKey: ctx().secretKey,
        queries: dataset.projects.map((project) => `project = "${project.key}"`),
        links: LINKS,
        metricOf: (index) => (index % 3 === 0 ? 'points_done' : 'percent_done'),
      });
      admin = await ctx().setupAdmin();
      // A clean first round: every link has good values to keep.
      await runRound();
      for (const link of await storedLinks(ctx().db)) expect(link.lastErrorCode, link.lastErrorMessage ?? '').toBeNull();
    });
    afterAll(async () => {
      await sim.close();
    });

    describe.each(CASES.filter((c) => c.modes.includes(mode)).map((c) => [c.name, c] as const))('%s', (_name, fault) => {
      test('every link shows the truth or keeps its last good values with the error; none is left syncing', async () => {
        const lastGood = new Map((await storedLinks(ctx().db)).map((link) => [link.id, link]));
        changeJiraData(sim, round + 1);
        const truthAtStart = new Map((await storedLinks(ctx().db)).map((link) => [link.id, truthOf(sim, link.jql, link.metric)]));
        sim.requestLog.clear();
        sim.faults.set(fault.faults ?? {});
        beforeRequest = fault.beforeRequest?.(sim) ?? null;
        let roundAt: string;
        try {
          roundAt = await runRound();
        } finally {
          beforeRequest = null;
          sim.faults.clear();
          fault.after?.(sim);
        }

        const outcome: RoundOutcome = { updated: 0, kept: 0, errors: [] };
        const runs = await runsSince(ctx().db, roundAt);
        for (const link of await storedLinks(ctx().db)) {
          const where = `${link.jql} (${link.metric})`;
          expect(link.syncState, `${where} is left syncing`).toBe('idle');
          expect(link.leaseOwner, `${where} still holds a lease`).toBeNull();
          expect(runs.get(link.id)?.length, `${where}: run records of this round`).toBe(1);
          const truth = truthOf(sim, link.jql, link.metric);
          const before = lastGood.get(link.id);
          if (!before) throw new Error(`no last good values for ${where}`);
          expect(sameFigures(truth, before), `${where}: the data change must change the figures`).toBe(false);
          if (link.lastErrorCode === null) {
            const atStart = truthAtStart.get(link.id) ?? truth;
            const shown = sameFigures(link, truth) ? truth : fault.dataChangesDuringRound && sameFigures(link, atStart) ? atStart : null;
            expect(shown, `${where} was updated to a wrong number: ${JSON.stringify(link)}, truth ${JSON.stringify(truth)}`).not.toBeNull();
            expect(link.storedIssues, `${where}: stored issues`).toBe(shown?.total);
            expect(link.lastSyncedAt).toBe(roundAt);
            expect(runs.get(link.id)?.[0]?.outcome).toBe('ok');
            outcome.updated += 1;
          } else {
            expect(sameFigures(link, before), `${where} failed (${link.lastErrorCode}) but its values changed`).toBe(true);
            expect(link.lastSyncedAt, `${where}: last synced`).toBe(before.lastSyncedAt);
            expect((link.lastErrorMessage ?? '').length, `${where}: the error says what happened`).toBeGreaterThan(20);
            expect(runs.get(link.id)?.[0]).toEqual({ outcome: 'failed', errorCode: link.lastErrorCode });
            outcome.kept += 1;
            outcome.errors.push(link.lastErrorCode);
          }
        }
        fault.struck(sim, outcome);
        const answers = sim.requestLog.entries();
        const faulty = answers.filter((entry) => entry.status !== 200 || entry.fault !== undefined).length;
        console.log(`[sync faults ${mode} ${ctx().dialect}] ${fault.name}: ${answers.length} Jira requests, ${faulty} faulty answers; ${outcome.updated} links updated, ${outcome.kept} kept their values (${[...new Set(outcome.errors)].join(', ') || 'no errors'})`);

        // The objective page shows the same: progress, and the error when there is one.
        for (const link of seeded.links.slice(0, 3)) {
          const response = await ctx().request('GET', `/api/v1/objectives/${link.objectiveId}`, { as: admin });
          const shown = response.json<{ progress: number | null; integration: { progress: number | null; lastError: { code: string; message: string } | null } }>();
          const stored = (await storedLinks(ctx().db)).find((candidate) => candidate.id === link.id);
          expect(shown.integration.progress).toBe(stored?.progress);
          expect(shown.integration.lastError?.code ?? null).toBe(stored?.lastErrorCode ?? null);
        }

        // Jira recovers: the next round brings every link to the truth and clears every error.
        await runRound();
        for (const link of await storedLinks(ctx().db)) {
          expect(link.lastErrorCode, `${link.jql}: ${link.lastErrorMessage ?? ''}`).toBeNull();
          expect(sameFigures(link, truthOf(sim, link.jql, link.metric)), `${link.jql} after recovery`).toBe(true);
        }
      });
    });
  });
}
