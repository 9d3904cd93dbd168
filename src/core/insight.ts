/**
 * Insight of a Jira link: its history from the period's first day (backfilled from the issue
 * mirror's dates, then what the syncs recorded), a forecast finish date at the current pace, how
 * the scope changed and why the last change happened. Pure: "today" and every record are inputs.
 *
 * The amount a metric counts: issues for percent_done and done_count, story points for
 * points_done, the link's numeric field for field_sum. The series' scope and done are in it.
 */
import { assertDay, daysBetween, addDays } from './insight-dates';
import { computeForecast } from './insight-forecast';
import { computeLastChange, computeScopeChange } from './insight-scope';
import { buildTimeline, progressOfAmounts } from './insight-series';
import type { MetricName } from './metrics';

export type InsightMetric = MetricName;

/** Current members of the link's query, grouped: one row per (createdDay, doneDay). */
export interface MemberDayGroup {
  /** YYYY-MM-DD (UTC) of `created`; null = unknown (counts as created before every day). */
  createdDay: string | null;
  /** YYYY-MM-DD of done-at by the link's done rule; null = not done. */
  doneDay: string | null;
  /** Issues in the group. */
  count: number;
  /** Sum of story points (0 where none). */
  points: number;
  /** Sum of the numeric field (0 where none / not field_sum). */
  value: number;
}

/** One ok sync run, as the insight needs it. `at` is the ISO instant it finished. */
export interface RecordedRun {
  at: string;
  trigger: 'created' | 'edited' | 'manual' | 'schedule' | 'webhook';
  /** Amount in the query (see the module comment); old runs: item total. */
  scope: number | null;
  /** Amount done; old runs: items done. */
  done: number | null;
  progressBefore: number | null;
  progressAfter: number | null;
  addedKeys: string[];
  removedKeys: string[];
  newlyDoneKeys: string[];
  reopenedKeys: string[];
}

export interface InsightInput {
  /** YYYY-MM-DD (UTC). */
  today: string;
  period: { startDate: string; endDate: string };
  metric: MetricName;
  options: { startValue?: number | null; targetValue?: number | null; countAll?: boolean | null };
  members: MemberDayGroup[];
  /** Any order; failed runs already excluded. */
  runs: RecordedRun[];
  /** Created day of each key recorded as added by a counted run (null when not in the mirror any more). */
  createdDayOfKey: ReadonlyMap<string, string | null>;
}

export interface InsightSeriesPoint {
  date: string;
  scope: number;
  done: number;
  progress: number | null;
  source: 'backfill' | 'recorded';
}

export type ForecastReason = 'ok' | 'done' | 'not_enough_history' | 'no_progress' | 'scope_outpaces_delivery';

export interface Forecast {
  reason: ForecastReason;
  finishDate: string | null;
  optimisticDate: string | null;
  pessimisticDate: string | null;
  donePerDay: number;
  scopePerDay: number;
  windowDays: number;
  remaining: number;
  finishesBeforeEnd: boolean | null;
}

export interface ScopeChange {
  since: string;
  added: number;
  removed: number;
  completed: number;
  reopened: number;
}

export interface LastChange {
  at: string;
  progressBefore: number;
  progressAfter: number;
  added: number;
  removed: number;
  completed: number;
  reopened: number;
}

export interface Insight {
  asOf: string;
  period: { startDate: string; endDate: string };
  metric: MetricName;
  series: InsightSeriesPoint[];
  forecast: Forecast;
  scopeChange: ScopeChange;
  lastChange: LastChange | null;
}

/** The whole insight of a link (see the formulas; the helpers below say each rule). */
export function computeInsight(input: InsightInput): Insight {
  const { today, period, metric, options } = input;
  assertDay(today, 'Today');
  assertDay(period.startDate, 'Start date');
  assertDay(period.endDate, 'End date');
  if (period.endDate < period.startDate) {
    throw new Error(`The period ends (${period.endDate}) before it starts (${period.startDate}); give an end date on or after the start date.`);
  }
  const timeline = buildTimeline(metric, input.members, input.runs);

  // The series runs from the period start to today, and stops at the period end once it is over.
  const series: InsightSeriesPoint[] = [];
  const last = today < period.endDate ? today : period.endDate;
  const length = daysBetween(period.startDate, last) + 1;
  for (let i = 0; i < length; i++) {
    const date = addDays(period.startDate, i);
    const { amounts, source } = timeline.at(date);
    series.push({ date, scope: amounts.scope, done: amounts.done, progress: progressOfAmounts(metric, amounts, options), source });
  }

  // The forecast reads days before the period start from the mirror (nothing was recorded for them
  // that belongs to this period) and every other day as the series does, up to today.
  const amountsOn = (day: string) => (day < period.startDate ? timeline.backfill(day) : timeline.at(day).amounts);
  const forecast = computeForecast({ today, period, metric, options, amountsOn });

  return {
    asOf: today,
    period: { startDate: period.startDate, endDate: period.endDate },
    metric,
    series,
    forecast,
    scopeChange: computeScopeChange(input),
    lastChange: computeLastChange(input.runs),
  };
}

export { forecastMakesBehind } from './insight-forecast';
