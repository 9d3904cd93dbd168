import { describe, expect, it } from 'vitest';
import { objectiveProgress } from './rollup';

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
