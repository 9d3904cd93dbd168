import { describe, expect, it } from 'vitest';
import { computeInsight, type InsightInput, type MemberDayGroup, type RecordedRun } from './insight';

const january = { startDate: '2025-01-01', endDate: '2025-01-31' };

function group(createdDay: string | null, doneDay: string | null, count = 1, points = 0, value = 0): MemberDayGroup {
  return { createdDay, doneDay, count, points, value };
}

function run(at: string, scope: number | null, done: number | null, extra: Partial<RecordedRun> = {}): RecordedRun {
  return {
    at, trigger: 'schedule', scope, done, progressBefore: null, progressAfter: null,
    addedKeys: [], removedKeys: [], newlyDoneKeys: [], reopenedKeys: [], ...extra,
  };
}

function insight(input: Partial<InsightInput> & Pick<InsightInput, 'today' | 'members'>) {
  return computeInsight({ period: january, metric: 'percent_done', options: {}, runs: [], createdDayOfKey: new Map(), ...input });
}

/** [date, scope, done, progress, source] per day, for compact expectations. */
const rows = (result: ReturnType<typeof insight>) => result.series.map((p) => [p.date, p.scope, p.done, p.progress, p.source]);

describe('series backfilled from the mirror', () => {
  it('scope(d) = members created on or before d, done(d) = those done on or before d, progress = done/scope', () => {
    const result = insight({
      today: '2025-01-05',
      members: [
        group('2024-12-20', '2025-01-02'), // in scope from the start, done on 01-02
        group('2025-01-03', null), // enters on 01-03, not done
        group('2025-01-04', '2025-01-04', 2), // two enter and are done on 01-04
      ],
    });
    expect(result.asOf).toBe('2025-01-05');
    expect(rows(result)).toEqual([
      ['2025-01-01', 1, 0, 0, 'backfill'], // 0/1
      ['2025-01-02', 1, 1, 1, 'backfill'], // 1/1
      ['2025-01-03', 2, 1, 0.5, 'backfill'], // 1/2
      ['2025-01-04', 4, 3, 0.75, 'backfill'], // 3/4
      ['2025-01-05', 4, 3, 0.75, 'backfill'], // today
    ]);
  });

  it('an empty scope is unknown progress (null), not 0%', () => {
    const result = insight({ today: '2025-01-02', members: [group('2025-01-02', null)] });
    expect(rows(result)).toEqual([
      ['2025-01-01', 0, 0, null, 'backfill'],
      ['2025-01-02', 1, 0, 0, 'backfill'],
    ]);
  });

  it('a member with no created date counts as created before every day', () => {
    const result = insight({ today: '2025-01-02', members: [group(null, '2025-01-02', 3), group('2025-01-02', null)] });
    // 01-01: 3 unknown-created in scope, none done; 01-02: 4 in scope, 3 done.
    expect(rows(result)).toEqual([
      ['2025-01-01', 3, 0, 0, 'backfill'],
      ['2025-01-02', 4, 3, 0.75, 'backfill'],
    ]);
  });

  it('done-at before created counts as done on the created day (never more done than in scope)', () => {
    const result = insight({ today: '2025-01-03', members: [group('2025-01-02', '2024-12-30'), group('2025-01-01', null)] });
    expect(rows(result)).toEqual([
      ['2025-01-01', 1, 0, 0, 'backfill'],
      ['2025-01-02', 2, 1, 0.5, 'backfill'],
      ['2025-01-03', 2, 1, 0.5, 'backfill'],
    ]);
  });
});

describe('recorded days', () => {
  const members = [group('2024-12-01', '2025-01-05', 4), group('2024-12-01', null, 6)];

  it('from the first sync on: the last run of each day, carried over days without a run and to today', () => {
    const result = insight({
      today: '2025-01-06',
      members,
      // Given out of order: the series orders them by time.
      runs: [
        run('2025-01-05T01:00:00.000Z', 6, 4),
        run('2025-01-03T18:00:00.000Z', 6, 2), // the last run of 01-03
        run('2025-01-03T10:00:00.000Z', 5, 2),
      ],
    });
    expect(rows(result)).toEqual([
      // Before the first sync: the backfill (10 members, 4 of them done on 01-05).
      ['2025-01-01', 10, 0, 0, 'backfill'],
      ['2025-01-02', 10, 0, 0, 'backfill'],
      ['2025-01-03', 6, 2, 2 / 6, 'recorded'], // not the 10:00 run's 5
      ['2025-01-04', 6, 2, 2 / 6, 'recorded'], // no run: carried
      ['2025-01-05', 6, 4, 4 / 6, 'recorded'],
      ['2025-01-06', 6, 4, 4 / 6, 'recorded'], // today, no run yet
    ]);
  });

  it('a run belongs to its UTC day, whatever offset its instant is written with', () => {
    // 2025-01-01T23:30-02:00 is 2025-01-02T01:30Z.
    const result = insight({ today: '2025-01-02', members, runs: [run('2025-01-01T23:30:00-02:00', 7, 1)] });
    expect(rows(result)).toEqual([
      ['2025-01-01', 10, 0, 0, 'backfill'],
      ['2025-01-02', 7, 1, 1 / 7, 'recorded'],
    ]);
  });

  it('a first sync before the period start makes every day of the period recorded', () => {
    const result = insight({ today: '2025-01-02', members, runs: [run('2024-12-15T12:00:00.000Z', 8, 3)] });
    expect(rows(result)).toEqual([
      ['2025-01-01', 8, 3, 3 / 8, 'recorded'],
      ['2025-01-02', 8, 3, 3 / 8, 'recorded'],
    ]);
  });

  it('runs that recorded no amounts draw no point (the backfill stays until a run that did)', () => {
    const result = insight({ today: '2025-01-02', members, runs: [run('2025-01-01T12:00:00.000Z', null, null), run('2025-01-02T12:00:00.000Z', 9, 2)] });
    expect(result.series.map((p) => p.source)).toEqual(['backfill', 'recorded']);
  });
});

describe('the period', () => {
  it('not started yet: no series, not enough history', () => {
    const result = insight({ today: '2024-12-20', members: [group('2024-12-01', null)] });
    expect(result.series).toEqual([]);
    expect(result.forecast).toMatchObject({ reason: 'not_enough_history', windowDays: 0, finishDate: null });
  });

  it('ended: the series stops at the period end, the forecast still measures up to today', () => {
    // Period January, today 2025-02-10. 20 issues created before the period: 10 done on 01-20,
    // 4 done on 02-05 (after the period end), 6 not done.
    const result = insight({
      today: '2025-02-10',
      members: [group('2024-12-01', '2025-01-20', 10), group('2024-12-01', '2025-02-05', 4), group('2024-12-01', null, 6)],
    });
    expect(result.series).toHaveLength(31);
    expect(result.series.at(-1)).toEqual({ date: '2025-01-31', scope: 20, done: 10, progress: 0.5, source: 'backfill' });
    // windowDays = min(28, 41) = 28, from 2025-01-13: done 0 → 14; 14/28 = 0.5 per day; the scope did
    // not change; remaining 20 − 14 = 6 → 12 days → 2025-02-22, after the period end.
    // 7-day windows: to 02-10 (14 − 10)/7 = 4/7; to 02-03 and to 01-27: 0; to 01-20 (10 − 0)/7 = 10/7.
    // optimistic 6 ÷ 10/7 = 4.2 → 5 days → 02-15; pessimistic: rate 0 → none.
    expect(result.forecast).toEqual({
      reason: 'ok', windowDays: 28, donePerDay: 0.5, scopePerDay: 0, remaining: 6, finishDate: '2025-02-22',
      optimisticDate: '2025-02-15', pessimisticDate: null, finishesBeforeEnd: false,
    });
  });

  it('refuses dates that are not calendar dates, saying which', () => {
    expect(() => insight({ today: '2025-02-30', members: [] })).toThrow(/Today "2025-02-30" is not a real calendar date/);
    expect(() => insight({ today: '2025-01-05', members: [], period: { startDate: '2025-02-01', endDate: '2025-01-01' } })).toThrow(/ends \(2025-01-01\) before it starts/);
  });
});

describe('metrics', () => {
  it('done_count: (done − start) / (target − start), capped to 0..1', () => {
    const result = insight({
      today: '2025-01-03',
      metric: 'done_count',
      options: { startValue: 2, targetValue: 6 },
      members: [group(null, '2025-01-01', 1), group(null, '2025-01-02', 3), group(null, '2025-01-03', 4), group(null, null, 5)],
    });
    expect(rows(result)).toEqual([
      ['2025-01-01', 13, 1, 0, 'backfill'], // (1 − 2)/4 < 0 → 0
      ['2025-01-02', 13, 4, 0.5, 'backfill'], // (4 − 2)/4
      ['2025-01-03', 13, 8, 1, 'backfill'], // (8 − 2)/4 = 1.5 → 1
    ]);
  });

  it('done_count with countAll measures every matching issue', () => {
    const result = insight({
      today: '2025-01-02', metric: 'done_count', options: { targetValue: 10, countAll: true },
      members: [group('2024-12-01', null, 2), group('2025-01-02', null, 3)],
    });
    // 01-01: 2/10; 01-02: 5/10.
    expect(result.series.map((p) => p.progress)).toEqual([0.2, 0.5]);
  });

  it('points_done: scope and done are story points', () => {
    const result = insight({
      today: '2025-01-02', metric: 'points_done',
      members: [group('2024-12-01', '2025-01-02', 2, 8), group('2024-12-01', null, 3, 12), group('2025-01-02', null, 1, 0)],
    });
    expect(rows(result)).toEqual([
      ['2025-01-01', 20, 0, 0, 'backfill'], // 8 + 12 points
      ['2025-01-02', 20, 8, 0.4, 'backfill'], // 8/20; the pointless issue adds nothing
    ]);
  });

  it('field_sum: the series sums the field; the forecast is never given', () => {
    const result = insight({
      today: '2025-01-10', metric: 'field_sum',
      members: [group('2024-12-01', '2025-01-02', 1, 0, 1500), group('2024-12-01', null, 1, 0, 500)],
    });
    expect(result.series[0]).toMatchObject({ scope: 2000, done: 0, progress: 0 });
    expect(result.series[1]).toMatchObject({ scope: 2000, done: 1500, progress: 0.75 });
    expect(result.forecast).toMatchObject({ reason: 'not_enough_history', windowDays: 10, finishDate: null });
  });
});
