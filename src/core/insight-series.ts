/**
 * The day-by-day amounts of a link: a backfill from the mirror's created and done-at days of the
 * current members, and what the syncs recorded from the first sync on (only those know about
 * issues that have since left the query).
 */
import { byFinishTime, utcDayOf } from './insight-dates';
import type { InsightInput, MemberDayGroup, RecordedRun } from './insight-types';
import { computeMetricFromTotals, emptyMetricTotals, type MetricName, type MetricOptions } from './metrics';

/** A day's amount in the query (scope) and the amount of it done, in the metric's unit. */
export interface Amounts {
  scope: number;
  done: number;
}

export interface Timeline {
  /** The amounts from the mirror: members created on or before `day`, and those of them done by then. */
  backfill(day: string): Amounts;
  /**
   * The series rule: the last run recorded on or before `day` once the link has a recorded run
   * (carried forward over days without one), else the backfill.
   */
  at(day: string): { amounts: Amounts; source: 'backfill' | 'recorded' };
}

const finite = (value: number): number => (Number.isFinite(value) ? value : 0);

/** What one group of members adds to the metric's amount: issues, story points or the field's sum. */
function groupAmount(metric: MetricName, group: MemberDayGroup): number {
  switch (metric) {
    case 'points_done':
      return finite(group.points);
    case 'field_sum':
      return finite(group.value);
    case 'percent_done':
    case 'done_count':
      return finite(group.count);
  }
}

/**
 * A step function over days: `base` plus every delta on or before the day. Cumulative sums over the
 * sorted days answer each day with a binary search, so a link over 50,000 issues spread over many
 * (created, done) day pairs still answers a series of hundreds of days quickly.
 */
class DaySteps {
  private readonly days: string[];
  private readonly sums: number[];

  constructor(private readonly base: number, deltas: ReadonlyMap<string, number>) {
    this.days = [...deltas.keys()].sort();
    let running = 0;
    this.sums = this.days.map((day) => (running += deltas.get(day) ?? 0));
  }

  valueAt(day: string): number {
    const index = lastIndexAtOrBefore(this.days, day);
    return index < 0 ? this.base : this.base + (this.sums[index] ?? 0);
  }
}

/** Index of the last sorted day on or before `day`, −1 when there is none. */
function lastIndexAtOrBefore(sortedDays: readonly string[], day: string): number {
  let low = 0;
  let high = sortedDays.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((sortedDays[middle] ?? '') <= day) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

function addTo(map: Map<string, number>, day: string, amount: number): void {
  map.set(day, (map.get(day) ?? 0) + amount);
}

/** The day a member counts as done: its done-at, but never before it was created. */
export function effectiveDoneDay(group: Pick<MemberDayGroup, 'createdDay' | 'doneDay'>): string | null {
  if (group.doneDay === null) return null;
  return group.createdDay !== null && group.doneDay < group.createdDay ? group.createdDay : group.doneDay;
}

export function buildTimeline(metric: MetricName, members: readonly MemberDayGroup[], runs: readonly RecordedRun[]): Timeline {
  let scopeBase = 0;
  const scopeDeltas = new Map<string, number>();
  const doneDeltas = new Map<string, number>();
  for (const group of members) {
    const amount = groupAmount(metric, group);
    // No created date: it counts as created before every day.
    if (group.createdDay === null) scopeBase += amount;
    else addTo(scopeDeltas, group.createdDay, amount);
    const doneDay = effectiveDoneDay(group);
    if (doneDay !== null) addTo(doneDeltas, doneDay, amount);
  }
  const scopeSteps = new DaySteps(scopeBase, scopeDeltas);
  const doneSteps = new DaySteps(0, doneDeltas);
  const backfill = (day: string): Amounts => ({ scope: scopeSteps.valueAt(day), done: doneSteps.valueAt(day) });

  // The last run of each day that recorded both amounts (runs without them cannot draw a point).
  const recordedDays: string[] = [];
  const recorded: Amounts[] = [];
  for (const run of byFinishTime(runs)) {
    if (run.scope === null || run.done === null) continue;
    const day = utcDayOf(run.at);
    const amounts = { scope: run.scope, done: run.done };
    if (recordedDays[recordedDays.length - 1] === day) recorded[recorded.length - 1] = amounts;
    else {
      recordedDays.push(day);
      recorded.push(amounts);
    }
  }

  return {
    backfill,
    at(day) {
      const index = lastIndexAtOrBefore(recordedDays, day);
      const amounts = index < 0 ? undefined : recorded[index];
      return amounts === undefined ? { amounts: backfill(day), source: 'backfill' } : { amounts: { ...amounts }, source: 'recorded' };
    },
  };
}

/**
 * Progress of a day's amounts by the link's metric, through the same rules a sync uses
 * (computeMetricFromTotals): the amounts go where that metric reads them.
 */
export function progressOfAmounts(metric: MetricName, amounts: Amounts, options: InsightInput['options']): number | null {
  const totals = emptyMetricTotals();
  switch (metric) {
    case 'percent_done':
    case 'done_count':
      totals.total = amounts.scope;
      totals.done = amounts.done;
      break;
    case 'points_done':
      totals.pointsAll = amounts.scope;
      totals.pointsDone = amounts.done;
      break;
    case 'field_sum':
      totals.valueAll = amounts.scope;
      totals.valueDone = amounts.done;
      break;
  }
  const metricOptions: MetricOptions = options;
  return computeMetricFromTotals(metric, totals, metricOptions).progress;
}
