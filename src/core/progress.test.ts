import { describe, expect, it } from 'vitest';
import { objectiveProgress } from './rollup';
import { progressStatus } from './status';
import { clampFraction, displayPercent, fractionDone, keyResultProgress, keyResultProgressSoFar, weightedAverageProgress } from './progress';

describe('keyResultProgress', () => {
  it('measures distance travelled from start towards a higher target', () => {
    expect(keyResultProgress({ startValue: 0, targetValue: 200, currentValue: 50 })).toBe(0.25);
    expect(keyResultProgress({ startValue: 100, targetValue: 200, currentValue: 150 })).toBe(0.5);
  });

  it('handles a target below the start (cut churn 8% → 5%)', () => {
    expect(keyResultProgress({ startValue: 8, targetValue: 5, currentValue: 6.5 })).toBe(0.5);
    expect(keyResultProgress({ startValue: 8, targetValue: 5, currentValue: 5 })).toBe(1);
    expect(keyResultProgress({ startValue: 8, targetValue: 5, currentValue: 8 })).toBe(0);
  });

  it('clamps above 1 when the target is overshot', () => {
    expect(keyResultProgress({ startValue: 0, targetValue: 10, currentValue: 15 })).toBe(1);
    expect(keyResultProgress({ startValue: 8, targetValue: 5, currentValue: 3 })).toBe(1);
  });

  it('clamps below 0 when moving the wrong way', () => {
    expect(keyResultProgress({ startValue: 10, targetValue: 20, currentValue: 5 })).toBe(0);
    expect(keyResultProgress({ startValue: 8, targetValue: 5, currentValue: 9 })).toBe(0);
  });

  it('with start equal to target, is done only when current equals target', () => {
    expect(keyResultProgress({ startValue: 5, targetValue: 5, currentValue: 5 })).toBe(1);
    expect(keyResultProgress({ startValue: 5, targetValue: 5, currentValue: 6 })).toBe(0);
    expect(keyResultProgress({ startValue: 5, targetValue: 5, currentValue: 4 })).toBe(0);
  });
});

describe('fractionDone and displayPercent (Jira story counts)', () => {
  it('3 of 10 done shows 30%', () => {
    const progress = fractionDone(3, 10);
    expect(progress).toBeCloseTo(0.3, 12);
    expect(displayPercent(progress ?? Number.NaN)).toBe(30);
  });

  it('3 of 11 done shows 27%', () => {
    const progress = fractionDone(3, 11);
    expect(progress).toBeCloseTo(3 / 11, 12);
    expect(displayPercent(progress ?? Number.NaN)).toBe(27);
  });

  it('0 of 0 is unknown (null), not 0% or 100%', () => {
    expect(fractionDone(0, 0)).toBeNull();
    expect(fractionDone(2, 0)).toBeNull();
    expect(fractionDone(0, -1)).toBeNull();
  });

  it('0 of 5 is 0 and all done is 1', () => {
    expect(fractionDone(0, 5)).toBe(0);
    expect(fractionDone(5, 5)).toBe(1);
  });

  it('clamps to 0..1', () => {
    expect(fractionDone(12, 10)).toBe(1);
    expect(fractionDone(-1, 10)).toBe(0);
  });
});

describe('displayPercent', () => {
  it.each([
    [0.285, 29],
    [3 / 11, 27],
    [0.125, 13],
    [0.3, 30],
    [1, 100],
    [0, 0],
    [0.004, 0],
    [0.005, 1],
    [0.994999, 99],
    [0.995, 100],
    [0.555, 56],
    [0.145, 15],
  ])('shows %s as %s percent', (progress, percent) => {
    expect(displayPercent(progress)).toBe(percent);
  });

  it('never shows negative zero', () => {
    expect(Object.is(displayPercent(-0.001), 0)).toBe(true);
  });
});

describe('weightedAverageProgress', () => {
  it('averages with unequal weights', () => {
    // (1 * 3 + 0 * 1) / 4
    expect(weightedAverageProgress([
      { progress: 1, weight: 3 },
      { progress: 0, weight: 1 },
    ])).toBe(0.75);
    // (0.5 * 2 + 0.2 * 3) / 5 = 1.6 / 5
    expect(weightedAverageProgress([
      { progress: 0.5, weight: 2 },
      { progress: 0.2, weight: 3 },
    ])).toBeCloseTo(0.32, 12);
  });

  it('is a plain mean with equal weights', () => {
    expect(weightedAverageProgress([
      { progress: 0.2, weight: 1 },
      { progress: 0.4, weight: 1 },
      { progress: 0.9, weight: 1 },
    ])).toBeCloseTo(0.5, 12);
  });

  it('ignores items without progress or without a positive weight', () => {
    expect(weightedAverageProgress([
      { progress: 0.4, weight: 1 },
      { progress: null, weight: 5 },
      { progress: 1, weight: 0 },
      { progress: 1, weight: -2 },
    ])).toBe(0.4);
  });

  it('is null when nothing takes part', () => {
    expect(weightedAverageProgress([])).toBeNull();
    expect(weightedAverageProgress([{ progress: null, weight: 1 }, { progress: 0.5, weight: 0 }])).toBeNull();
  });
});

describe('clampFraction', () => {
  it('keeps values inside 0..1 and treats NaN as 0', () => {
    expect(clampFraction(1.5)).toBe(1);
    expect(clampFraction(-0.5)).toBe(0);
    expect(clampFraction(0.42)).toBe(0.42);
    expect(clampFraction(Number.NaN)).toBe(0);
  });
});

describe('keyResultProgressSoFar: a key result nobody has checked in on yet', () => {
  const fresh = { startValue: 0, targetValue: 20, currentValue: 0 };

  it('has no progress (not started) until its first check-in', () => {
    expect(keyResultProgressSoFar(fresh, false)).toBeNull();
    expect(progressStatus(keyResultProgressSoFar(fresh, false), 0.46)).toBe('not_started');
  });

  it('counts from its first check-in, even one that reports no movement', () => {
    expect(keyResultProgressSoFar(fresh, true)).toBe(0);
    expect(progressStatus(keyResultProgressSoFar(fresh, true), 0.46)).toBe('at_risk');
    expect(keyResultProgressSoFar({ ...fresh, currentValue: 5 }, true)).toBe(0.25);
  });

  it('counts a value entered at creation that differs from the start value', () => {
    expect(keyResultProgressSoFar({ startValue: 8, targetValue: 5, currentValue: 6.5 }, false)).toBe(0.5);
  });

  it('does not turn its objective red: the roll-up judges the key results that have started', () => {
    const expected = 0.46;
    const started = { progress: keyResultProgressSoFar({ startValue: 0, targetValue: 10, currentValue: 5 }, true), weight: 1 };
    const brandNew = { progress: keyResultProgressSoFar(fresh, false), weight: 1 };
    const objective = objectiveProgress({ mode: 'key_results', manualProgress: null, keyResults: [started, brandNew] });
    expect(objective).toBe(0.5);
    expect(progressStatus(objective, expected)).toBe('on_track');
    const onlyNew = objectiveProgress({ mode: 'key_results', manualProgress: null, keyResults: [brandNew] });
    expect(progressStatus(onlyNew, expected)).toBe('not_started');
  });
});
