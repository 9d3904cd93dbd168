/**
 * Phased targets: dated milestones a key result (or a manual objective) should reach on its way
 * from the start value to the target. The expected value is piecewise linear through the points
 * (period start, start value) → (each milestone) → (period end, target), and expected progress is
 * that value measured like a key result's own progress, so status compares like with like.
 */
import { periodBounds, expectedProgress } from './expected';
import { clampFraction } from './progress';
import type { Period } from './types';

/** A value due on a calendar date 'YYYY-MM-DD'. A key result's value is in its unit; a manual objective's is a fraction 0..1. */
export interface Milestone {
  date: string;
  value: number;
}

/**
 * The instant a milestone is due: the end of its date (00:00 UTC of the next day), as the period's
 * inclusive end date is — "40 by 31 March" means by the close of 31 March.
 */
function dueAt(date: string): number {
  return periodBounds({ startDate: date, endDate: date }).end.getTime();
}

/**
 * The value expected at a moment. Before the period: the start value; after it: the target.
 * Milestones outside the period, or not after the one before, are ignored (the API refuses them;
 * this keeps the arithmetic total for rows written by older code or imports).
 * A milestone on the period's last day sets the value due just before the end; at the end the
 * target is due.
 */
export function milestoneExpectedValue(
  period: Period,
  range: { startValue: number; targetValue: number },
  milestones: readonly Milestone[],
  at: Date,
): number {
  const { start, end } = periodBounds(period);
  const points: Array<{ t: number; v: number }> = [{ t: start.getTime(), v: range.startValue }];
  for (const milestone of [...milestones].sort((a, b) => a.date.localeCompare(b.date))) {
    const t = dueAt(milestone.date);
    const last = points[points.length - 1];
    if (last && t > last.t && t <= end.getTime()) points.push({ t, v: milestone.value });
  }
  points.push({ t: end.getTime(), v: range.targetValue });

  const now = at.getTime();
  if (now <= start.getTime()) return range.startValue;
  if (now >= end.getTime()) return range.targetValue;
  for (let i = 1; i < points.length; i += 1) {
    const from = points[i - 1];
    const to = points[i];
    if (!from || !to || now >= to.t) continue;
    // A zero-length segment (a milestone on the last day) is skipped by the `now >= to.t` test.
    return from.v + ((to.v - from.v) * (now - from.t)) / (to.t - from.t);
  }
  return range.targetValue;
}

/**
 * Expected progress 0..1 at a moment. Without milestones it is the share of the period elapsed
 * (expectedProgress, unchanged); with milestones it is the expected value's distance from start
 * to target, clamped to 0..1 like a key result's progress. With start equal to target there is no
 * distance, so the plain time share is used.
 */
export function expectedProgressWithMilestones(
  period: Period,
  range: { startValue: number; targetValue: number },
  milestones: readonly Milestone[],
  at: Date,
): number {
  if (milestones.length === 0 || range.startValue === range.targetValue) return expectedProgress(period, at);
  const value = milestoneExpectedValue(period, range, milestones, at);
  return clampFraction((value - range.startValue) / (range.targetValue - range.startValue));
}

/** A milestone problem for the API: the index in the list, which part, and what to do. */
export interface MilestoneProblem {
  index: number;
  part: 'date' | 'value';
  message: string;
}

/**
 * What is wrong with a list of milestones for a period: a date outside the period (both ends
 * inclusive), dates not strictly increasing (so two milestones never share a day), a value that
 * is not a finite number. Empty when the list is fine. Dates are assumed to be real 'YYYY-MM-DD'
 * dates (the contract checks the form).
 */
export function milestoneProblems(milestones: readonly Milestone[], period: Period): MilestoneProblem[] {
  const problems: MilestoneProblem[] = [];
  milestones.forEach((milestone, index) => {
    if (milestone.date < period.startDate || milestone.date > period.endDate) {
      problems.push({
        index,
        part: 'date',
        message: `${milestone.date} is outside the period ${period.startDate} to ${period.endDate}; pick a date inside it`,
      });
    }
    const previous = milestones[index - 1];
    if (previous && milestone.date <= previous.date) {
      problems.push({
        index,
        part: 'date',
        message: `${milestone.date} is not after the milestone before it (${previous.date}); list milestones in date order, one per day`,
      });
    }
    if (!Number.isFinite(milestone.value)) {
      problems.push({ index, part: 'value', message: 'must be a finite number' });
    }
  });
  return problems;
}

/**
 * The corners of the expected-progress line for a chart: (instant in ms, expected progress 0..1)
 * at the period start, at each milestone that counts, and at the period end. Expected progress is
 * linear between corners, so joining them draws it exactly. Without milestones: the straight line.
 */
export function expectedProgressCorners(
  period: Period,
  range: { startValue: number; targetValue: number },
  milestones: readonly Milestone[],
): Array<{ at: number; progress: number }> {
  const { start, end } = periodBounds(period);
  const instants = [start.getTime(), ...milestones.map((m) => dueAt(m.date)).filter((t) => t > start.getTime() && t < end.getTime()), end.getTime()];
  const sorted = [...new Set(instants)].sort((a, b) => a - b);
  // Just before the end the last milestone still holds; at the end the target is due.
  return sorted.map((at) => ({
    at,
    progress: at === end.getTime() ? 1 : expectedProgressWithMilestones(period, range, milestones, new Date(at)),
  }));
}
