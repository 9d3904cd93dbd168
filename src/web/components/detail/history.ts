/**
 * The points of an item's progress history: every successful sync and every check-in, in time
 * order, as progress 0..1. Progress holds between points (a step), so the chart draws steps.
 */
import type { SyncRun } from '../../api/linkTypes';
import type { CheckIn } from '../../api/types';

export interface HistoryPoint {
  /** Milliseconds since the epoch. */
  at: number;
  progress: number;
  source: 'sync' | 'check-in' | 'now';
}

/**
 * Sync runs (their progress after) and check-ins (through `checkInProgress`, which turns a key
 * result's value into progress), plus where progress stands now, sorted by time. Unknown progress
 * (an empty query) leaves a gap rather than a drop to 0%.
 */
export function historyPoints(
  runs: SyncRun[],
  checkIns: CheckIn[],
  checkInProgress: (value: number) => number | null,
  current: { progress: number | null; now: number },
): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  for (const run of runs) {
    if (run.outcome === 'ok' && run.progressAfter !== null) points.push({ at: Date.parse(run.finishedAt), progress: run.progressAfter, source: 'sync' });
  }
  for (const checkIn of checkIns) {
    const progress = checkInProgress(checkIn.value);
    if (progress !== null) points.push({ at: Date.parse(checkIn.createdAt), progress, source: 'check-in' });
  }
  points.sort((a, b) => a.at - b.at);
  const last = points.at(-1);
  if (current.progress !== null && last && current.now > last.at) points.push({ at: current.now, progress: current.progress, source: 'now' });
  return points;
}
