/**
 * The burn-up of a Jira link as numbers the chart only has to draw: the scope and done lines from
 * the insight's series, the expected line, the forecast from today to its finish date with the
 * optimistic–pessimistic range, the axes' extent and ticks, and the chart's text alternative.
 * Days stay 'YYYY-MM-DD' (UTC); the chart turns them into x positions.
 */
import { addDays, daysBetween } from '../../../core/insight-dates';
import type { Insight } from '../../../core/insight';
import { formatNumber } from '../format';
import { amountNoun, forecastRangeSentence, shortDate } from './forecast-text';

export interface DayValue {
  date: string;
  value: number;
}

/** The link's own options the lines depend on (from `GET …/integration`). */
export interface BurnUpOptions {
  startValue: number | null;
  targetValue: number | null;
  countAll: boolean;
}

export interface BurnUp {
  /** First and last day of the x axis: the period, stretched to show a later forecast (at most one more period). */
  from: string;
  to: string;
  /** Top of the y axis and its ticks (round numbers from 0). */
  yMax: number;
  yTicks: number[];
  scope: DayValue[];
  /** The amount the metric measures each day: done, or everything in scope for a count-all target. */
  done: DayValue[];
  /** Where done should be on an even pace: a straight line over the period. */
  expected: [DayValue, DayValue];
  /** Done at today's pace, from today to the finish date (cut at `to` when later: then `clipped`). */
  forecast: { line: [DayValue, DayValue]; finishDate: string; clipped: boolean } | null;
  /** Scope at today's rate of growth up to the finish (only where scope grows and the metric follows it). */
  scopeForecast: [DayValue, DayValue] | null;
  /** The shaded area between the fastest and the slowest weekly pace (a polygon, cut at `to`). */
  range: DayValue[] | null;
  /** The day of the first sync: the series before it is rebuilt from Jira's dates. */
  firstRecorded: string | null;
  /** The target line of a target metric (done_count, or a target on points / a field sum). */
  target: number | null;
  unit: string;
}

/** A target metric counts towards a number; the others are a share of what is in scope. */
function targetOf(insight: Insight, options: BurnUpOptions): number | null {
  if (insight.metric === 'percent_done') return null;
  return options.targetValue;
}

/** 0, 5, 10, … up to at least `max`: steps of 1, 2 or 5 × 10ⁿ giving about four intervals. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  // Whole issues need whole ticks; points and sums may be fractional.
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) {
    ticks.push(Math.round(value * 1e6) / 1e6);
    if (value >= max) break;
  }
  return ticks;
}

/** The value on the straight line a → b at `date` (a and b on different days). */
function along(a: DayValue, b: DayValue, date: string): number {
  const span = daysBetween(a.date, b.date);
  if (span === 0) return b.value;
  return a.value + ((b.value - a.value) * daysBetween(a.date, date)) / span;
}

/** The part of the segment a → b up to `to` (a on or before it). */
function cut(a: DayValue, b: DayValue, to: string): [DayValue, DayValue] {
  return b.date <= to ? [a, b] : [a, { date: to, value: along(a, b, to) }];
}

export function buildBurnUp(insight: Insight, options: BurnUpOptions): BurnUp {
  const { series, forecast, period, asOf, metric } = insight;
  const target = targetOf(insight, options);
  const measuresScope = target !== null && options.countAll;
  const scope = series.map((point) => ({ date: point.date, value: point.scope }));
  const done = series.map((point) => ({ date: point.date, value: measuresScope ? point.scope : point.done }));
  const last = series.at(-1);
  const scopeNow = last?.scope ?? 0;
  const doneNow = done.at(-1)?.value ?? 0;

  const expected: [DayValue, DayValue] =
    target !== null
      ? [
          { date: period.startDate, value: options.startValue ?? 0 },
          { date: period.endDate, value: target },
        ]
      : [
          { date: period.startDate, value: 0 },
          { date: period.endDate, value: scopeNow },
        ];

  // The axis runs past the period to show a later finish, but at most one more period long.
  const periodDays = Math.max(1, daysBetween(period.startDate, period.endDate));
  const latestShown = [forecast.finishDate, forecast.pessimisticDate, forecast.optimisticDate]
    .filter((day): day is string => day !== null)
    .reduce((latest, day) => (day > latest ? day : latest), period.endDate);
  const cap = addDays(period.endDate, periodDays);
  const to = latestShown > cap ? cap : latestShown;
  const from = period.startDate;

  // The forecast starts where done stands today (the series ends at the period end when it is over).
  const start: DayValue = { date: last ? (asOf < last.date ? asOf : last.date) : asOf, value: doneNow };
  const followsScope = target === null;
  /** Where done meets what has to be done on `day`: scope growing at its pace, or the target. */
  const finishLevel = (day: string): number =>
    followsScope ? scopeNow + forecast.scopePerDay * Math.max(0, daysBetween(start.date, day)) : doneNow + forecast.remaining;

  let forecastLine: BurnUp['forecast'] = null;
  let scopeForecast: BurnUp['scopeForecast'] = null;
  let range: DayValue[] | null = null;
  if (forecast.reason === 'ok' && forecast.finishDate && last) {
    const end: DayValue = { date: forecast.finishDate, value: finishLevel(forecast.finishDate) };
    forecastLine = { line: cut(start, end, to), finishDate: forecast.finishDate, clipped: forecast.finishDate > to };
    if (followsScope && forecast.scopePerDay !== 0) scopeForecast = cut({ date: start.date, value: scopeNow }, end, to);
    if (forecast.optimisticDate) {
      const fast = cut(start, { date: forecast.optimisticDate, value: finishLevel(forecast.optimisticDate) }, to)[1];
      // Never finishing at the slowest pace: the range opens out to the right edge.
      const slow = forecast.pessimisticDate
        ? cut(start, { date: forecast.pessimisticDate, value: finishLevel(forecast.pessimisticDate) }, to)[1]
        : { date: to, value: doneNow };
      range = [start, fast];
      // Between the two finishes the edge follows the finish level, up to the axis' end when the slow one is later.
      const slowCut = forecast.pessimisticDate === null || forecast.pessimisticDate > to;
      if (fast.date < to && slowCut) range.push({ date: to, value: finishLevel(to) });
      range.push(slow);
    }
  }

  const highest = Math.max(
    0,
    ...scope.map((point) => point.value),
    ...done.map((point) => point.value),
    expected[0].value,
    expected[1].value,
    forecastLine?.line[1].value ?? 0,
    scopeForecast?.[1].value ?? 0,
    ...(range ?? []).map((point) => point.value),
  );
  const yTicks = niceTicks(highest);
  const firstRecorded = series.find((point) => point.source === 'recorded')?.date ?? null;
  return {
    from,
    to,
    yMax: yTicks.at(-1) ?? 1,
    yTicks,
    scope,
    done,
    expected,
    forecast: forecastLine,
    scopeForecast,
    range,
    firstRecorded,
    target,
    unit: amountNoun(metric, 2),
  };
}

/** The amount with its unit: "12 issues", "1 point", "340.5". */
function amount(value: number, unitPlural: string): string {
  const rounded = Math.round(value * 10) / 10;
  if (!unitPlural) return formatNumber(rounded);
  const singular = unitPlural.replace(/s$/, '');
  return `${formatNumber(rounded)} ${rounded === 1 ? singular : unitPlural}`;
}

/**
 * The chart's text alternative: what the lines show, in one or two sentences ("Burn-up from 1 Oct
 * to 31 Dec: 42 issues in scope, 18 done, 20 expected by now. Forecast: done around 12 Jan.").
 */
export function burnUpSummary(insight: Insight, chart: BurnUp): string {
  const { asOf, period } = insight;
  const last = chart.done.at(-1);
  const lastScope = chart.scope.at(-1);
  const range = `Burn-up from ${shortDate(period.startDate, asOf)} to ${shortDate(period.endDate, asOf)}`;
  if (!last || !lastScope) return `${range}: nothing recorded yet; the lines start on the period's first day.`;
  const expectedNow = along(chart.expected[0], chart.expected[1], last.date);
  const what = chart.target !== null ? `target ${amount(chart.target, chart.unit)}` : `${amount(lastScope.value, chart.unit)} in scope`;
  const facts = `${range}: ${what}, ${amount(last.value, chart.unit)} done on ${shortDate(last.date, asOf)}, ${amount(Math.max(0, expectedNow), chart.unit)} expected by then.`;
  if (!chart.forecast) return facts;
  const spread = forecastRangeSentence(insight);
  return `${facts} Forecast at this pace: done around ${shortDate(chart.forecast.finishDate, asOf)}.${spread ? ` ${spread}` : ''}`;
}
