import { describe, expect, test } from 'vitest';
import type { Forecast, Insight, InsightSeriesPoint } from '../../../core/insight';
import { buildBurnUp, burnUpSummary, niceTicks } from './burnup';

const noOptions = { startValue: null, targetValue: null, countAll: false };

/** Ten days of a 30-day period (1–30 Nov): scope 10 → 19, done 0 → 9, first sync on day 6. */
function series(days = 10): InsightSeriesPoint[] {
  return Array.from({ length: days }, (_, i) => ({
    date: `2026-11-${String(i + 1).padStart(2, '0')}`,
    scope: 10 + i,
    done: i,
    progress: i / (10 + i),
    source: i < 5 ? ('backfill' as const) : ('recorded' as const),
  }));
}

function insight(forecast: Partial<Forecast> = {}, overrides: Partial<Insight> = {}): Insight {
  return {
    asOf: '2026-11-10',
    period: { startDate: '2026-11-01', endDate: '2026-11-30' },
    metric: 'percent_done',
    series: series(),
    forecast: {
      reason: 'ok',
      finishDate: '2026-11-28',
      optimisticDate: '2026-11-20',
      pessimisticDate: '2026-12-10',
      donePerDay: 1,
      scopePerDay: 0.5,
      windowDays: 10,
      remaining: 10,
      finishesBeforeEnd: true,
      ...forecast,
    },
    scopeChange: { since: '2026-11-01', added: 9, removed: 0, completed: 9, reopened: 0 },
    lastChange: null,
    ...overrides,
  };
}

describe('y axis ticks', () => {
  test('round steps of 1, 2 or 5 that reach the highest value', () => {
    expect(niceTicks(19)).toEqual([0, 5, 10, 15, 20]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });
});

describe('the burn-up of a share metric', () => {
  const chart = buildBurnUp(insight(), noOptions);

  test('scope and done come day by day from the series; the first sync is marked', () => {
    expect(chart.scope.map((p) => p.value)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(chart.done.map((p) => p.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(chart.firstRecorded).toBe('2026-11-06');
  });

  test('expected runs straight from 0 at the start to today’s scope at the end', () => {
    expect(chart.expected).toEqual([
      { date: '2026-11-01', value: 0 },
      { date: '2026-11-30', value: 19 },
    ]);
    expect(chart.target).toBeNull();
  });

  test('the forecast runs from done today to where it meets the growing scope on the finish date', () => {
    // 18 days from 10 Nov at +0.5 a day: scope 19 + 9 = 28.
    expect(chart.forecast).toEqual({
      line: [
        { date: '2026-11-10', value: 9 },
        { date: '2026-11-28', value: 28 },
      ],
      finishDate: '2026-11-28',
      clipped: false,
    });
    expect(chart.scopeForecast).toEqual([
      { date: '2026-11-10', value: 19 },
      { date: '2026-11-28', value: 28 },
    ]);
  });

  test('the axis reaches the slowest finish, and the range spans fastest to slowest', () => {
    expect(chart.from).toBe('2026-11-01');
    expect(chart.to).toBe('2026-12-10');
    expect(chart.range).toEqual([
      { date: '2026-11-10', value: 9 },
      { date: '2026-11-20', value: 24 },
      { date: '2026-12-10', value: 34 },
    ]);
    expect(chart.yTicks).toEqual([0, 10, 20, 30, 40]);
    expect(chart.yMax).toBe(40);
  });

  test('a finish more than a period after the end is cut at the axis’ end', () => {
    const far = buildBurnUp(insight({ finishDate: '2027-03-01', optimisticDate: '2027-01-10', pessimisticDate: null, finishesBeforeEnd: false }), noOptions);
    expect(far.to).toBe('2026-12-29');
    expect(far.forecast?.clipped).toBe(true);
    expect(far.forecast?.line[1].date).toBe('2026-12-29');
    // Never finishing at the slowest pace: the range opens out to the axis' end, down to where done stands.
    // The fastest finish (10 Jan, scope 19 + 0.5 × 61 days) is past the axis too: cut at 29 Dec, 49 of its 61 days.
    expect(far.range?.map((p) => p.date)).toEqual(['2026-11-10', '2026-12-29', '2026-12-29']);
    expect(far.range?.[1]?.value).toBeCloseTo(9 + (40.5 * 49) / 61, 6);
    expect(far.range?.[2]?.value).toBe(9);
  });

  test('no forecast line or range without a finish date', () => {
    const none = buildBurnUp(insight({ reason: 'no_progress', finishDate: null, optimisticDate: null, pessimisticDate: null }), noOptions);
    expect(none.forecast).toBeNull();
    expect(none.range).toBeNull();
    expect(none.scopeForecast).toBeNull();
    expect(none.to).toBe('2026-11-30');
  });
});

describe('the burn-up of a target metric', () => {
  test('done_count: expected from start to target, the forecast ends on the target, scope does not follow', () => {
    const chart = buildBurnUp(insight({ scopePerDay: 0, remaining: 11 }, { metric: 'done_count' }), { startValue: 0, targetValue: 20, countAll: false });
    expect(chart.target).toBe(20);
    expect(chart.expected).toEqual([
      { date: '2026-11-01', value: 0 },
      { date: '2026-11-30', value: 20 },
    ]);
    expect(chart.forecast?.line[1]).toEqual({ date: '2026-11-28', value: 20 });
    expect(chart.scopeForecast).toBeNull();
  });

  test('count-all measures everything in scope', () => {
    const chart = buildBurnUp(insight({ scopePerDay: 0, remaining: 11 }, { metric: 'done_count' }), { startValue: 0, targetValue: 30, countAll: true });
    expect(chart.done.at(-1)?.value).toBe(19);
  });
});

describe('the chart’s text alternative', () => {
  test('scope, done and expected on the last day, then the forecast and its range', () => {
    const data = insight();
    expect(burnUpSummary(data, buildBurnUp(data, noOptions))).toBe(
      'Burn-up from 1 Nov to 30 Nov: 19 issues in scope, 9 issues done on 10 Nov, 5.9 issues expected by then. ' +
        'Forecast at this pace: done around 28 Nov. At the fastest and slowest weekly pace of the last 10 days: between 20 Nov and 10 Dec.',
    );
  });

  test('a period that has not started has nothing to draw', () => {
    const data = insight({ reason: 'not_enough_history', finishDate: null }, { series: [], asOf: '2026-10-20' });
    expect(burnUpSummary(data, buildBurnUp(data, noOptions))).toBe("Burn-up from 1 Nov to 30 Nov: nothing recorded yet; the lines start on the period's first day.");
  });
});
