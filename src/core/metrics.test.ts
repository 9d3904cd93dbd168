import { describe, expect, it } from 'vitest';
import { addToMetricTotals, compareIssueKeys, computeMetric, computeMetricFromTotals, diffIssueSets, emptyMetricTotals, type MetricIssue } from './metrics';
import { displayPercent } from './progress';

/** n issues AE-1..AE-n, the first `done` of them done, each with the given points/value. */
function issues(n: number, done: number, extra: Partial<Pick<MetricIssue, 'points' | 'value'>> = {}): MetricIssue[] {
  return Array.from({ length: n }, (_, i) => ({ key: `AE-${i + 1}`, done: i < done, points: extra.points ?? null, value: extra.value ?? null }));
}

const percent = (progress: number | null): number | null => (progress === null ? null : displayPercent(progress));

describe('percent_done', () => {
  it('3 of 10 stories done is 30%; an 11th story makes it 27%', () => {
    const ten = computeMetric('percent_done', issues(10, 3));
    expect(ten).toMatchObject({ total: 10, done: 3, measured: 3, outOf: 10 });
    expect(percent(ten.progress)).toBe(30);
    expect(percent(computeMetric('percent_done', issues(11, 3)).progress)).toBe(27);
  });

  it('no matching issues is unknown, neither 0% nor 100%', () => {
    expect(computeMetric('percent_done', [])).toMatchObject({ total: 0, done: 0, progress: null });
  });

  it('all done is 100%', () => {
    expect(computeMetric('percent_done', issues(4, 4)).progress).toBe(1);
  });
});

describe('done_count (KPI towards a target)', () => {
  it('19 of a 0 → 20 target is 95%; 20 is 100% and more bugs filed never go over 100%', () => {
    expect(percent(computeMetric('done_count', issues(26, 19), { startValue: 0, targetValue: 20 }).progress)).toBe(95);
    expect(computeMetric('done_count', issues(26, 20), { startValue: 0, targetValue: 20 }).progress).toBe(1);
    const more = computeMetric('done_count', issues(40, 25), { startValue: 0, targetValue: 20 });
    expect(more.progress).toBe(1);
    expect(more.measured).toBe(25);
  });

  it('counts from the start value, and all matching issues with countAll', () => {
    expect(computeMetric('done_count', issues(10, 6), { startValue: 4, targetValue: 8 }).progress).toBe(0.5);
    expect(computeMetric('done_count', issues(10, 2), { startValue: 4, targetValue: 8 }).progress).toBe(0);
    const all = computeMetric('done_count', issues(6, 1), { startValue: 0, targetValue: 12, countAll: true });
    expect(all.progress).toBe(0.5);
    expect(all.measured).toBe(6);
  });

  it('a start value of 0 is the default', () => {
    expect(computeMetric('done_count', issues(5, 5), { targetValue: 10 }).progress).toBe(0.5);
  });

  it('without a target there is nothing to measure', () => {
    expect(computeMetric('done_count', issues(5, 5)).progress).toBeNull();
  });
});

describe('points_done', () => {
  const pointed: MetricIssue[] = [
    { key: 'AE-1', done: true, points: 5, value: null },
    { key: 'AE-2', done: true, points: 3, value: null },
    { key: 'AE-3', done: false, points: 8, value: null },
    { key: 'AE-4', done: false, points: null, value: null },
  ];

  it('is the share of all matching points that are done; unestimated issues weigh nothing', () => {
    expect(computeMetric('points_done', pointed)).toMatchObject({ progress: 0.5, measured: 8, outOf: 16, total: 4, done: 2 });
  });

  it('moves towards a points target when one is given, capped at 100%', () => {
    expect(computeMetric('points_done', pointed, { targetValue: 32 }).progress).toBe(0.25);
    expect(computeMetric('points_done', pointed, { targetValue: 4 }).progress).toBe(1);
    expect(computeMetric('points_done', pointed, { targetValue: 32, countAll: true }).progress).toBe(0.5);
  });

  it('is unknown when nothing is estimated', () => {
    expect(computeMetric('points_done', issues(3, 1)).progress).toBeNull();
  });
});

describe('field_sum', () => {
  const valued: MetricIssue[] = [
    { key: 'AE-1', done: true, points: null, value: 3600 },
    { key: 'AE-2', done: false, points: null, value: 7200 },
    { key: 'AE-3', done: true, points: null, value: null },
  ];

  it('is the done share of the field summed over all matching issues', () => {
    expect(computeMetric('field_sum', valued).progress).toBeCloseTo(1 / 3, 12);
    expect(computeMetric('field_sum', valued).outOf).toBe(10800);
  });

  it('moves towards a target, over done issues or all with countAll', () => {
    expect(computeMetric('field_sum', valued, { startValue: 0, targetValue: 7200 }).progress).toBe(0.5);
    expect(computeMetric('field_sum', valued, { startValue: 0, targetValue: 7200, countAll: true }).progress).toBe(1);
  });

  it('is unknown when the field is empty everywhere', () => {
    expect(computeMetric('field_sum', issues(2, 1)).progress).toBeNull();
  });
});

describe('diffIssueSets', () => {
  it('reports added, removed and newly done keys, sorted as people read them', () => {
    const previous = [
      { key: 'AE-9', done: false },
      { key: 'AE-10', done: false },
      { key: 'AE-11', done: true },
      { key: 'AE-12', done: false },
    ];
    const current = [
      { key: 'AE-10', done: true },
      { key: 'AE-9', done: true },
      { key: 'AE-11', done: true },
      { key: 'AE-100', done: false },
      { key: 'AE-13', done: true },
    ];
    expect(diffIssueSets(previous, current)).toEqual({ added: ['AE-13', 'AE-100'], removed: ['AE-12'], newlyDone: ['AE-9', 'AE-10'] });
  });

  it('an issue reopened is not newly done, and the first run adds everything', () => {
    expect(diffIssueSets([{ key: 'AE-1', done: true }], [{ key: 'AE-1', done: false }])).toEqual({ added: [], removed: [], newlyDone: [] });
    expect(diffIssueSets([], [{ key: 'AE-2', done: true }, { key: 'AE-1', done: false }]).added).toEqual(['AE-1', 'AE-2']);
  });

  it('orders keys by project, then number', () => {
    expect(['OPS-1', 'AE-10', 'AE-2', 'AE-1'].sort(compareIssueKeys)).toEqual(['AE-1', 'AE-2', 'AE-10', 'OPS-1']);
  });
});

describe('computeMetricFromTotals (running totals while pages stream)', () => {
  /** A fixed mix of done and open issues with points, values, nulls and a non-finite value. */
  const mixed: MetricIssue[] = Array.from({ length: 37 }, (_, i) => ({
    key: `AE-${i + 1}`,
    done: i % 3 === 0,
    points: i % 5 === 0 ? null : (i % 7) + 0.5,
    value: i % 11 === 0 ? Number.NaN : i % 4 === 0 ? null : i * 1.25,
  }));
  const optionSets = [{}, { targetValue: 20 }, { startValue: 5, targetValue: 40, countAll: true }, { targetValue: 10, countAll: false }];

  it.each(['percent_done', 'done_count', 'points_done', 'field_sum'] as const)('%s agrees with computeMetric over the same issues, page by page', (metric) => {
    for (const options of optionSets) {
      const totals = emptyMetricTotals();
      // Three "pages" of different sizes.
      for (const page of [mixed.slice(0, 10), mixed.slice(10, 11), mixed.slice(11)]) for (const issue of page) addToMetricTotals(totals, issue);
      expect(computeMetricFromTotals(metric, totals, options)).toEqual(computeMetric(metric, mixed, options));
    }
  });

  it('keeps the brief\'s numbers: 30% → 27%, 19/20 = 95%, capped at 100%', () => {
    const totalsOf = (n: number, done: number) => issues(n, done).reduce((totals, issue) => addToMetricTotals(totals, issue), emptyMetricTotals());
    expect(percent(computeMetricFromTotals('percent_done', totalsOf(10, 3)).progress)).toBe(30);
    expect(percent(computeMetricFromTotals('percent_done', totalsOf(11, 3)).progress)).toBe(27);
    expect(percent(computeMetricFromTotals('done_count', totalsOf(25, 19), { targetValue: 20 }).progress)).toBe(95);
    expect(computeMetricFromTotals('done_count', totalsOf(30, 25), { targetValue: 20 }).progress).toBe(1);
    expect(computeMetricFromTotals('percent_done', emptyMetricTotals()).progress).toBeNull();
  });
});
