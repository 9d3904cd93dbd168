/**
 * The amount a link's metric counts, as a sync run records it: issues for percent_done and
 * done_count, story points for points_done, the numeric field's sum for field_sum. A recorded day
 * of the insight's series is in this unit, so a points link's history is in points, not issues.
 */
import type { MetricName, MetricTotals } from '../../../core';

export interface RunAmounts {
  scopeAmount: number;
  doneAmount: number;
}

export function runAmountsOf(metric: MetricName, totals: MetricTotals): RunAmounts {
  switch (metric) {
    case 'percent_done':
    case 'done_count':
      return { scopeAmount: totals.total, doneAmount: totals.done };
    case 'points_done':
      return { scopeAmount: totals.pointsAll, doneAmount: totals.pointsDone };
    case 'field_sum':
      return { scopeAmount: totals.valueAll, doneAmount: totals.valueDone };
  }
}
