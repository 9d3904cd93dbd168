import { describe, expect, test } from 'vitest';
import type { Forecast, Insight } from '../../../core/insight';
import {
  changeWhy,
  forecastHint,
  forecastRangeSentence,
  forecastSentence,
  lastChangeSentence,
  overviewSentence,
  scopeChangeSentence,
  shortDate,
} from './forecast-text';

const okForecast: Forecast = {
  reason: 'ok',
  finishDate: '2027-01-12',
  optimisticDate: '2027-01-05',
  pessimisticDate: '2027-01-20',
  donePerDay: 0.5,
  scopePerDay: 0.25,
  windowDays: 28,
  remaining: 6,
  finishesBeforeEnd: false,
};

function insight(forecast: Partial<Forecast>, overrides: Partial<Insight> = {}): Insight {
  return {
    asOf: '2026-12-01',
    period: { startDate: '2026-10-01', endDate: '2027-01-03' },
    metric: 'percent_done',
    series: [],
    forecast: { ...okForecast, ...forecast },
    scopeChange: { since: '2026-10-01', added: 14, removed: 0, completed: 9, reopened: 0 },
    lastChange: null,
    ...overrides,
  };
}

describe('dates in sentences', () => {
  test('the year shows only half a year or more away', () => {
    expect(shortDate('2026-10-01', '2026-12-01')).toBe('1 Oct');
    expect(shortDate('2027-01-12', '2026-12-01')).toBe('12 Jan');
    expect(shortDate('2027-06-12', '2026-12-01')).toBe('12 Jun 2027');
    expect(shortDate('2025-12-01', '2026-12-01')).toBe('1 Dec 2025');
  });
});

describe('the forecast sentence', () => {
  test('the brief’s own sentence: done after the cycle ends, with the scope change', () => {
    const text = overviewSentence(insight({}), 'cycle');
    expect(text).toBe('At this pace: done around 12 Jan, 9 days after the cycle ends; 14 issues were added since 1 Oct, 9 completed.');
  });

  test('before the end, on the end day, and after a period that is over', () => {
    expect(forecastSentence(insight({ finishDate: '2027-01-02', finishesBeforeEnd: true }, { asOf: '2027-01-01' }), 'period')).toBe(
      'At this pace: done around 2 Jan, 1 day before the period ends',
    );
    expect(forecastSentence(insight({ finishDate: '2027-01-03', finishesBeforeEnd: true }, { asOf: '2027-01-01' }), 'cycle')).toBe(
      'At this pace: done around 3 Jan, the day the cycle ends',
    );
    expect(forecastSentence(insight({ finishDate: '2027-01-20' }, { asOf: '2027-01-10' }), 'cycle')).toBe(
      'At this pace: done around 20 Jan, 17 days after the cycle ended',
    );
  });

  test('a finish past the horizon (no date with ok) says it takes more than a century', () => {
    expect(forecastSentence(insight({ finishDate: null, optimisticDate: null, pessimisticDate: null, finishesBeforeEnd: false }, { asOf: '2027-01-01' }), 'cycle')).toBe(
      'At this pace it takes more than a century, long after the cycle ends',
    );
  });

  test('done says so in the metric’s terms', () => {
    expect(forecastSentence(insight({ reason: 'done', finishDate: null }), 'cycle')).toBe('All done: every issue the query matches is done');
    expect(forecastSentence(insight({ reason: 'done', finishDate: null }, { metric: 'points_done' }), 'cycle')).toBe('All done: no story points remain');
    expect(forecastSentence(insight({ reason: 'done', finishDate: null }, { metric: 'done_count' }), 'cycle')).toBe(
      'Target reached: nothing remains to count',
    );
  });

  test('not enough history counts the days so far, or says when the period starts, or why a field sum has none', () => {
    expect(forecastSentence(insight({ reason: 'not_enough_history', finishDate: null, windowDays: 3 }), 'cycle')).toBe(
      'Not enough history for a forecast yet: it needs 7 days of the cycle, and 3 days have passed',
    );
    expect(forecastSentence(insight({ reason: 'not_enough_history', finishDate: null, windowDays: 1 }), 'period')).toBe(
      'Not enough history for a forecast yet: it needs 7 days of the period, and 1 day has passed',
    );
    expect(forecastSentence(insight({ reason: 'not_enough_history', finishDate: null, windowDays: 0 }, { asOf: '2026-09-20' }), 'cycle')).toBe(
      'No forecast yet: the cycle starts on 1 Oct, and a forecast needs its first 7 days',
    );
    expect(forecastSentence(insight({ reason: 'not_enough_history', finishDate: null }, { metric: 'field_sum' }), 'cycle')).toMatch(
      /^No forecast for a sum of a field: the sum need not grow steadily/,
    );
  });

  test('no progress names the window it looked at', () => {
    expect(forecastSentence(insight({ reason: 'no_progress', finishDate: null, donePerDay: 0, windowDays: 14 }), 'cycle')).toBe(
      'No forecast: no issue was completed in the last 14 days, so there is no pace to go by',
    );
    expect(forecastSentence(insight({ reason: 'no_progress', finishDate: null, donePerDay: 0 }, { metric: 'points_done' }), 'cycle')).toBe(
      'No forecast: no story points were completed in the last 28 days, so there is no pace to go by',
    );
  });

  test('scope outpacing delivery gives both paces a week', () => {
    const text = forecastSentence(insight({ reason: 'scope_outpaces_delivery', finishDate: null, donePerDay: 3 / 7, scopePerDay: 0.6 }), 'cycle');
    expect(text).toBe('No finish in sight: work is added faster than it is done (4.2 issues a week added, 3 done, over the last 28 days)');
  });

  test('the range between the fastest and the slowest week', () => {
    expect(forecastRangeSentence(insight({}))).toBe('At the fastest and slowest weekly pace of the last 28 days: between 5 Jan and 20 Jan.');
    expect(forecastRangeSentence(insight({ pessimisticDate: null }, { asOf: '2027-01-01' }))).toBe(
      'At the fastest weekly pace of the last 28 days: 5 Jan; at the slowest it would not finish.',
    );
    expect(forecastRangeSentence(insight({ optimisticDate: null, pessimisticDate: null }))).toBeNull();
    expect(forecastRangeSentence(insight({ reason: 'no_progress' }))).toBeNull();
  });
});

describe('scope change and why progress moved', () => {
  test('added and completed always, removed and reopened when there were some', () => {
    expect(scopeChangeSentence({ since: '2026-10-01', added: 1, removed: 2, completed: 0, reopened: 1 }, '2026-12-01')).toBe(
      '1 issue was added since 1 Oct, none completed, 2 removed, 1 reopened',
    );
    expect(scopeChangeSentence({ since: '2026-10-01', added: 0, removed: 0, completed: 4, reopened: 0 }, '2026-12-01')).toBe(
      'No issues were added since 1 Oct, 4 completed',
    );
    expect(overviewSentence(insight({}, { scopeChange: { since: '2026-10-01', added: 0, removed: 0, completed: 4, reopened: 0 } }), 'cycle')).toMatch(
      /; no issues were added since 1 Oct, 4 completed\.$/,
    );
  });

  test('the brief’s 11th story: 30% → 27% reads "1 issue added, none completed"', () => {
    expect(lastChangeSentence({ at: '2026-11-30T10:00:00Z', progressBefore: 0.3, progressAfter: 3 / 11, added: 1, removed: 0, completed: 0, reopened: 0 })).toBe(
      '30% → 27%: 1 issue added, none completed',
    );
  });

  test('several kinds of change, and none that a count shows', () => {
    expect(changeWhy({ added: 0, removed: 2, completed: 3, reopened: 1 })).toBe('2 issues removed, 1 reopened, 3 completed');
    expect(changeWhy({ added: 0, removed: 0, completed: 2, reopened: 0 })).toBe('2 issues completed');
    expect(changeWhy({ added: 0, removed: 0, completed: 0, reopened: 0 })).toBe(
      'no issue added, removed, reopened or completed; estimates or field values changed in Jira',
    );
  });
});

describe('the OKR row’s hint', () => {
  const at = '2026-12-01T08:00:00Z';
  test('a finish date, late or not; the two warnings; nothing when there is nothing to say', () => {
    expect(forecastHint({ reason: 'ok', finishDate: '2026-12-20', finishesBeforeEnd: true, at }, '2026-12-01')).toBe('forecast 20 Dec');
    expect(forecastHint({ reason: 'ok', finishDate: '2027-01-12', finishesBeforeEnd: false, at }, '2026-12-01')).toBe('forecast 12 Jan, late');
    expect(forecastHint({ reason: 'ok', finishDate: null, finishesBeforeEnd: false, at }, '2026-12-01')).toBe('forecast: over a century, late');
    expect(forecastHint({ reason: 'no_progress', finishDate: null, finishesBeforeEnd: null, at }, '2026-12-01')).toBe('forecast: no progress lately');
    expect(forecastHint({ reason: 'scope_outpaces_delivery', finishDate: null, finishesBeforeEnd: null, at }, '2026-12-01')).toBe(
      'forecast: scope grows faster than done',
    );
    expect(forecastHint({ reason: 'done', finishDate: null, finishesBeforeEnd: null, at }, '2026-12-01')).toBeNull();
    expect(forecastHint({ reason: 'not_enough_history', finishDate: null, finishesBeforeEnd: null, at }, '2026-12-01')).toBeNull();
    expect(forecastHint(null, '2026-12-01')).toBeNull();
    expect(forecastHint(undefined, '2026-12-01')).toBeNull();
  });
});
