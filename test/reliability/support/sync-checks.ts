/**
 * The state a finished sync round must leave, for the crash tests: no link syncing or holding a
 * lease, every link showing the truth from the simulator with its issues stored, and run records
 * that agree with the links — one scheduled run per link unless a link really became due again.
 */
import type { Kysely } from 'kysely';
import type { JiraSim } from '../../../jira-sim/src/index';
import type { Database } from '../../../src/server/db/schema';
import { nextSlotAfter } from '../../../src/server/services/sync/schedule';
import { sameFigures, storedLinks, truthOf } from './sync-truth';

export interface RunRow {
  id: string;
  linkId: string;
  trigger: string;
  outcome: string;
  startedAt: string;
  finishedAt: string;
  total: number | null;
  done: number | null;
}

export async function listRuns(db: Kysely<Database>): Promise<RunRow[]> {
  const rows = await db.selectFrom('sync_runs').select(['id', 'link_id', 'trigger', 'outcome', 'started_at', 'finished_at', 'total', 'done']).execute();
  return rows.map((row) => ({
    id: row.id,
    linkId: row.link_id ?? '',
    trigger: row.trigger,
    outcome: row.outcome,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    total: row.total === null ? null : Number(row.total),
    done: row.done === null ? null : Number(row.done),
  }));
}

/** Problems found after a round has finished; empty when the round left everything right. */
export async function finishedRoundProblems(db: Kysely<Database>, sim: JiraSim, intervalMs: number): Promise<string[]> {
  const problems: string[] = [];
  const runs = await listRuns(db);
  const runsByLink = new Map<string, RunRow[]>();
  for (const run of runs) runsByLink.set(run.linkId, [...(runsByLink.get(run.linkId) ?? []), run]);
  for (const link of await storedLinks(db)) {
    const where = `link ${link.id} (${link.jql})`;
    if (link.syncState !== 'idle' || link.leaseOwner !== null) problems.push(`${where} is still ${link.syncState}, lease ${link.leaseOwner ?? 'none'} until ${link.leaseExpiresAt ?? '-'}`);
    if (link.lastErrorCode !== null) problems.push(`${where} failed: ${link.lastErrorCode} ${link.lastErrorMessage ?? ''}`);
    const truth = truthOf(sim, link.jql, link.metric);
    if (!sameFigures(link, truth)) problems.push(`${where} shows ${JSON.stringify(link)}, Jira says ${JSON.stringify(truth)}`);
    if (link.storedIssues !== truth.total) problems.push(`${where} stores ${link.storedIssues} issues, Jira has ${truth.total}`);
    const scheduled = (runsByLink.get(link.id) ?? []).filter((run) => run.trigger === 'schedule').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const [first, ...later] = scheduled;
    if (!first) {
      problems.push(`${where} has no scheduled run`);
      continue;
    }
    if (first.outcome !== 'ok' || first.total !== truth.total) problems.push(`${where}: its run says ${first.outcome}, total ${first.total}`);
    // A second scheduled run is only right once the link's next slot after the first had come.
    const nextDue = nextSlotAfter(new Date(first.finishedAt), intervalMs, link.id).toISOString();
    const early = later.filter((run) => run.startedAt < nextDue);
    if (early.length > 0) problems.push(`${where} was synced ${early.length + 1} times for one due slot`);
  }
  return problems;
}
