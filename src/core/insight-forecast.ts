/**
 * When a link will be done at its current pace. The pace is measured over the last `windowDays`
 * days (up to 28, never before the period start) and checked against 7-day windows for a range.
 */
import { addDays, daysBetween } from './insight-dates';
import type { Forecast, ForecastReason, InsightInput } from './insight-types';
import type { Amounts } from './insight-series';
import { roundNoise } from './progress';

/** The longest window the pace is measured over, and the shortest that says anything. */
export const FORECAST_MAX_WINDOW_DAYS = 28;
export const FORECAST_MIN_WINDOW_DAYS = 7;
const RANGE_WINDOW_DAYS = 7;
/** Range windows end today, 7, 14 and 21 days ago. */
const RANGE_WINDOWS = 4;
/**
 * A finish further away than this is not a date anyone plans with, and dates past year 9999 cannot
 * be written at all (a KPI of 10^12 at 2 a day): such a finish date is null, still after the end.
 */
export const FORECAST_HORIZON_DAYS = 36_525;

export interface ForecastInput {
  today: string;
  period: InsightInput['period'];
  metric: InsightInput['metric'];
  options: InsightInput['options'];
  /** The amounts of any day up to today (before the period start: the mirror's backfill). */
  amountsOn(day: string): Amounts;
}

function targetOf(options: InsightInput['options']): number | null {
  const target = options.targetValue;
  return typeof target === 'number' && Number.isFinite(target) ? target : null;
}

export function computeForecast(input: ForecastInput): Forecast {
  const { today, period, metric, options, amountsOn } = input;
  const windowDays = Math.max(0, Math.min(FORECAST_MAX_WINDOW_DAYS, daysBetween(period.startDate, today) + 1));
  const result = (reason: ForecastReason, numbers: Partial<Forecast> = {}): Forecast => ({
    reason, finishDate: null, optimisticDate: null, pessimisticDate: null,
    donePerDay: 0, scopePerDay: 0, windowDays, remaining: 0, finishesBeforeEnd: null, ...numbers,
  });
  // A field sum need not grow day by day (a field can go down), so a pace is not meaningful.
  if (metric === 'field_sum' || windowDays === 0) return result('not_enough_history');

  // Towards a target (done_count, or points_done with a points target), the target does not move
  // with the scope; with countAll the measured amount is the scope itself, as computeMetric counts it.
  const target = targetOf(options);
  const towardsTarget = metric === 'done_count' || (metric === 'points_done' && target !== null);
  const measured = (amounts: Amounts): number => (towardsTarget && options.countAll ? amounts.scope : amounts.done);
  const scopeCounts = !towardsTarget;

  const now = amountsOn(today);
  const then = amountsOn(addDays(today, -windowDays));
  // Rates stay unrounded for the arithmetic (2/14 rounded to 9 places would make 6 ÷ it 41.99999998
  // days); only the reported figures lose the floating-point noise.
  const doneRate = (measured(now) - measured(then)) / windowDays;
  const scopeRate = scopeCounts ? (now.scope - then.scope) / windowDays : 0;
  const donePerDay = roundNoise(doneRate);
  const scopePerDay = roundNoise(scopeRate);
  // done_count without a target has nothing to finish (the API refuses to save one).
  if (towardsTarget && target === null) return result('not_enough_history', { donePerDay, scopePerDay });
  const remaining = roundNoise(towardsTarget && target !== null ? target - measured(now) : now.scope - now.done);
  const numbers = { donePerDay, scopePerDay, remaining };

  if (windowDays < FORECAST_MIN_WINDOW_DAYS) return result('not_enough_history', numbers);
  if (remaining <= 0) return result('done', numbers);
  // Done going backwards (issues reopened) is no progress either.
  if (donePerDay <= 0) return result('no_progress', numbers);
  const net = doneRate - scopeRate;
  if (roundNoise(net) <= 0) return result('scope_outpaces_delivery', numbers);

  const finishAt = (rate: number): string | null => {
    if (roundNoise(rate) <= 0) return null;
    const days = Math.ceil(roundNoise(remaining / rate));
    return days <= FORECAST_HORIZON_DAYS ? addDays(today, days) : null;
  };
  const finishDate = finishAt(net);

  // The 7-day windows ending today, 7, 14 and 21 days ago that fit inside the measured window.
  const rates: number[] = [];
  for (let k = 0; k < RANGE_WINDOWS && (k + 1) * RANGE_WINDOW_DAYS <= windowDays; k++) {
    const end = amountsOn(addDays(today, -k * RANGE_WINDOW_DAYS));
    const start = amountsOn(addDays(today, -(k + 1) * RANGE_WINDOW_DAYS));
    const done = (measured(end) - measured(start)) / RANGE_WINDOW_DAYS;
    const scope = scopeCounts ? (end.scope - start.scope) / RANGE_WINDOW_DAYS : 0;
    rates.push(done - scope);
  }
  return result('ok', {
    ...numbers,
    finishDate,
    optimisticDate: finishAt(Math.max(...rates)),
    pessimisticDate: finishAt(Math.min(...rates)),
    // Beyond the horizon it finishes after any period end a cycle can have.
    finishesBeforeEnd: finishDate === null ? false : finishDate <= period.endDate,
  });
}

/**
 * Whether the forecast alone makes an item at least Behind (admin setting "status uses the
 * forecast"): it finishes after the period end, or it does not finish at this pace while not done.
 */
export function forecastMakesBehind(forecast: Pick<Forecast, 'reason' | 'finishesBeforeEnd'>): boolean {
  switch (forecast.reason) {
    case 'ok':
      return forecast.finishesBeforeEnd === false;
    case 'no_progress':
    case 'scope_outpaces_delivery':
      // These reasons are only given while something remains, i.e. while not done.
      return true;
    case 'done':
    case 'not_enough_history':
      return false;
  }
}
