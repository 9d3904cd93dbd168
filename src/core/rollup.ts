import { clampFraction, weightedAverageProgress } from './progress';
import type { ProgressMode } from './types';

/**
 * An objective's progress, 0..1, or null when it has none yet (shown as "not started").
 * A linked data source (e.g. a Jira query) wins over everything because it is the source of
 * truth the owner chose; otherwise manual mode uses the latest check-in and key-results mode
 * the weighted average of its key results.
 */
export function objectiveProgress(input: {
  mode: ProgressMode;
  manualProgress: number | null;
  keyResults: ReadonlyArray<{ progress: number | null; weight: number }>;
  sourceProgress?: number | null;
  hasSource?: boolean;
}): number | null {
  if (input.hasSource) return nullableFraction(input.sourceProgress ?? null);
  if (input.mode === 'manual') return nullableFraction(input.manualProgress);
  return weightedAverageProgress(input.keyResults);
}

function nullableFraction(value: number | null): number | null {
  return value === null ? null : clampFraction(value);
}
