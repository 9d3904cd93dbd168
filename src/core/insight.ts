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
import type { Insight, InsightInput, InsightSeriesPoint } from './insight-types';

export type { InsightMetric, MemberDayGroup, RecordedRun, InsightInput, InsightSeriesPoint, ForecastReason, Forecast, ScopeChange, LastChange, Insight } from './insight-types';

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
