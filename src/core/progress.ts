/** Progress values are fractions 0..1; everything here is pure arithmetic. */

/** Keeps a fraction inside 0..1 (NaN counts as 0 so a bad input can never show as progress). */
export function clampFraction(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/**
 * Rounds away binary floating-point noise (0.55 − 0.30 = 0.25000000000000006) so that
 * comparisons and rounding see the value a person would compute by hand.
 */
export function roundNoise(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/**
 * How far a key result has moved from its start value towards its target, 0..1.
 * Works in both directions: "cut churn from 8% to 5%" at 6.5% is halfway (0.5).
 */
export function keyResultProgress(kr: { startValue: number; targetValue: number; currentValue: number }): number {
  const { startValue, targetValue, currentValue } = kr;
  if (startValue === targetValue) {
    // There is no distance to travel, so "how far along" has no natural answer. We only call it
    // done when the current value sits exactly on the target: with start === target we cannot tell
    // which direction counts as "past" the target, so anything else is treated as not done.
    return currentValue === targetValue ? 1 : 0;
  }
  return clampFraction((currentValue - startValue) / (targetValue - startValue));
}

/**
 * A key result's progress as shown, or null while it has not started: no check-in yet and its value
 * still on its start value (a linked key result's progress is its link's, null until its first
 * sync, so this is only for key results updated by hand).
 *
 * Null shows as grey "Not started" (progressStatus) and leaves the key result out of its
 * objective's roll-up (weightedAverageProgress skips nulls), so a brand-new key result never turns
 * its objective red, and the objective is judged on the key results that have started; with none
 * started it is "Not started" too. From its first check-in it counts, even a check-in that reports
 * no movement (that one is behind, honestly). A value entered at creation other than the start
 * value counts as started.
 */
export function keyResultProgressSoFar(
  kr: { startValue: number; targetValue: number; currentValue: number },
  hasCheckIn: boolean,
): number | null {
  if (!hasCheckIn && kr.currentValue === kr.startValue) return null;
  return keyResultProgress(kr);
}

/**
 * Share of work items done, 0..1. Null when there is nothing to count (total 0 or less):
 * an empty Jira query means "unknown", which is neither 0% nor 100%.
 */
export function fractionDone(done: number, total: number): number | null {
  if (!(total > 0)) return null;
  return clampFraction(done / total);
}

/**
 * Weighted mean of the progress of several items. Items without progress (null) or without a
 * positive weight do not take part; null when none are left. Defaulting weights is the caller's job.
 */
export function weightedAverageProgress(
  items: ReadonlyArray<{ progress: number | null; weight: number }>,
): number | null {
  let weightedSum = 0;
  let totalWeight = 0;
  for (const { progress, weight } of items) {
    if (progress === null || !(weight > 0) || !Number.isFinite(weight)) continue;
    weightedSum += clampFraction(progress) * weight;
    totalWeight += weight;
  }
  if (totalWeight === 0) return null;
  return clampFraction(weightedSum / totalWeight);
}

/**
 * Whole percent for display, rounding halves up. The noise is removed first because e.g.
 * 0.285 * 100 is 28.499999999999996 in floating point, which would otherwise round to 28.
 */
export function displayPercent(progress: number): number {
  const percent = Math.round(roundNoise(progress * 100));
  // Math.round(-0.4) is -0; never show "-0%".
  return percent === 0 ? 0 : percent;
}
