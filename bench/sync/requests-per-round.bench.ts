/**
 * Jira requests per scheduled sync round: 1,000 links over 100 distinct queries, against the
 * minimum (the pages the distinct queries need, plus one field lookup for story points). Runs a
 * real round (claim, shared queries, one commit per link) on a temporary SQLite file against an
 * in-process simulator in Cloud and Data Center mode, and counts requests in the simulator's log.
 *
 *   npm run bench:sync-requests [-- links=1000 queries=100 issues=15000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildScenario, startJiraSim, type DeploymentMode, type JiraSim } from '../../jira-sim/src/index';
import { loadConfig } from '../../src/server/config';
import { createDatabase, type PacerDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { insertCycle } from '../../src/server/db/repositories/cycles-repository';
import { insertLink } from '../../src/server/db/repositories/integration-links-repository';
import { insertJiraConnection } from '../../src/server/db/repositories/jira-connections-repository';
import { insertObjective } from '../../src/server/db/repositories/objectives-repository';
import { writeSetting } from '../../src/server/db/repositories/settings-repository';
import { encryptSecret } from '../../src/server/secrets/secret-box';
import { normaliseOptions, queryHash, serialiseOptions } from '../../src/server/services/sync/link-options';
import { runDueSyncs } from '../../src/server/services/sync/sync-rounds';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split('=') as [string, string]));
const LINKS = Number(args.links ?? 1000);
const QUERIES = Number(args.queries ?? 100);
const ISSUES = Number(args.issues ?? 15_000);
/** The largest page the simulator serves when fields besides id/key are asked for (a sync asks for at least that much). */
const PAGE_SIZE: Record<DeploymentMode, number> = { cloud: 100, datacenter: 1000 };

interface Figures {
  mode: DeploymentMode;
  links: number;
  distinctQueries: number;
  matchingIssues: number;
  requests: number;
  searchRequests: number;
  minimum: number;
  perLinkWithoutSharing: number;
  roundMs: number;
  ok: number;
  failed: number;
}

/** Jira enabled, one connection, and LINKS objectives each linked to one of QUERIES queries, all due. Answers the secret key. */
async function seed(database: PacerDatabase, sim: JiraSim, projectKeys: string[]): Promise<Buffer> {
  const db = database.db;
  const now = new Date().toISOString();
  const secretKey = Buffer.alloc(32, 7);
  await writeSetting(db, 'integrations.jira.enabled', true, now);
  const admin = sim.store.dataset.users[0];
  if (!admin) throw new Error('The simulator has no users.');
  const login = sim.mode === 'cloud' ? { username: admin.emailAddress, secret: admin.apiToken } : { username: admin.name, secret: admin.password };
  const connection = await insertJiraConnection(
    db,
    { name: 'Bench Jira', url: sim.url, username: login.username, authType: 'basic', secretCiphertext: encryptSecret(login.secret, secretKey) },
    { deploymentType: sim.mode, jiraUserName: admin.displayName, jiraAccountId: admin.accountId },
    now,
  );
  const cycle = await insertCycle(db, { name: 'Bench cycle', startDate: '2026-01-01', endDate: '2026-12-31' }, now);
  const due = new Date(Date.now() - 60_000).toISOString();
  for (let i = 0; i < LINKS; i += 1) {
    const objective = await insertObjective(
      db,
      { cycleId: cycle.id, title: `Bench objective ${i}`, description: '', ownerId: null, parentId: null, startDate: null, endDate: null, progressMode: 'key_results' },
      now,
    );
    const jql = `project = "${projectKeys[i % QUERIES]}"`;
    // Every tenth link measures story points, so the round also needs the site's field list.
    const metric = i % 10 === 0 ? 'points_done' : 'percent_done';
    await insertLink(
      db,
      {
        id: crypto.randomUUID(),
        target: { objectiveId: objective.id },
        definition: { connectionId: connection.id, jql, metric, options: serialiseOptions(normaliseOptions({})), queryHash: queryHash(connection.id, jql) },
        nextDueAt: due,
      },
      now,
    );
  }
  return secretKey;
}

async function measure(mode: DeploymentMode): Promise<Figures> {
  const dataset = buildScenario('large', { mode, now: new Date(), options: { projects: QUERIES, issues: ISSUES, users: 20 } });
  const sim = await startJiraSim({ mode, port: 0, dataset, control: false });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-bench-'));
  const config = loadConfig({ PACER_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const database = createDatabase(config);
  try {
    await migrateToLatest(database.db);
    const projectKeys = dataset.projects.map((project) => project.key);
    const secretKey = await seed(database, sim, projectKeys);

    // The minimum: every distinct query's pages, plus one field lookup for the story points metric.
    const perQuery = projectKeys.slice(0, QUERIES).map((key) => dataset.issues.filter((issue) => issue.projectKey === key).length);
    const pages = perQuery.map((count) => Math.max(1, Math.ceil(count / PAGE_SIZE[mode])));
    const minimum = pages.reduce((sum, n) => sum + n, 0) + 1;
    const perLinkWithoutSharing = Array.from({ length: LINKS }, (_, i) => (pages[i % QUERIES] ?? 1) + (i % 10 === 0 ? 1 : 0)).reduce((a, b) => a + b, 0);

    sim.requestLog.clear();
    const started = performance.now();
    const round = await runDueSyncs({ db: database.db, secretKey }, new Date());
    const roundMs = performance.now() - started;
    const searchPath = mode === 'cloud' ? '/rest/api/3/search/jql' : '/rest/api/2/search';
    return {
      mode,
      links: LINKS,
      distinctQueries: round.queries,
      matchingIssues: perQuery.reduce((sum, n) => sum + n, 0),
      requests: sim.requestLog.count(),
      searchRequests: sim.requestLog.count({ path: searchPath }),
      minimum,
      perLinkWithoutSharing,
      roundMs,
      ok: round.ok,
      failed: round.failed,
    };
  } finally {
    await database.destroy();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: Figures[] = [];
for (const mode of ['cloud', 'datacenter'] as const) results.push(await measure(mode));

console.log(`Jira requests per scheduled round: ${LINKS} links over ${QUERIES} distinct queries (${ISSUES} issues in ${QUERIES} projects, pages of ${PAGE_SIZE.cloud} issues on Cloud and ${PAGE_SIZE.datacenter} on Data Center)\n`);
console.log('| deployment | links synced | distinct queries | matching issues | requests made | of which searches | minimum (pages + 1 field list) | without sharing | round time |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.mode} | ${r.ok} ok, ${r.failed} failed | ${r.distinctQueries} | ${r.matchingIssues} | ${r.requests} | ${r.searchRequests} | ${r.minimum} | ${r.perLinkWithoutSharing} | ${(r.roundMs / 1000).toFixed(1)} s |`,
  );
}
const worst = results.find((r) => r.requests !== r.minimum || r.failed > 0);
if (worst) {
  console.log(`\n${worst.mode}: ${worst.requests} requests against a minimum of ${worst.minimum}.`);
  process.exitCode = 1;
} else {
  console.log('\nEvery round made exactly the minimum number of requests.');
}
