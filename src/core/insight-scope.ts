/** How the scope changed over the period, and why the last change of progress happened. */
import { byFinishTime, utcDayOf } from './insight-dates';
import type { InsightInput, LastChange, RecordedRun, ScopeChange } from './insight-types';
import { effectiveDoneDay } from './insight-series';

/**
 * Runs that say how the scope moved. `created` and `edited` runs change the query itself, so what
 * they add or remove is the link's new definition, not work arriving or leaving.
 */
export const SCOPE_CHANGE_TRIGGERS: ReadonlySet<RecordedRun['trigger']> = new Set(['manual', 'schedule', 'webhook']);

/**
 * Since the period start (up to its end):
 * - added: members created in the period ∪ keys recorded as added by counted runs in the period;
 * - removed, reopened: distinct keys recorded by counted runs in the period;
 * - completed: current members whose done-at (never before their created day) is in the period.
 */
export function computeScopeChange(input: Pick<InsightInput, 'period' | 'members' | 'runs' | 'createdDayOfKey'>): ScopeChange {
  const { startDate, endDate } = input.period;
  const inPeriod = (day: string | null | undefined): boolean => day !== null && day !== undefined && day >= startDate && day <= endDate;

  let createdInPeriod = 0;
  let completed = 0;
  for (const group of input.members) {
    if (inPeriod(group.createdDay)) createdInPeriod += group.count;
    if (inPeriod(effectiveDoneDay(group))) completed += group.count;
  }

  // Whether a key is a member now: the last run (any trigger) that added or removed it added it.
  const memberNow = new Map<string, boolean>();
  const recordedAdded = new Set<string>();
  const removed = new Set<string>();
  const reopened = new Set<string>();
  for (const run of byFinishTime(input.runs)) {
    for (const key of run.removedKeys) memberNow.set(key, false);
    for (const key of run.addedKeys) memberNow.set(key, true);
    if (!SCOPE_CHANGE_TRIGGERS.has(run.trigger) || !inPeriod(utcDayOf(run.at))) continue;
    for (const key of run.addedKeys) recordedAdded.add(key);
    for (const key of run.removedKeys) removed.add(key);
    for (const key of run.reopenedKeys) reopened.add(key);
  }
  // The union: a recorded key already counted as a current member created in the period is not counted twice.
  let addedOnlyByRuns = 0;
  for (const key of recordedAdded) {
    const countedAsCreated = memberNow.get(key) === true && inPeriod(input.createdDayOfKey.get(key));
    if (!countedAsCreated) addedOnlyByRuns += 1;
  }
  return { since: startDate, added: createdInPeriod + addedOnlyByRuns, removed: removed.size, completed, reopened: reopened.size };
}

/** The latest ok run (any trigger) that moved progress, with how many issues it saw change. */
export function computeLastChange(runs: readonly RecordedRun[]): LastChange | null {
  const ordered = byFinishTime(runs);
  for (let i = ordered.length - 1; i >= 0; i--) {
    const run = ordered[i];
    if (run === undefined || run.progressBefore === null || run.progressAfter === null) continue;
    if (run.progressBefore === run.progressAfter) continue;
    return {
      at: run.at,
      progressBefore: run.progressBefore,
      progressAfter: run.progressAfter,
      added: run.addedKeys.length,
      removed: run.removedKeys.length,
      completed: run.newlyDoneKeys.length,
      reopened: run.reopenedKeys.length,
    };
  }
  return null;
}
