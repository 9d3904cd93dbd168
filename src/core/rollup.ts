import { clampFraction, weightedAverageProgress } from './progress';
import type { ProgressMode } from './types';

/** An objective aligned under a parent: its progress and the alignment's weight (percent 0..100, null when not set). */
export interface AlignedChild {
  progress: number | null;
  weight: number | null;
}

/**
 * The weights a parent's aligned children count with. A weight left unset takes the mean of the
 * weights that are set among the parent's key results and aligned children together (so "not set"
 * means "as much as the others"), or 1 when none is set — equal weights. Key results always carry
 * a weight (1 unless changed), so a parent with key results and unweighted children counts each
 * child like an average key result.
 */
export function resolveChildWeights(
  keyResultWeights: readonly number[],
  children: readonly AlignedChild[],
): number[] {
  const setWeights = [...keyResultWeights, ...children.flatMap((c) => (c.weight === null ? [] : [c.weight]))];
  const fallback = setWeights.length === 0 ? 1 : setWeights.reduce((sum, w) => sum + w, 0) / setWeights.length;
  return children.map((child) => child.weight ?? fallback);
}

/**
 * An objective's progress, 0..1, or null when it has none yet (shown as "not started").
 * A linked data source (e.g. a Jira query) wins over everything because it is the source of
 * truth the owner chose; otherwise manual mode uses the latest check-in, and key-results mode
 * ("progress from its children") the weighted mean of its key results and its aligned child
 * objectives (weights: resolveChildWeights). Children without progress, and children with a
 * weight of 0, do not take part; when every child weighs 0 nothing is measured, so the result is
 * null ("not started") — the same rule that already held for key results.
 */
export function objectiveProgress(input: {
  mode: ProgressMode;
  manualProgress: number | null;
  keyResults: ReadonlyArray<{ progress: number | null; weight: number }>;
  children?: readonly AlignedChild[];
  sourceProgress?: number | null;
  hasSource?: boolean;
}): number | null {
  if (input.hasSource) return nullableFraction(input.sourceProgress ?? null);
  if (input.mode === 'manual') return nullableFraction(input.manualProgress);
  const children = input.children ?? [];
  const childWeights = resolveChildWeights(input.keyResults.map((kr) => kr.weight), children);
  return weightedAverageProgress([
    ...input.keyResults,
    ...children.map((child, index) => ({ progress: child.progress, weight: childWeights[index] ?? 0 })),
  ]);
}

function nullableFraction(value: number | null): number | null {
  return value === null ? null : clampFraction(value);
}
