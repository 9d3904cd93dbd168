import { describe, expect, it } from 'vitest';
import { expectedProgress } from './expected';
import { expectedProgressCorners, expectedProgressWithMilestones, milestoneExpectedValue, milestoneProblems } from './milestones';
import { progressStatus } from './status';
import type { Period } from './types';

// 10 whole days: 2025-01-01 00:00Z up to 2025-01-11 00:00Z.
const TEN_DAYS: Period = { startDate: '2025-01-01', endDate: '2025-01-10' };
const RANGE = { startValue: 0, targetValue: 100 };
const at = (iso: string) => new Date(iso);

describe('milestoneExpectedValue', () => {
  // 20 due by the end of 2 Jan (day 2), 90 by the end of 5 Jan (day 5), 100 at the end (day 10).
  const milestones = [{ date: '2025-01-02', value: 20 }, { date: '2025-01-05', value: 90 }];

  it('starts at the start value and ends at the target', () => {
    expect(milestoneExpectedValue(TEN_DAYS, RANGE, milestones, at('2024-12-31T00:00:00Z'))).toBe(0);
    expect(milestoneExpectedValue(TEN_DAYS, RANGE, milestones, at('2025-01-01T00:00:00Z'))).toBe(0);
    expect(milestoneExpectedValue(TEN_DAYS, RANGE, milestones, at('2025-01-11T00:00:00Z'))).toBe(100);
    expect(milestoneExpectedValue(TEN_DAYS, RANGE, milestones, at('2025-02-01T00:00:00Z'))).toBe(100);
  });

  it('passes through each milestone at the end of its date, linearly between them', () => {
    expect(milestoneExpectedValue(TEN_DAYS, RANGE, milestones, at('2025-01-02T00:00:00Z'))).toBeCloseTo(10, 9);
    expect(milestoneExpectedValue(TEN_DAYS, RANGE, milestones, at('2025-01-03T00:00:00Z'))).toBeCloseTo(20, 9);
    expect(milestoneExpectedValue(TEN_DAYS, RANGE, milestones, at('2025-01-04T12:00:00Z'))).toBeCloseTo(20 + 70 * 1.5 / 3, 9);
    expect(milestoneExpectedValue(TEN_DAYS, RANGE, milestones, at('2025-01-06T00:00:00Z'))).toBeCloseTo(90, 9);
    expect(milestoneExpectedValue(TEN_DAYS, RANGE, milestones, at('2025-01-08T12:00:00Z'))).toBeCloseTo(95, 9);
  });

  it('works downwards ("cut churn from 8 to 5") and ignores milestones outside the period', () => {
    const down = { startValue: 8, targetValue: 5 };
    const list = [{ date: '2025-01-05', value: 7 }, { date: '2025-03-01', value: 0 }];
    expect(milestoneExpectedValue(TEN_DAYS, down, list, at('2025-01-06T00:00:00Z'))).toBeCloseTo(7, 9);
    expect(milestoneExpectedValue(TEN_DAYS, down, list, at('2025-01-08T12:00:00Z'))).toBeCloseTo(6, 9);
  });

  it('a milestone on the last day is due just before the end, the target at the end', () => {
    const last = [{ date: '2025-01-10', value: 50 }];
    expect(milestoneExpectedValue(TEN_DAYS, RANGE, last, at('2025-01-06T00:00:00Z'))).toBeCloseTo(25, 9);
    expect(milestoneExpectedValue(TEN_DAYS, RANGE, last, at('2025-01-11T00:00:00Z'))).toBe(100);
  });
});

describe('expectedProgressWithMilestones', () => {
  it('without milestones it is the time share, unchanged', () => {
    const moment = at('2025-01-04T06:00:00Z');
    expect(expectedProgressWithMilestones(TEN_DAYS, RANGE, [], moment)).toBe(expectedProgress(TEN_DAYS, moment));
  });

  it('a back-loaded plan expects less early, so the same progress is on track instead of at risk', () => {
    const moment = at('2025-01-06T00:00:00Z'); // half the period gone
    const backLoaded = [{ date: '2025-01-05', value: 10 }];
    const expected = expectedProgressWithMilestones(TEN_DAYS, RANGE, backLoaded, moment);
    expect(expected).toBeCloseTo(0.1, 9);
    expect(progressStatus(0.2, expected)).toBe('on_track');
    expect(progressStatus(0.2, expectedProgress(TEN_DAYS, moment))).toBe('at_risk');
  });

  it('is measured from start to target and clamped to 0..1', () => {
    const overshoot = [{ date: '2025-01-02', value: 150 }];
    expect(expectedProgressWithMilestones(TEN_DAYS, RANGE, overshoot, at('2025-01-03T00:00:00Z'))).toBe(1);
    const down = { startValue: 8, targetValue: 5 };
    expect(expectedProgressWithMilestones(TEN_DAYS, down, [{ date: '2025-01-05', value: 7 }], at('2025-01-06T00:00:00Z'))).toBeCloseTo(1 / 3, 9);
  });
});

describe('milestoneProblems', () => {
  it('accepts dates inside the period in strictly increasing order', () => {
    expect(milestoneProblems([{ date: '2025-01-01', value: 1 }, { date: '2025-01-10', value: 2 }], TEN_DAYS)).toEqual([]);
  });

  it('names the index and the part: outside the period, not increasing, not finite', () => {
    const problems = milestoneProblems(
      [{ date: '2024-12-31', value: 1 }, { date: '2025-01-05', value: 2 }, { date: '2025-01-05', value: Number.NaN }],
      TEN_DAYS,
    );
    expect(problems.map((p) => [p.index, p.part])).toEqual([[0, 'date'], [2, 'date'], [2, 'value']]);
    expect(problems[0]?.message).toMatch(/outside the period 2025-01-01 to 2025-01-10/);
  });
});

describe('expectedProgressCorners', () => {
  const day = (iso: string) => new Date(iso).getTime();

  it('is the straight line without milestones', () => {
    expect(expectedProgressCorners(TEN_DAYS, RANGE, [])).toEqual([
      { at: day('2025-01-01T00:00:00Z'), progress: 0 },
      { at: day('2025-01-11T00:00:00Z'), progress: 1 },
    ]);
  });

  it('has a corner at the end of each milestone date inside the period', () => {
    const corners = expectedProgressCorners(TEN_DAYS, RANGE, [{ date: '2025-01-05', value: 10 }, { date: '2025-02-01', value: 50 }]);
    expect(corners.map((c) => [new Date(c.at).toISOString(), Math.round(c.progress * 1000) / 1000])).toEqual([
      ['2025-01-01T00:00:00.000Z', 0],
      ['2025-01-06T00:00:00.000Z', 0.1],
      ['2025-01-11T00:00:00.000Z', 1],
    ]);
  });
});
