/**
 * The forecast stored on each link (its row's forecast_* columns), worked out again after the
 * link's sync, so OKR lists show a hint and the "status uses the forecast" setting applies without
 * working out an insight per row. Runs after the query's links committed, outside their
 * transactions, and only for links whose forecast may have moved: none yet, worked out on an
 * earlier UTC day (the pace is measured up to today), or a run that changed something for the link
 * (keys added, removed, done or reopened, or progress moved). A steady sync later the same day
 * costs nothing. The recorded runs answer alone once they cover the forecast's window; otherwise
 * links on one query with the same done rule and summed field share one aggregate over the
 * members. Every link's runs and period are read in one statement each.
 */
import type { Kysely } from 'kysely';
import { type Forecast, type InsightInput, type MemberDayGroup } from '../../../core';
import { computeForecast } from '../../../core/insight-forecast';
import { buildTimeline } from '../../../core/insight-series';
import { listLinkItemDates, listRecordedRuns, setLinkForecast, type InsightRunRecord, type StoredForecast } from '../../db/repositories/insight-repository';
import type { SyncRunRecord } from '../../db/repositories/sync-runs-repository';
import type { Database } from '../../db/schema';
import type { LinkOptions } from '../sync/link-options';
import { memberGroupsOf, metricOptionsOf, periodOf, summedField, utcToday } from './insight-inputs';
import type { MetricName } from '../../../core';

export interface ForecastRefreshDeps {
  db: Kysely<Database>;
  now?: (() => Date) | undefined;
}

/** A link whose forecast is to be worked out, on the query its sync just committed. */
export interface ForecastLink {
  id: string;
  metric: MetricName;
  options: LinkOptions;
  queryHash: string;
}

/** What a sync knew of a link before it ran, and the run it recorded. */
export interface SyncedLink {
  spec: { id: string; metric: MetricName; options: LinkOptions; syncedQueryHash?: string | null; forecast?: StoredForecast | null };
  run: SyncRunRecord | null;
}

/** Whether the link's stored forecast may differ from one worked out now (see the module comment). */
export function forecastMayHaveMoved(link: SyncedLink, queryHash: string, today: string): boolean {
  const { spec, run } = link;
  if (!run || run.outcome !== 'ok') return false;
  if (!spec.forecast || spec.forecast.at.slice(0, 10) !== today || spec.syncedQueryHash !== queryHash) return true;
  const keys = run.addedKeys.length + run.removedKeys.length + run.newlyDoneKeys.length + run.reopenedKeys.length;
  return keys > 0 || run.progressBefore !== run.progressAfter;
}

/**
 * The forecast computeInsight gives, without the day-by-day series and scope change a stored
 * forecast does not need (working out a year's series for every link of a round cost about
 * 1.5 ms of CPU a link). The days are read as computeInsight reads them: before the period start
 * from the mirror's backfill, from then on as the series does; the insight test checks the stored
 * forecast against the insight's.
 */
export function forecastOf(input: Omit<InsightInput, 'createdDayOfKey'>): Forecast {
  const { today, period, metric, options } = input;
  const timeline = buildTimeline(metric, input.members, input.runs);
  const amountsOn = (day: string) => (day < period.startDate ? timeline.backfill(day) : timeline.at(day).amounts);
  return computeForecast({ today, period, metric, options, amountsOn });
}

/**
 * The forecast from the recorded runs alone, or null when it reads a day they do not cover (before
 * the period start, or before the link's first run) and so needs the mirror's backfill. Members
 * only ever feed the backfill, so where no day falls back to it the answer is forecastOf's: a link
 * older than the forecast's window costs no aggregate over its issues.
 */
export function forecastFromRuns(input: Omit<InsightInput, 'createdDayOfKey' | 'members'>): Forecast | null {
  const { today, period, metric, options } = input;
  const timeline = buildTimeline(metric, [], input.runs);
  let needsMirror = false;
  const amountsOn = (day: string) => {
    const { amounts, source } = timeline.at(day);
    if (day < period.startDate || source === 'backfill') needsMirror = true;
    return amounts;
  };
  const forecast = computeForecast({ today, period, metric, options, amountsOn });
  return needsMirror ? null : forecast;
}

/** Which links may share one aggregate: the same query, done rule and summed field. */
function groupKey(link: ForecastLink): string {
  return JSON.stringify([link.queryHash, link.options.doneRule, summedField(link.metric, link.options)]);
}

/** Works out and stores the forecast of these links as of now. */
export async function refreshLinkForecasts(deps: ForecastRefreshDeps, links: readonly ForecastLink[]): Promise<void> {
  if (links.length === 0) return;
  const { db } = deps;
  const now = (deps.now ?? (() => new Date()))();
  const today = utcToday(now);
  const ids = links.map((link) => link.id);
  const dates = await listLinkItemDates(db, ids);
  const runsOf = new Map<string, InsightRunRecord[]>();
  for (const run of await listRecordedRuns(db, ids)) {
    const list = runsOf.get(run.linkId);
    if (list) list.push(run);
    else runsOf.set(run.linkId, [run]);
  }

  const groups = new Map<string, MemberDayGroup[]>();
  const forecasts: Array<{ linkId: string; forecast: Forecast }> = [];
  // A link whose forecast cannot be worked out keeps its last one; the others are still stored.
  let failure: unknown = null;
  for (const link of links) {
    const itemDates = dates.get(link.id);
    if (!itemDates) continue;
    const input = { today, period: periodOf(itemDates), metric: link.metric, options: metricOptionsOf(link.options), runs: runsOf.get(link.id) ?? [] };
    try {
      let forecast = forecastFromRuns(input);
      if (!forecast) {
        const key = groupKey(link);
        let members = groups.get(key);
        if (!members) {
          members = await memberGroupsOf(db, link.queryHash, link.metric, link.options);
          groups.set(key, members);
        }
        forecast = forecastOf({ ...input, members });
      }
      forecasts.push({ linkId: link.id, forecast });
    } catch (error) {
      failure ??= new Error(`The forecast of Jira link ${link.id} could not be worked out; it keeps its last one: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  const at = now.toISOString();
  // One transaction for the query's links: one commit (one fsync on PostgreSQL) instead of one each.
  await db.transaction().execute(async (trx) => {
    for (const { linkId, forecast } of forecasts) {
      await setLinkForecast(trx, linkId, { reason: forecast.reason, finishDate: forecast.finishDate, finishesBeforeEnd: forecast.finishesBeforeEnd, at });
    }
  });
  if (failure !== null) throw failure;
}

/** After a query's links committed: the forecasts of those that synced and whose forecast may have moved. */
export async function refreshForecastsAfterSync(deps: ForecastRefreshDeps, queryHash: string | null, synced: readonly SyncedLink[]): Promise<void> {
  if (queryHash === null) return;
  const today = utcToday((deps.now ?? (() => new Date()))());
  const links = synced
    .filter((link) => forecastMayHaveMoved(link, queryHash, today))
    .map(({ spec }) => ({ id: spec.id, metric: spec.metric, options: spec.options, queryHash }));
  await refreshLinkForecasts(deps, links);
}
