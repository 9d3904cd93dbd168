/**
 * When a sync works a link's forecast out again (pure rules, no database): only after a successful
 * run, and then when the link has none, it is from an earlier UTC day, the link moved to another
 * query or the run changed something for the link; and the stored forecast is the insight's.
 */
import { describe, expect, test } from 'vitest';
import { computeInsight, type RecordedRun } from '../../../core';
import type { SyncRunRecord } from '../../db/repositories/sync-runs-repository';
import { normaliseOptions } from '../sync/link-options';
import { forecastFromRuns, forecastMayHaveMoved, forecastOf, type SyncedLink } from './forecast-refresh';

const TODAY = '2027-01-15';

function run(changes: Partial<SyncRunRecord> = {}): SyncRunRecord {
  return {
    id: 'r1',
    linkId: 'l1',
    objectiveId: 'o1',
    keyResultId: null,
    trigger: 'schedule',
    startedAt: `${TODAY}T09:00:00.000Z`,
    finishedAt: `${TODAY}T09:00:01.000Z`,
    outcome: 'ok',
    errorCode: null,
    errorMessage: null,
    jiraRequests: 1,
    total: 10,
    done: 3,
    progressBefore: 0.3,
    progressAfter: 0.3,
    addedKeys: [],
    removedKeys: [],
    newlyDoneKeys: [],
    reopenedKeys: [],
    scopeAmount: 10,
    doneAmount: 3,
    note: '',
    ...changes,
  };
}

const forecast = { reason: 'ok' as const, finishDate: '2027-02-01', finishesBeforeEnd: true, at: `${TODAY}T08:00:00.000Z` };

function synced(overrides: Partial<SyncedLink['spec']> = {}, recorded: SyncRunRecord | null = run()): SyncedLink {
  return { spec: { id: 'l1', metric: 'percent_done', options: normaliseOptions({}), syncedQueryHash: 'h1', forecast, ...overrides }, run: recorded };
}

describe('forecastMayHaveMoved', () => {
  test('a steady sync the same day leaves the stored forecast alone', () => {
    expect(forecastMayHaveMoved(synced(), 'h1', TODAY)).toBe(false);
  });

  test('no forecast yet, one from an earlier day, another query: worked out again', () => {
    expect(forecastMayHaveMoved(synced({ forecast: null }), 'h1', TODAY)).toBe(true);
    expect(forecastMayHaveMoved(synced({ forecast: undefined }), 'h1', TODAY)).toBe(true);
    expect(forecastMayHaveMoved(synced({ forecast: { ...forecast, at: '2027-01-14T23:59:59.000Z' } }), 'h1', TODAY)).toBe(true);
    expect(forecastMayHaveMoved(synced(), 'h2', TODAY)).toBe(true);
  });

  test('a run that changed keys or progress: worked out again', () => {
    for (const changes of [{ addedKeys: ['AE-1'] }, { removedKeys: ['AE-1'] }, { newlyDoneKeys: ['AE-1'] }, { reopenedKeys: ['AE-1'] }, { progressAfter: 0.4 }]) {
      expect(forecastMayHaveMoved(synced({}, run(changes)), 'h1', TODAY)).toBe(true);
    }
  });

  test('a failed run, or none recorded (lease lost): nothing to work out', () => {
    expect(forecastMayHaveMoved(synced({ forecast: null }, run({ outcome: 'failed' })), 'h1', TODAY)).toBe(false);
    expect(forecastMayHaveMoved(synced({ forecast: null }, null), 'h1', TODAY)).toBe(false);
  });
});

describe('forecastOf', () => {
  test('is the forecast computeInsight gives, recorded days and backfill alike', () => {
    const members = [
      { createdDay: '2026-11-01', doneDay: '2026-11-20', count: 5, points: 8, value: 0 },
      { createdDay: '2026-12-01', doneDay: '2026-12-28', count: 4, points: 5, value: 0 },
      { createdDay: '2026-12-20', doneDay: '2027-01-10', count: 3, points: 3, value: 0 },
      { createdDay: '2027-01-02', doneDay: null, count: 6, points: 13, value: 0 },
      { createdDay: null, doneDay: null, count: 2, points: 1, value: 0 },
    ];
    const runs: RecordedRun[] = [
      { at: '2027-01-05T10:00:00.000Z', trigger: 'created', scope: 18, done: 9, progressBefore: null, progressAfter: 0.5, addedKeys: [], removedKeys: [], newlyDoneKeys: [], reopenedKeys: [] },
      { at: '2027-01-12T10:00:00.000Z', trigger: 'schedule', scope: 20, done: 12, progressBefore: 0.5, progressAfter: 0.6, addedKeys: [], removedKeys: [], newlyDoneKeys: [], reopenedKeys: [] },
    ];
    for (const metric of ['percent_done', 'points_done', 'done_count'] as const) {
      const input = { today: TODAY, period: { startDate: '2026-12-01', endDate: '2027-02-28' }, metric, options: { targetValue: 30 }, members, runs };
      expect(forecastOf(input)).toEqual(computeInsight({ ...input, createdDayOfKey: new Map() }).forecast);
    }
  });
});

describe('forecastFromRuns', () => {
  const members = [
    { createdDay: '2026-10-01', doneDay: '2026-10-20', count: 50, points: 0, value: 0 },
    { createdDay: '2026-10-01', doneDay: null, count: 50, points: 0, value: 0 },
  ];
  const daily = (from: string, days: number, done: (i: number) => number): RecordedRun[] =>
    Array.from({ length: days }, (_, i) => ({
      at: new Date(Date.parse(`${from}T10:00:00.000Z`) + i * 86_400_000).toISOString(),
      trigger: 'schedule' as const,
      scope: 100,
      done: done(i),
      progressBefore: null,
      progressAfter: null,
      addedKeys: [],
      removedKeys: [],
      newlyDoneKeys: [],
      reopenedKeys: [],
    }));
  const period = { startDate: '2026-11-01', endDate: '2027-03-31' };

  test('runs covering the whole window answer alone, as forecastOf with the members would', () => {
    const runs = daily('2026-12-01', 46, (i) => 50 + i);
    const input = { today: TODAY, period, metric: 'percent_done' as const, options: {}, runs };
    const alone = forecastFromRuns(input);
    expect(alone).not.toBeNull();
    expect(alone).toEqual(forecastOf({ ...input, members }));
    expect(alone?.reason).toBe('ok');
  });

  test('a link younger than the window, or a period younger than it, needs the mirror', () => {
    expect(forecastFromRuns({ today: TODAY, period, metric: 'percent_done', options: {}, runs: daily('2027-01-10', 6, (i) => 50 + i) })).toBeNull();
    expect(forecastFromRuns({ today: TODAY, period: { startDate: '2027-01-01', endDate: '2027-03-31' }, metric: 'percent_done', options: {}, runs: daily('2026-12-01', 46, (i) => 50 + i) })).toBeNull();
  });
});
