import { describe, expect, it } from 'vitest';
import { computeInsight, type MemberDayGroup, type RecordedRun } from './insight';
import { displayPercent } from './progress';

const quarter = { startDate: '2025-01-01', endDate: '2025-03-31' };

function group(createdDay: string | null, doneDay: string | null, count = 1): MemberDayGroup {
  return { createdDay, doneDay, count, points: 0, value: 0 };
}

function run(at: string, trigger: RecordedRun['trigger'], extra: Partial<RecordedRun> = {}): RecordedRun {
  return {
    at, trigger, scope: null, done: null, progressBefore: null, progressAfter: null,
    addedKeys: [], removedKeys: [], newlyDoneKeys: [], reopenedKeys: [], ...extra,
  };
}

describe('scope change since the period start', () => {
  const members = [
    group('2025-01-05', '2025-01-20'), // AE-5: created in the period and done in it
    group('2025-01-06', null, 2), // created in the period
    group('2024-11-01', '2024-12-15'), // done before the period: not completed in it
    group('2024-11-01', '2025-01-03'), // completed in the period
    group(null, '2025-02-01'), // unknown created: not "created in the period"; completed in it
    group('2024-12-01', null), // AE-7, moved into the query by a sync
  ];
  const runs = [
    // Before the period: not counted.
    run('2024-12-20T09:00:00.000Z', 'manual', { addedKeys: ['AE-11'], removedKeys: ['AE-2'] }),
    // The link's creation and a JQL edit change the query, not the scope: not counted.
    run('2025-01-01T08:00:00.000Z', 'created', { addedKeys: ['AE-1', 'AE-2', 'AE-3'] }),
    run('2025-01-15T08:00:00.000Z', 'edited', { addedKeys: ['AE-9', 'AE-10'], removedKeys: ['AE-1'], reopenedKeys: ['AE-9'] }),
    // Counted: AE-5 (already a member created in the period: not twice), AE-7 (created before the period).
    run('2025-01-10T08:00:00.000Z', 'schedule', { addedKeys: ['AE-5', 'AE-7'] }),
    // AE-8 was created in the period but left the query again: only the recorded add tells of it.
    run('2025-01-12T08:00:00.000Z', 'webhook', { addedKeys: ['AE-8'] }),
    run('2025-01-20T08:00:00.000Z', 'manual', { removedKeys: ['AE-8'] }),
    // Reopened twice is one key; another key reopened once.
    run('2025-01-25T08:00:00.000Z', 'schedule', { reopenedKeys: ['AE-3'] }),
    run('2025-01-26T08:00:00.000Z', 'webhook', { reopenedKeys: ['AE-3'] }),
    run('2025-01-27T08:00:00.000Z', 'manual', { reopenedKeys: ['AE-4'] }),
    // AE-12 is no longer in the mirror (null created day): counted.
    run('2025-01-28T08:00:00.000Z', 'schedule', { addedKeys: ['AE-12'] }),
    // After the period end: not counted.
    run('2025-04-02T08:00:00.000Z', 'schedule', { addedKeys: ['AE-13'], removedKeys: ['AE-7'], reopenedKeys: ['AE-5'] }),
  ];
  const createdDayOfKey = new Map<string, string | null>([
    ['AE-5', '2025-01-05'], ['AE-7', '2024-12-01'], ['AE-8', '2025-01-11'], ['AE-12', null], ['AE-13', '2025-04-01'],
  ]);

  it('added = created in the period ∪ recorded added by counted runs; removed, reopened: distinct recorded keys; completed: done-at in the period', () => {
    const result = computeInsight({ today: '2025-04-10', period: quarter, metric: 'percent_done', options: {}, members, runs, createdDayOfKey });
    // added: 3 members created in the period (AE-5 and two more) + AE-7 + AE-8 + AE-12 = 6.
    // removed: AE-8 (the edited run's AE-1 and the pre-period AE-2 do not count) = 1.
    // completed: AE-5 (01-20), the one done 01-03, the unknown-created one done 02-01 = 3.
    // reopened: AE-3, AE-4 = 2.
    expect(result.scopeChange).toEqual({ since: '2025-01-01', added: 6, removed: 1, completed: 3, reopened: 2 });
  });

  it('a recorded key created in the period that is still a member is counted once', () => {
    // Only AE-5: a member created 01-05, recorded added on 01-10 → 1, not 2.
    const result = computeInsight({
      today: '2025-01-20', period: quarter, metric: 'percent_done', options: {},
      members: [group('2025-01-05', null)], runs: [run('2025-01-10T08:00:00.000Z', 'schedule', { addedKeys: ['AE-5'] })],
      createdDayOfKey: new Map([['AE-5', '2025-01-05']]),
    });
    expect(result.scopeChange.added).toBe(1);
  });

  it('completed uses the done day never before the created day', () => {
    // Done-at 2024-12-25 but created 01-02: done on 01-02, in the period. Done-at 12-01, created 12-30: before it.
    const result = computeInsight({
      today: '2025-01-20', period: quarter, metric: 'percent_done', options: {},
      members: [group('2025-01-02', '2024-12-25'), group('2024-12-30', '2024-12-01')], runs: [], createdDayOfKey: new Map(),
    });
    expect(result.scopeChange).toEqual({ since: '2025-01-01', added: 1, removed: 0, completed: 1, reopened: 0 });
  });
});

describe('the last change', () => {
  it('the brief\'s 11th story: a link at 3/10 = 30%, a sync adds an 11th story → 27%: 1 added, 0 completed', () => {
    const tenKeys = Array.from({ length: 10 }, (_, i) => `AE-${i + 1}`);
    const result = computeInsight({
      today: '2025-01-03', period: quarter, metric: 'percent_done', options: {},
      // 10 stories created before the period, 3 of them done; the 11th created on 01-03.
      members: [group('2024-12-01', '2024-12-10', 3), group('2024-12-01', null, 7), group('2025-01-03', null)],
      runs: [
        run('2025-01-01T09:00:00.000Z', 'created', { scope: 10, done: 3, progressBefore: null, progressAfter: 0.3, addedKeys: tenKeys }),
        run('2025-01-02T09:00:00.000Z', 'schedule', { scope: 10, done: 3, progressBefore: 0.3, progressAfter: 0.3 }),
        run('2025-01-03T09:00:00.000Z', 'webhook', { scope: 11, done: 3, progressBefore: 0.3, progressAfter: 3 / 11, addedKeys: ['AE-11'] }),
        // A later run that did not move progress is not "the last change".
        run('2025-01-03T15:00:00.000Z', 'schedule', { scope: 11, done: 3, progressBefore: 3 / 11, progressAfter: 3 / 11 }),
      ],
      createdDayOfKey: new Map([['AE-11', '2025-01-03']]),
    });
    expect(result.lastChange).toEqual({ at: '2025-01-03T09:00:00.000Z', progressBefore: 0.3, progressAfter: 3 / 11, added: 1, removed: 0, completed: 0, reopened: 0 });
    const change = result.lastChange;
    // 3/10 = 30%; 3/11 = 27.27…% → 27%.
    expect(change && [displayPercent(change.progressBefore), displayPercent(change.progressAfter)]).toEqual([30, 27]);
    // The series says the same: 01-01 and 01-02 at 3/10, 01-03 at 3/11.
    expect(result.series.map((p) => [p.scope, p.done, p.source])).toEqual([[10, 3, 'recorded'], [10, 3, 'recorded'], [11, 3, 'recorded']]);
    // The 11th story is both created in the period and recorded added: one added, none completed.
    expect(result.scopeChange).toMatchObject({ added: 1, completed: 0 });
  });

  it('the latest run by time with both progresses known and different, whatever its trigger; none → null', () => {
    const runs = [
      run('2025-01-09T09:00:00.000Z', 'edited', { progressBefore: 0.2, progressAfter: 0.5, addedKeys: ['AE-1', 'AE-2'], removedKeys: ['AE-3'], newlyDoneKeys: ['AE-4', 'AE-5', 'AE-6'], reopenedKeys: ['AE-7'] }),
      run('2025-01-10T09:00:00.000Z', 'schedule', { progressBefore: null, progressAfter: 0.9 }), // unknown before
      run('2025-01-08T09:00:00.000Z', 'schedule', { progressBefore: 0.1, progressAfter: 0.2 }), // earlier, listed later
    ];
    const result = computeInsight({ today: '2025-01-10', period: quarter, metric: 'percent_done', options: {}, members: [], runs, createdDayOfKey: new Map() });
    expect(result.lastChange).toEqual({ at: '2025-01-09T09:00:00.000Z', progressBefore: 0.2, progressAfter: 0.5, added: 2, removed: 1, completed: 3, reopened: 1 });
    const none = computeInsight({ today: '2025-01-10', period: quarter, metric: 'percent_done', options: {}, members: [], runs: [runs[1] as RecordedRun], createdDayOfKey: new Map() });
    expect(none.lastChange).toBeNull();
  });
});

describe('the forecast inside the insight', () => {
  it('days before the period start come from the mirror, days inside from the series', () => {
    // Period from 2025-01-15; today 01-28 → windowDays 14, from 01-14 (before the start: backfill).
    // A run on 01-20 recorded the link's amounts, so the series from 01-20 on is recorded.
    const result = computeInsight({
      today: '2025-01-28', period: { startDate: '2025-01-15', endDate: '2025-03-31' }, metric: 'percent_done', options: {},
      members: [group('2025-01-01', '2025-01-10', 2), group('2025-01-01', '2025-01-20', 4), group('2025-01-01', null, 4), group('2025-01-22', null, 2)],
      runs: [run('2025-01-20T12:00:00.000Z', 'manual', { scope: 10, done: 6 }), run('2025-01-27T12:00:00.000Z', 'schedule', { scope: 12, done: 6 })],
      createdDayOfKey: new Map(),
    });
    // done(01-14) = 2 and scope(01-14) = 10 from the mirror; today (carried from 01-27): scope 12, done 6.
    // donePerDay = 4/14 = 0.285714286; scopePerDay = 2/14 = 0.142857143; net 1/7; remaining 6 → 42 days → 2025-03-11.
    // 7-day windows: to 01-28 from 01-21: (6 − 6)/7 − (12 − 10)/7 = −2/7 → none;
    //                to 01-21 from 01-14: (6 − 2)/7 − (10 − 10)/7 = 4/7 → 6 ÷ 4/7 = 10.5 → 11 days → 02-08.
    expect(result.forecast).toEqual({
      reason: 'ok', finishDate: '2025-03-11', optimisticDate: '2025-02-08', pessimisticDate: null,
      donePerDay: 0.285714286, scopePerDay: 0.142857143, windowDays: 14, remaining: 6, finishesBeforeEnd: true,
    });
  });
});
