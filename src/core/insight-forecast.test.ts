import { describe, expect, it } from 'vitest';
import type { Forecast } from './insight';
import { addDays } from './insight-dates';
import { computeForecast, FORECAST_HORIZON_DAYS, forecastMakesBehind, type ForecastInput } from './insight-forecast';
import type { Amounts } from './insight-series';

/**
 * A table of the only days the forecast may read: reading any other day throws, so a test also
 * fails when the forecast measures over the wrong days.
 */
function table(days: Record<string, [scope: number, done: number]>): (day: string) => Amounts {
  return (day) => {
    const row = days[day];
    if (row === undefined) throw new Error(`the forecast read ${day}, which the test did not expect`);
    return { scope: row[0], done: row[1] };
  };
}

const quarter = { startDate: '2025-01-01', endDate: '2025-03-31' };

function forecast(input: Partial<ForecastInput> & Pick<ForecastInput, 'today' | 'amountsOn'>): Forecast {
  return computeForecast({ period: quarter, metric: 'percent_done', options: {}, ...input });
}

describe('forecast over a full 28-day window', () => {
  // today 2025-02-15, 46 days into the period → windowDays = min(28, 46) = 28, from 2025-01-18.
  // The 7-day windows end 02-15, 02-08, 02-01 and 01-25.
  const days = table({
    '2025-01-18': [40, 10],
    '2025-01-25': [42, 12], // window 01-18..01-25: (12−10)/7 − (42−40)/7 = 0
    '2025-02-01': [44, 19], // window 01-25..02-01: (19−12)/7 − (44−42)/7 = 5/7
    '2025-02-08': [46, 26], // window 02-01..02-08: (26−19)/7 − (46−44)/7 = 5/7
    '2025-02-15': [47, 38], // window 02-08..02-15: (38−26)/7 − (47−46)/7 = 11/7
  });

  it('finishes at today + ceil(remaining / (done − scope per day)), with the range from the 7-day windows', () => {
    // donePerDay = (38 − 10)/28 = 1; scopePerDay = (47 − 40)/28 = 0.25; net = 0.75;
    // remaining = 47 − 38 = 9; 9 / 0.75 = 12 days → 2025-02-27.
    // optimistic: 11/7 → 9 ÷ 11/7 = 63/11 = 5.73 → 6 days → 02-21; pessimistic: rate 0 → no date.
    expect(forecast({ today: '2025-02-15', amountsOn: days })).toEqual({
      reason: 'ok', finishDate: '2025-02-27', optimisticDate: '2025-02-21', pessimisticDate: null,
      donePerDay: 1, scopePerDay: 0.25, windowDays: 28, remaining: 9, finishesBeforeEnd: true,
    });
  });

  it('finishesBeforeEnd is false when the finish date is after the period end, and that makes the item behind', () => {
    // Same pace, the period ends 2025-02-26, one day before the finish date 02-27.
    const result = forecast({ today: '2025-02-15', amountsOn: days, period: { startDate: '2025-01-01', endDate: '2025-02-26' } });
    expect(result.finishDate).toBe('2025-02-27');
    expect(result.finishesBeforeEnd).toBe(false);
    expect(forecastMakesBehind(result)).toBe(true);
    // Finishing on the last day is in time: period end 02-27.
    const onTheDay = forecast({ today: '2025-02-15', amountsOn: days, period: { startDate: '2025-01-01', endDate: '2025-02-27' } });
    expect(onTheDay.finishesBeforeEnd).toBe(true);
    expect(forecastMakesBehind(onTheDay)).toBe(false);
  });

  it('the pessimistic date comes from the slowest window when its rate is positive', () => {
    const steady = table({
      '2025-01-18': [40, 10],
      '2025-01-25': [40, 14], // 4/7
      '2025-02-01': [40, 16], // 2/7 (slowest)
      '2025-02-08': [40, 22], // 6/7
      '2025-02-15': [40, 30], // 8/7 (fastest)
    });
    // donePerDay = 20/28 = 5/7; remaining = 10; 10 ÷ 5/7 = 14 → 03-01.
    // optimistic 10 ÷ 8/7 = 8.75 → 9 → 02-24; pessimistic 10 ÷ 2/7 = 35 → 03-22.
    expect(forecast({ today: '2025-02-15', amountsOn: steady })).toMatchObject({
      reason: 'ok', finishDate: '2025-03-01', optimisticDate: '2025-02-24', pessimisticDate: '2025-03-22', scopePerDay: 0, remaining: 10,
    });
  });
});

describe('windows shorter than 28 days', () => {
  it('ten days into the period: windowDays 10, measured from the day before the start; only the window ending today fits', () => {
    // today 2025-01-10 → windowDays = 10, from 2024-12-31 (the mirror's backfill in the insight).
    // Only the window ending today (from 01-03) fits: 14 > 10 rules out the one ending 01-03.
    const days = table({ '2024-12-31': [10, 0], '2025-01-03': [10, 1], '2025-01-10': [12, 6] });
    // donePerDay = 6/10 = 0.6; scopePerDay = 2/10 = 0.2; net 0.4; remaining 12 − 6 = 6; 6/0.4 = 15 → 01-25.
    // window: (6 − 1)/7 − (12 − 10)/7 = 3/7; 6 ÷ 3/7 = 14 → 01-24, both ends of the range.
    expect(forecast({ today: '2025-01-10', amountsOn: days })).toEqual({
      reason: 'ok', finishDate: '2025-01-25', optimisticDate: '2025-01-24', pessimisticDate: '2025-01-24',
      donePerDay: 0.6, scopePerDay: 0.2, windowDays: 10, remaining: 6, finishesBeforeEnd: true,
    });
  });

  it('exactly 7 days is enough history', () => {
    // today 01-07 → windowDays 7 from 2024-12-31; done 0 → 7: 1/day; remaining 3 → 3 days → 01-10.
    const days = table({ '2024-12-31': [10, 0], '2025-01-07': [10, 7] });
    expect(forecast({ today: '2025-01-07', amountsOn: days })).toMatchObject({
      reason: 'ok', windowDays: 7, donePerDay: 1, finishDate: '2025-01-10', optimisticDate: '2025-01-10', pessimisticDate: '2025-01-10',
    });
  });

  it('fewer than 7 days: not_enough_history, no dates, but the pace so far', () => {
    // today 01-06 → windowDays 6 from 2024-12-31; (3 − 0)/6 = 0.5 per day.
    const days = table({ '2024-12-31': [10, 0], '2025-01-06': [10, 3] });
    expect(forecast({ today: '2025-01-06', amountsOn: days })).toEqual({
      reason: 'not_enough_history', finishDate: null, optimisticDate: null, pessimisticDate: null,
      donePerDay: 0.5, scopePerDay: 0, windowDays: 6, remaining: 7, finishesBeforeEnd: null,
    });
  });

  it('a period that has not started: windowDays 0 and nothing read', () => {
    expect(forecast({ today: '2024-12-20', amountsOn: table({}) })).toMatchObject({ reason: 'not_enough_history', windowDays: 0, donePerDay: 0 });
  });
});

describe('reasons', () => {
  // A 7-day window (today 01-07, from 2024-12-31): the one range window is the whole window,
  // so the table needs only its two ends.
  const at = (then: [number, number], now: [number, number]) => table({ '2024-12-31': then, '2025-01-07': now });

  it('done when nothing remains', () => {
    expect(forecast({ today: '2025-01-07', amountsOn: at([10, 4], [10, 10]) })).toMatchObject({ reason: 'done', remaining: 0, finishDate: null, finishesBeforeEnd: null });
  });

  it('no_progress when nothing was done over the window, and when done went back (reopened)', () => {
    expect(forecast({ today: '2025-01-07', amountsOn: at([10, 4], [10, 4]) })).toMatchObject({ reason: 'no_progress', donePerDay: 0, remaining: 6, finishDate: null });
    // (3 − 10)/7 = −1 per day.
    expect(forecast({ today: '2025-01-07', amountsOn: at([10, 10], [10, 3]) })).toMatchObject({ reason: 'no_progress', donePerDay: -1 });
  });

  it('scope_outpaces_delivery when the scope grows as fast as or faster than work gets done', () => {
    // done (4 → 11) 1/day, scope (10 → 24) 2/day: net −1.
    expect(forecast({ today: '2025-01-07', amountsOn: at([10, 4], [24, 11]) })).toMatchObject({
      reason: 'scope_outpaces_delivery', donePerDay: 1, scopePerDay: 2, remaining: 13, finishDate: null,
    });
    // Exactly as fast (net 0) never finishes either: scope 10 → 17, done 4 → 11.
    expect(forecast({ today: '2025-01-07', amountsOn: at([10, 4], [17, 11]) }).reason).toBe('scope_outpaces_delivery');
  });
});

describe('metrics', () => {
  const at = (then: [number, number], now: [number, number]) => table({ '2024-12-31': then, '2025-01-07': now });

  it('done_count: remaining is target − done and the scope does not count against the pace', () => {
    // done 4 → 11 over 7 days = 1/day; the scope grew 30 → 50 but a KPI target does not move with it.
    // remaining = 20 − 11 = 9 → 9 days → 01-16.
    expect(forecast({ today: '2025-01-07', amountsOn: at([30, 4], [50, 11]), metric: 'done_count', options: { startValue: 0, targetValue: 20 } })).toMatchObject({
      reason: 'ok', donePerDay: 1, scopePerDay: 0, remaining: 9, finishDate: '2025-01-16',
    });
  });

  it('done_count with countAll measures the scope: every matching issue counts', () => {
    // measured = scope: 30 → 44 over 7 days = 2/day; remaining = 60 − 44 = 16 → 8 days → 01-15.
    expect(forecast({ today: '2025-01-07', amountsOn: at([30, 4], [44, 11]), metric: 'done_count', options: { targetValue: 60, countAll: true } })).toMatchObject({
      reason: 'ok', donePerDay: 2, scopePerDay: 0, remaining: 16, finishDate: '2025-01-15',
    });
  });

  it('done_count past its target is done', () => {
    expect(forecast({ today: '2025-01-07', amountsOn: at([30, 4], [50, 25]), metric: 'done_count', options: { targetValue: 20 } })).toMatchObject({ reason: 'done', remaining: -5 });
  });

  it('points_done counts story points, fractions of a day rounded up', () => {
    // points done 3 → 6.5 over 7 days = 0.5/day; scope 20 → 20; remaining 20 − 6.5 = 13.5 → 27 days → 02-03.
    expect(forecast({ today: '2025-01-07', amountsOn: at([20, 3], [20, 6.5]), metric: 'points_done' })).toMatchObject({
      reason: 'ok', donePerDay: 0.5, scopePerDay: 0, remaining: 13.5, finishDate: '2025-02-03',
    });
    // A shrinking scope helps: 19.9 − 7 = 12.9 remaining; done 4/7 per day, scope −0.1/7 per day:
    // net 4.1/7; 12.9 ÷ 4.1/7 = 22.02 → 23 days → 01-30.
    expect(forecast({ today: '2025-01-07', amountsOn: at([20, 3], [19.9, 7]), metric: 'points_done' }).finishDate).toBe('2025-01-30');
  });

  it('points_done towards a points target: remaining is target − done, scope growth ignored', () => {
    // done 3 → 10 = 1/day; target 40 → remaining 30 → 02-06.
    expect(forecast({ today: '2025-01-07', amountsOn: at([20, 3], [60, 10]), metric: 'points_done', options: { targetValue: 40 } })).toMatchObject({
      reason: 'ok', scopePerDay: 0, remaining: 30, finishDate: '2025-02-06',
    });
  });

  it('field_sum never forecasts: a field sum need not grow day by day', () => {
    expect(forecast({ today: '2025-02-15', amountsOn: table({}), metric: 'field_sum' })).toMatchObject({
      reason: 'not_enough_history', windowDays: 28, finishDate: null, donePerDay: 0,
    });
  });
});

describe('a finish beyond the horizon', () => {
  it('a KPI of 10^12 at a few a day has no finish date (it would be past year 9999) but still finishes late', () => {
    const days = table({ '2025-01-18': [0, 10], '2025-01-25': [0, 24], '2025-02-01': [0, 38], '2025-02-08': [0, 52], '2025-02-15': [0, 66] }); // 2 a day, steadily
    const result = forecast({ today: '2025-02-15', amountsOn: days, metric: 'done_count', options: { targetValue: 1e12 } });
    expect(result).toMatchObject({ reason: 'ok', finishDate: null, optimisticDate: null, pessimisticDate: null, donePerDay: 2, finishesBeforeEnd: false });
    expect(forecastMakesBehind(result)).toBe(true);
  });

  it("a finish on the horizon's last day still has its date", () => {
    // 2 a day, remaining 2 × FORECAST_HORIZON_DAYS → exactly the horizon.
    const days = table({ '2025-01-18': [0, 10], '2025-01-25': [0, 24], '2025-02-01': [0, 38], '2025-02-08': [0, 52], '2025-02-15': [0, 66] });
    const target = 66 + 2 * FORECAST_HORIZON_DAYS;
    const result = forecast({ today: '2025-02-15', amountsOn: days, metric: 'done_count', options: { targetValue: target } });
    expect(result.finishDate).toBe(addDays('2025-02-15', FORECAST_HORIZON_DAYS));
    expect(result.finishDate).toBe('2125-02-16'); // 100 years and a day: 2100 is no leap year
    expect(forecast({ today: '2025-02-15', amountsOn: days, metric: 'done_count', options: { targetValue: target + 1 } }).finishDate).toBeNull();
  });
});

describe('forecastMakesBehind', () => {
  it('ok after the end, no progress and scope outpacing make an item behind; the rest do not', () => {
    expect(forecastMakesBehind({ reason: 'ok', finishesBeforeEnd: false })).toBe(true);
    expect(forecastMakesBehind({ reason: 'ok', finishesBeforeEnd: true })).toBe(false);
    expect(forecastMakesBehind({ reason: 'no_progress', finishesBeforeEnd: null })).toBe(true);
    expect(forecastMakesBehind({ reason: 'scope_outpaces_delivery', finishesBeforeEnd: null })).toBe(true);
    expect(forecastMakesBehind({ reason: 'done', finishesBeforeEnd: null })).toBe(false);
    expect(forecastMakesBehind({ reason: 'not_enough_history', finishesBeforeEnd: null })).toBe(false);
  });
});
