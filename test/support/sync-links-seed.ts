/**
 * Seeds Jira-linked objectives straight through the repositories (no HTTP, one transaction), for
 * the sync benchmarks and the sync reliability tests: Jira enabled, one connection, a cycle, and
 * `links` objectives each linked to one of `queries` JQL queries, all due now.
 */
import type { Kysely } from 'kysely';
import { insertCycle } from '../../src/server/db/repositories/cycles-repository';
import { insertLink, type LinkMetric } from '../../src/server/db/repositories/integration-links-repository';
import { insertJiraConnection } from '../../src/server/db/repositories/jira-connections-repository';
import { insertObjective } from '../../src/server/db/repositories/objectives-repository';
import { writeSetting } from '../../src/server/db/repositories/settings-repository';
import type { Database } from '../../src/server/db/schema';
import { encryptSecret } from '../../src/server/secrets/secret-box';
import { normaliseOptions, queryHash, serialiseOptions } from '../../src/server/services/sync/link-options';

export interface JiraLogin {
  url: string;
  deploymentType: 'cloud' | 'datacenter';
  username: string;
  secret: string;
}

export interface SeededLink {
  id: string;
  objectiveId: string;
  jql: string;
  metric: LinkMetric;
}

export interface SeededLinks {
  connectionId: string;
  cycleId: string;
  links: SeededLink[];
}

export interface SeedLinksOptions {
  login: JiraLogin;
  secretKey: Buffer;
  /** The distinct queries; link i uses queries[i % queries.length]. */
  queries: readonly string[];
  links: number;
  /** The metric of link i (default: every tenth measures story points, the rest percent done). */
  metricOf?: (index: number) => LinkMetric;
  /** When the links are due (default: a minute ago). */
  dueAt?: Date;
}

export const defaultMetricOf = (index: number): LinkMetric => (index % 10 === 0 ? 'points_done' : 'percent_done');

export async function seedLinkedObjectives(db: Kysely<Database>, options: SeedLinksOptions): Promise<SeededLinks> {
  const now = new Date().toISOString();
  const due = (options.dueAt ?? new Date(Date.now() - 60_000)).toISOString();
  const metricOf = options.metricOf ?? defaultMetricOf;
  return db.transaction().execute(async (trx) => {
    await writeSetting(trx, 'integrations.jira.enabled', true, now);
    const connection = await insertJiraConnection(
      trx,
      {
        name: 'Seeded Jira',
        url: options.login.url,
        username: options.login.username,
        authType: 'basic',
        secretCiphertext: encryptSecret(options.login.secret, options.secretKey),
      },
      { deploymentType: options.login.deploymentType, jiraUserName: options.login.username, jiraAccountId: null },
      now,
    );
    const cycle = await insertCycle(trx, { name: 'Synced cycle', startDate: '2026-01-01', endDate: '2026-12-31' }, now);
    const links: SeededLink[] = [];
    for (let i = 0; i < options.links; i += 1) {
      const objective = await insertObjective(
        trx,
        { cycleId: cycle.id, title: `Linked objective ${i}`, description: '', ownerId: null, parentId: null, startDate: null, endDate: null, progressMode: 'key_results' },
        now,
      );
      const jql = options.queries[i % options.queries.length] ?? '';
      const metric = metricOf(i);
      const id = crypto.randomUUID();
      await insertLink(
        trx,
        {
          id,
          target: { objectiveId: objective.id },
          definition: { connectionId: connection.id, jql, metric, options: serialiseOptions(normaliseOptions({})), queryHash: queryHash(connection.id, jql) },
          nextDueAt: due,
        },
        now,
      );
      links.push({ id, objectiveId: objective.id, jql, metric });
    }
    return { connectionId: connection.id, cycleId: cycle.id, links };
  });
}

/** Makes every link due again (as if its interval had passed), for a second measured round. */
export async function makeEveryLinkDue(db: Kysely<Database>, at: Date): Promise<void> {
  await db.updateTable('integration_links').set({ next_due_at: at.toISOString() }).execute();
}
