/**
 * The forecast stored on each link (its row's forecast_* columns), worked out again after the
 * link's sync, so OKR lists show a hint and the "status uses the forecast" setting applies without
 * working out an insight per row. Runs after the query's links committed, outside their
 * transactions; links on one query with the same done rule and summed field share one aggregate
 * over the members, and every link's runs and period are read in one statement each.
 */
import type { Kysely } from 'kysely';
import { computeInsight, type MemberDayGroup } from '../../../core';
import { listLinkItemDates, listRecordedRuns, setLinkForecast, type InsightRunRecord } from '../../db/repositories/insight-repository';
import { findLinksByIds, type LinkRecord } from '../../db/repositories/integration-links-repository';
import type { Database } from '../../db/schema';
import { memberGroupsOf, metricOptionsOf, periodOf, summedField, utcToday } from './insight-inputs';

export interface ForecastRefreshDeps {
  db: Kysely<Database>;
  now?: (() => Date) | undefined;
}

/** Which links can share one aggregate: the same synced query, done rule and summed field. */
function groupKey(link: LinkRecord): string {
  return JSON.stringify([link.syncedQueryHash, link.options.doneRule, summedField(link.metric, link.options)]);
}

/**
 * Works out and stores the forecast of these links as of now. Links that never synced keep none.
 * The forecast reads only the runs' figures (no key lists) and the members' day groups.
 */
export async function refreshLinkForecasts(deps: ForecastRefreshDeps, linkIds: readonly string[]): Promise<void> {
  if (linkIds.length === 0) return;
  const { db } = deps;
  const now = (deps.now ?? (() => new Date()))();
  const today = utcToday(now);
  const links = (await findLinksByIds(db, linkIds)).filter((link) => link.syncedQueryHash !== null);
  if (links.length === 0) return;
  const [dates, runs] = await Promise.all([listLinkItemDates(db, links.map((link) => link.id)), listRecordedRuns(db, links.map((link) => link.id))]);
  const runsOf = new Map<string, InsightRunRecord[]>();
  for (const run of runs) {
    const list = runsOf.get(run.linkId);
    if (list) list.push(run);
    else runsOf.set(run.linkId, [run]);
  }

  const groups = new Map<string, MemberDayGroup[]>();
  const forecasts: Array<{ linkId: string; forecast: ReturnType<typeof computeInsight>['forecast'] }> = [];
  for (const link of links) {
    const itemDates = dates.get(link.id);
    const queryHash = link.syncedQueryHash;
    if (!itemDates || queryHash === null) continue;
    const key = groupKey(link);
    let members = groups.get(key);
    if (!members) {
      members = await memberGroupsOf(db, queryHash, link.metric, link.options);
      groups.set(key, members);
    }
    const insight = computeInsight({
      today,
      period: periodOf(itemDates),
      metric: link.metric,
      options: metricOptionsOf(link.options),
      members,
      runs: runsOf.get(link.id) ?? [],
      createdDayOfKey: new Map(),
    });
    forecasts.push({ linkId: link.id, forecast: insight.forecast });
  }
  const at = now.toISOString();
  // One transaction for the query's links: one commit (one fsync on PostgreSQL) instead of one each.
  await db.transaction().execute(async (trx) => {
    for (const { linkId, forecast } of forecasts) {
      await setLinkForecast(trx, linkId, { reason: forecast.reason, finishDate: forecast.finishDate, finishesBeforeEnd: forecast.finishesBeforeEnd, at });
    }
  });
}
