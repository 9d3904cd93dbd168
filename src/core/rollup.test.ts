import { describe, expect, it } from 'vitest';
import { objectiveProgress, resolveChildWeights } from './rollup';

const keyResults = [
  { progress: 1, weight: 3 },
  { progress: 0, weight: 1 },
];

describe('objectiveProgress', () => {
  it('key_results mode: weighted average of the key results', () => {
    expect(objectiveProgress({ mode: 'key_results', manualProgress: 0.1, keyResults })).toBe(0.75);
  });

  it('key_results mode: null (not started) without key results', () => {
    expect(objectiveProgress({ mode: 'key_results', manualProgress: 0.4, keyResults: [] })).toBeNull();
  });

  it('key_results mode: null when no key result has progress', () => {
    expect(objectiveProgress({
      mode: 'key_results',
      manualProgress: null,
      keyResults: [{ progress: null, weight: 1 }],
    })).toBeNull();
  });

  it('manual mode: the manual progress, ignoring key results', () => {
    expect(objectiveProgress({ mode: 'manual', manualProgress: 0.4, keyResults })).toBe(0.4);
  });

  it('manual mode: null before the first check-in', () => {
    expect(objectiveProgress({ mode: 'manual', manualProgress: null, keyResults })).toBeNull();
  });

  it('manual mode: clamps out-of-range values', () => {
    expect(objectiveProgress({ mode: 'manual', manualProgress: 1.2, keyResults: [] })).toBe(1);
  });

  it('a data source wins over both modes', () => {
    expect(objectiveProgress({ mode: 'manual', manualProgress: 0.4, keyResults, hasSource: true, sourceProgress: 0.3 }))
      .toBe(0.3);
    expect(objectiveProgress({ mode: 'key_results', manualProgress: null, keyResults, hasSource: true, sourceProgress: 0.3 }))
      .toBe(0.3);
  });

  it('a data source with unknown progress gives null, not the fallback', () => {
    expect(objectiveProgress({ mode: 'key_results', manualProgress: null, keyResults, hasSource: true, sourceProgress: null }))
      .toBeNull();
    expect(objectiveProgress({ mode: 'manual', manualProgress: 0.4, keyResults, hasSource: true })).toBeNull();
  });

  it('sourceProgress is ignored without hasSource', () => {
    expect(objectiveProgress({ mode: 'manual', manualProgress: 0.4, keyResults, hasSource: false, sourceProgress: 0.9 }))
      .toBe(0.4);
  });
});

describe('objectiveProgress with aligned child objectives (weighted roll-up)', () => {
  it('weighs key results and children together: (1·0.5 + 1·1 + 40·0.2 + 60·0.7) / 102', () => {
    const progress = objectiveProgress({
      mode: 'key_results',
      manualProgress: null,
      keyResults: [{ progress: 0.5, weight: 1 }, { progress: 1, weight: 1 }],
      children: [{ progress: 0.2, weight: 40 }, { progress: 0.7, weight: 60 }],
    });
    expect(progress).toBeCloseTo((0.5 + 1 + 40 * 0.2 + 60 * 0.7) / 102, 12);
  });

  it('children only, no weights set: a plain mean (equal weights)', () => {
    expect(objectiveProgress({
      mode: 'key_results',
      manualProgress: null,
      keyResults: [],
      children: [{ progress: 0.2, weight: null }, { progress: 0.6, weight: null }],
    })).toBeCloseTo(0.4, 12);
  });

  it('an unset weight counts as the mean of the set ones', () => {
    // 40 and 60 are set, the third child takes 50: (40·0 + 60·1 + 50·0.5) / 150.
    expect(objectiveProgress({
      mode: 'key_results',
      manualProgress: null,
      keyResults: [],
      children: [{ progress: 0, weight: 40 }, { progress: 1, weight: 60 }, { progress: 0.5, weight: null }],
    })).toBeCloseTo(85 / 150, 12);
  });

  it('a child weighing 0 contributes nothing', () => {
    expect(objectiveProgress({
      mode: 'key_results',
      manualProgress: null,
      keyResults: [{ progress: 0.3, weight: 1 }],
      children: [{ progress: 1, weight: 0 }],
    })).toBeCloseTo(0.3, 12);
  });

  it('every child weighing 0: nothing is measured, null (not started)', () => {
    expect(objectiveProgress({
      mode: 'key_results',
      manualProgress: null,
      keyResults: [],
      children: [{ progress: 1, weight: 0 }, { progress: 0.5, weight: 0 }],
    })).toBeNull();
  });

  it('a child without progress does not take part', () => {
    expect(objectiveProgress({
      mode: 'key_results',
      manualProgress: null,
      keyResults: [{ progress: 0.8, weight: 1 }],
      children: [{ progress: null, weight: 50 }],
    })).toBeCloseTo(0.8, 12);
  });

  it('children do not change a manual or linked objective', () => {
    const children = [{ progress: 1, weight: 100 }];
    expect(objectiveProgress({ mode: 'manual', manualProgress: 0.4, keyResults: [], children })).toBe(0.4);
    expect(objectiveProgress({ mode: 'key_results', manualProgress: null, keyResults: [], children, hasSource: true, sourceProgress: 0.3 })).toBe(0.3);
  });
});

describe('resolveChildWeights', () => {
  it('keeps set weights, gives unset ones the mean of the set ones (key results included), or 1', () => {
    expect(resolveChildWeights([], [{ progress: 0, weight: null }])).toEqual([1]);
    expect(resolveChildWeights([2, 4], [{ progress: 0, weight: null }, { progress: 0, weight: 9 }])).toEqual([5, 9]);
  });
});
