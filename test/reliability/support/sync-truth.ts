/**
 * What a link should show, worked out from the simulator's own data (not through Pacer's client or
 * metrics code), and what it does show in the database, for the sync reliability tests.
 */
import type { Kysely } from 'kysely';
import type { JiraSim } from '../../../jira-sim/src/index';
import type { Database } from '../../../src/server/db/schema';

export interface LinkFigures {
  total: number | null;
  done: number | null;
  progress: number | null;
  measured: number | null;
}

export interface StoredLink extends LinkFigures {
  id: string;
  jql: string;
  metric: string;
  syncState: string;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  lastSyncedAt: string | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  storedIssues: number;
}

/** `project = "KEY"` → KEY: the only query shape these tests link to. */
export function projectOf(jql: string): string {
  const match = /^project = "([A-Z]+)"$/.exec(jql);
  if (!match?.[1]) throw new Error(`Unexpected test JQL: ${jql}`);
  return match[1];
}

/** The figures a `project = "KEY"` link with this metric must show, from the simulator's current issues. */
export function truthOf(sim: JiraSim, jql: string, metric: string): LinkFigures {
  const key = projectOf(jql);
  const issues = [...sim.store.all()].filter((issue) => issue.projectKey === key);
  const isDone = (statusId: string) => sim.store.catalog.statusesById.get(statusId)?.categoryKey === 'done';
  const doneIssues = issues.filter((issue) => isDone(issue.statusId));
  if (metric === 'percent_done') {
    return { total: issues.length, done: doneIssues.length, progress: issues.length > 0 ? doneIssues.length / issues.length : null, measured: doneIssues.length };
  }
  if (metric === 'points_done') {
    const points = (list: typeof issues) => list.reduce((sum, issue) => sum + (issue.storyPoints ?? 0), 0);
    const all = points(issues);
    return { total: issues.length, done: doneIssues.length, progress: all > 0 ? points(doneIssues) / all : null, measured: points(doneIssues) };
  }
  throw new Error(`No truth for metric ${metric}`);
}

export function sameFigures(a: LinkFigures, b: LinkFigures): boolean {
  const close = (x: number | null, y: number | null) => (x === null || y === null ? x === y : Math.abs(x - y) < 1e-9);
  return a.total === b.total && a.done === b.done && close(a.progress, b.progress) && close(a.measured, b.measured);
}

const numberOrNull = (value: number | string | null): number | null => (value === null ? null : Number(value));

export async function storedLinks(db: Kysely<Database>): Promise<StoredLink[]> {
  const rows = await db
    .selectFrom('integration_links')
    .select((eb) => [
      'id',
      'jql',
      'metric',
      'total',
      'done',
      'progress',
      'measured',
      'sync_state',
      'lease_owner',
      'lease_expires_at',
      'last_synced_at',
      'last_error_code',
      'last_error_message',
      // The members of the query the link last synced (the issues themselves are in the mirror, once).
      eb
        .selectFrom('jira_query_issues')
        .select((inner) => inner.fn.countAll<number | string>().as('n'))
        .whereRef('jira_query_issues.query_hash', '=', 'integration_links.synced_query_hash')
        .where('jira_query_issues.left_generation', 'is', null)
        .as('stored_issues'),
    ])
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    jql: row.jql,
    metric: row.metric,
    total: numberOrNull(row.total),
    done: numberOrNull(row.done),
    progress: numberOrNull(row.progress),
    measured: numberOrNull(row.measured),
    syncState: row.sync_state,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    lastSyncedAt: row.last_synced_at,
    lastErrorCode: row.last_error_code,
    lastErrorMessage: row.last_error_message,
    storedIssues: Number(row.stored_issues ?? 0),
  }));
}

/** Run records per link that a round with this trigger left, keyed by link id. */
export async function runsSince(db: Kysely<Database>, startedAtOrAfter: string): Promise<Map<string, Array<{ outcome: string; errorCode: string | null }>>> {
  const rows = await db
    .selectFrom('sync_runs')
    .select(['link_id', 'outcome', 'error_code'])
    .where('started_at', '>=', startedAtOrAfter)
    .execute();
  const byLink = new Map<string, Array<{ outcome: string; errorCode: string | null }>>();
  for (const row of rows) {
    if (row.link_id === null) continue;
    const list = byLink.get(row.link_id) ?? [];
    list.push({ outcome: row.outcome, errorCode: row.error_code });
    byLink.set(row.link_id, list);
  }
  return byLink;
}
