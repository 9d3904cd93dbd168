/**
 * The insight of an objective's or key result's Jira link (GET …/integration/insight): its history
 * from the period's first day, a forecast finish date, how the scope changed and why the last
 * change happened. Everything is read from the issue mirror and the recorded runs, never from
 * Jira: a handful of statements however many issues the link has (one aggregate over its query's
 * members, the runs' figures, the key lists of the few runs the scope change reads).
 */
import type { Kysely } from 'kysely';
import { byFinishTime, computeInsight, SCOPE_CHANGE_TRIGGERS, utcDayOf, type Insight } from '../../../core';
import {
  findCreatedDays,
  findSyncedQuery,
  listLinkItemDates,
  listRecordedRuns,
  loadRunKeys,
  type InsightRunRecord,
} from '../../db/repositories/insight-repository';
import { findLinkOf, type LinkTarget } from '../../db/repositories/integration-links-repository';
import { findKeyResult } from '../../db/repositories/key-results-repository';
import { findObjective } from '../../db/repositories/objectives-repository';
import type { Database } from '../../db/schema';
import { AppError, NotFoundError } from '../../errors';
import { memberGroupsOf, metricOptionsOf, periodOf, utcToday } from './insight-inputs';

export interface InsightDeps {
  db: Kysely<Database>;
  now?: (() => Date) | undefined;
}

/** 404 for an item that exists but has no Jira link: the message says what would give it one. */
export class NoJiraLinkError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} has no Jira link, so there is no Jira history or forecast for it; link it to a Jira query first (Link to Jira on its page).`);
  }
}


/**
 * The runs whose key lists the scope change and the last change read: every run from the first
 * counted run in the period on (a later run may remove what it added), and the run that last
 * moved progress. A link's first run, which lists every issue it matched, is read only when a
 * later one needs it.
 */
export function runsNeedingKeys(runs: readonly InsightRunRecord[], period: { startDate: string; endDate: string }): InsightRunRecord[] {
  const ordered = byFinishTime(runs);
  const needed = new Set<InsightRunRecord>();
  const firstCounted = ordered.findIndex((run) => {
    const day = utcDayOf(run.at);
    return SCOPE_CHANGE_TRIGGERS.has(run.trigger) && day >= period.startDate && day <= period.endDate;
  });
  if (firstCounted >= 0) for (const run of ordered.slice(firstCounted)) needed.add(run);
  // The same rule as computeLastChange: the latest run whose progress before and after are known and differ.
  for (let i = ordered.length - 1; i >= 0; i--) {
    const run = ordered[i];
    if (run === undefined || run.progressBefore === null || run.progressAfter === null || run.progressBefore === run.progressAfter) continue;
    needed.add(run);
    break;
  }
  return [...needed];
}

function describeTarget(target: LinkTarget): string {
  return target.objectiveId !== undefined ? `Objective ${target.objectiveId}` : `Key result ${target.keyResultId}`;
}

export async function getLinkInsight(deps: InsightDeps, target: LinkTarget): Promise<Insight> {
  const { db } = deps;
  const exists = target.objectiveId !== undefined ? await findObjective(db, target.objectiveId) : await findKeyResult(db, target.keyResultId);
  if (!exists) throw new NotFoundError(describeTarget(target));
  const link = await findLinkOf(db, target);
  if (!link) throw new NoJiraLinkError(describeTarget(target));

  const today = utcToday((deps.now ?? (() => new Date()))());
  const dates = (await listLinkItemDates(db, [link.id])).get(link.id);
  if (!dates) throw new NotFoundError(describeTarget(target));
  const period = periodOf(dates);
  const query = await findSyncedQuery(db, link.id);
  // Never synced (or its connection and mirror are gone): the history is what the runs recorded.
  const members = query ? await memberGroupsOf(db, query.hash, link.metric, link.options) : [];

  const runs = await listRecordedRuns(db, [link.id]);
  const keyed = runsNeedingKeys(runs, period);
  await loadRunKeys(db, keyed);
  const addedKeys = keyed.filter((run) => SCOPE_CHANGE_TRIGGERS.has(run.trigger)).flatMap((run) => run.addedKeys);
  const createdDayOfKey = query && addedKeys.length > 0 ? await findCreatedDays(db, query.connectionId, addedKeys) : new Map<string, string | null>();

  return computeInsight({ today, period, metric: link.metric, options: metricOptionsOf(link.options), members, runs, createdDayOfKey });
}
