import { describe, expect, test } from 'vitest';
import type { SyncRun } from '../../api/linkTypes';
import type { CheckIn } from '../../api/types';
import { historyPoints } from './history';

const at = (iso: string) => Date.parse(iso);

function run(finishedAt: string, progressAfter: number | null, outcome: 'ok' | 'failed' = 'ok'): SyncRun {
  return {
    id: finishedAt,
    trigger: 'schedule',
    startedAt: finishedAt,
    finishedAt,
    outcome,
    error: null,
    jiraRequests: 1,
    total: 10,
    done: 3,
    progressBefore: null,
    progressAfter,
    addedKeys: [],
    removedKeys: [],
    newlyDoneKeys: [],
    reopenedKeys: [],
    note: '',
  };
}

function checkIn(createdAt: string, value: number): CheckIn {
  return { id: createdAt, keyResultId: 'k', objectiveId: null, value, note: '', author: { id: 'u', name: 'U' }, createdAt };
}

describe('history points', () => {
  test('syncs and check-ins in time order, check-in values turned into progress, then now', () => {
    const points = historyPoints(
      [run('2027-01-05T00:00:00.000Z', 0.3), run('2027-01-02T00:00:00.000Z', 0.1)],
      [checkIn('2027-01-03T00:00:00.000Z', 5)],
      (value) => value / 20,
      { progress: 0.27, now: at('2027-01-09T00:00:00.000Z') },
    );
    expect(points).toEqual([
      { at: at('2027-01-02T00:00:00.000Z'), progress: 0.1, source: 'sync' },
      { at: at('2027-01-03T00:00:00.000Z'), progress: 0.25, source: 'check-in' },
      { at: at('2027-01-05T00:00:00.000Z'), progress: 0.3, source: 'sync' },
      { at: at('2027-01-09T00:00:00.000Z'), progress: 0.27, source: 'now' },
    ]);
  });

  test('failed syncs and unknown progress leave no point (a gap, never a fall to 0%)', () => {
    const points = historyPoints([run('2027-01-02T00:00:00.000Z', null), run('2027-01-03T00:00:00.000Z', 0.5, 'failed')], [], () => null, {
      progress: null,
      now: at('2027-01-09T00:00:00.000Z'),
    });
    expect(points).toEqual([]);
  });
});
