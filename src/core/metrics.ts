/**
 * How a set of matching work items (e.g. the Jira issues of a JQL query) becomes progress.
 * Pure arithmetic: the caller has already decided, per item, whether it is done and what its
 * story points or numeric field value are.
 */
import { clampFraction, fractionDone, keyResultProgress } from './progress';

export const METRICS = ['percent_done', 'done_count', 'points_done', 'field_sum'] as const;
export type MetricName = (typeof METRICS)[number];

/** One matching item as the metrics see it. `points` and `value` are null when the item has none. */
export interface MetricIssue {
  key: string;
  done: boolean;
  points: number | null;
  value: number | null;
}

export interface MetricOptions {
  /** Where a target-based metric starts counting from (default 0). */
  startValue?: number | null;
  /** done_count: required. points_done / field_sum: when set, progress is towards it instead of a percentage. */
  targetValue?: number | null;
  /** Target-based metrics: count (or sum over) every matching item instead of only the done ones. */
  countAll?: boolean | null;
}

export interface MetricResult {
  /** Matching items. */
  total: number;
  /** Matching items that are done. */
  done: number;
  /** 0..1, or null when there is nothing to measure (no matching items, no points, no target). */
  progress: number | null;
  /**
   * What the metric measured, in its own unit: items counted (done_count), points done,
   * the field's sum, or done items for percent_done. A key result's current value shows it.
   */
  measured: number;
  /** What `measured` is compared with: the target, or the total (items, points, sum) for percentages. */
  outOf: number | null;
}

/**
 * Running totals of a set of matching items: all a metric needs, so pages of items can be measured
 * as they stream by without keeping them. Amounts add only finite numbers (null: no amount).
 */
export interface MetricTotals {
  total: number;
  done: number;
  pointsAll: number;
  pointsDone: number;
  valueAll: number;
  valueDone: number;
}

export function emptyMetricTotals(): MetricTotals {
  return { total: 0, done: 0, pointsAll: 0, pointsDone: 0, valueAll: 0, valueDone: 0 };
}

const amount = (value: number | null): number => (value !== null && Number.isFinite(value) ? value : 0);

/** Adds one item to the totals (in place, for streaming; returns them for convenience). */
export function addToMetricTotals(totals: MetricTotals, issue: Omit<MetricIssue, 'key'>): MetricTotals {
  totals.total += 1;
  totals.pointsAll += amount(issue.points);
  totals.valueAll += amount(issue.value);
  if (issue.done) {
    totals.done += 1;
    totals.pointsDone += amount(issue.points);
    totals.valueDone += amount(issue.value);
  }
  return totals;
}

/** Progress from `start` towards `target`, never above 100% (20 of 20 bugs is done, however many more are filed). */
function towardsTarget(measured: number, start: number, target: number): number {
  return clampFraction(keyResultProgress({ startValue: start, targetValue: target, currentValue: measured }));
}

function hasTarget(options: MetricOptions): options is MetricOptions & { targetValue: number } {
  return typeof options.targetValue === 'number' && Number.isFinite(options.targetValue);
}

/** A summed amount (done items', or all with countAll) measured as a share or towards a target. */
function amountMetric(all: number, done: number, options: MetricOptions): Pick<MetricResult, 'progress' | 'measured' | 'outOf'> {
  if (hasTarget(options)) {
    const measured = options.countAll ? all : done;
    return { progress: towardsTarget(measured, options.startValue ?? 0, options.targetValue), measured, outOf: options.targetValue };
  }
  // A share of nothing (no points estimated yet) is unknown, not 0%.
  return { progress: all > 0 ? clampFraction(done / all) : null, measured: done, outOf: all };
}

/**
 * The progress a metric gives for items summed up as running totals (see computeMetric for the
 * rules); computeMetric over the same items in the same order gives the same result.
 */
export function computeMetricFromTotals(metric: MetricName, totals: MetricTotals, options: MetricOptions = {}): MetricResult {
  const { total, done } = totals;
  switch (metric) {
    case 'percent_done':
      return { total, done, progress: fractionDone(done, total), measured: done, outOf: total };
    case 'done_count': {
      const measured = options.countAll ? total : done;
      // Without a target there is nothing to count towards; the API refuses to save that.
      const progress = hasTarget(options) ? towardsTarget(measured, options.startValue ?? 0, options.targetValue) : null;
      return { total, done, progress, measured, outOf: hasTarget(options) ? options.targetValue : null };
    }
    case 'points_done':
      return { total, done, ...amountMetric(totals.pointsAll, totals.pointsDone, options) };
    case 'field_sum':
      return { total, done, ...amountMetric(totals.valueAll, totals.valueDone, options) };
  }
}

/**
 * The progress a metric gives for these matching items.
 * - percent_done: done / matching; no matching items → unknown (null), never 0% or 100%.
 * - done_count: (count − start) / (target − start), capped to 0..1; count is the done items, or all with countAll.
 * - points_done: done points / all points, or towards a points target.
 * - field_sum: sum of a numeric field over done items / over all, or towards a target.
 */
export function computeMetric(metric: MetricName, issues: readonly MetricIssue[], options: MetricOptions = {}): MetricResult {
  const totals = emptyMetricTotals();
  for (const issue of issues) addToMetricTotals(totals, issue);
  return computeMetricFromTotals(metric, totals, options);
}

export interface IssueSetDiff {
  /** Keys matching now that did not match before. */
  added: string[];
  /** Keys that matched before and match no longer. */
  removed: string[];
  /**
   * Keys that matched before (not done) and are done now. An issue that arrives already done is
   * reported once, as added, so the activity never tells the same change twice.
   */
  newlyDone: string[];
}

/** What changed between two runs' matching sets; every list is sorted by key (AE-9 before AE-10). */
export function diffIssueSets(
  previous: ReadonlyArray<{ key: string; done: boolean }>,
  current: ReadonlyArray<{ key: string; done: boolean }>,
): IssueSetDiff {
  const before = new Map(previous.map((issue) => [issue.key, issue.done]));
  const now = new Map(current.map((issue) => [issue.key, issue.done]));
  const added: string[] = [];
  const newlyDone: string[] = [];
  for (const [key, done] of now) {
    const wasDone = before.get(key);
    if (wasDone === undefined) added.push(key);
    else if (done && !wasDone) newlyDone.push(key);
  }
  const removed = [...before.keys()].filter((key) => !now.has(key));
  return { added: added.sort(compareIssueKeys), removed: removed.sort(compareIssueKeys), newlyDone: newlyDone.sort(compareIssueKeys) };
}

/** Orders issue keys as people read them: by project, then by number (AE-9 before AE-10). */
export function compareIssueKeys(a: string, b: string): number {
  const [, projectA = a, numberA = ''] = /^(.*?)-(\d+)$/.exec(a) ?? [];
  const [, projectB = b, numberB = ''] = /^(.*?)-(\d+)$/.exec(b) ?? [];
  if (projectA !== projectB) return projectA < projectB ? -1 : 1;
  if (numberA !== '' && numberB !== '' && numberA !== numberB) return Number(numberA) - Number(numberB);
  return a < b ? -1 : a > b ? 1 : 0;
}
