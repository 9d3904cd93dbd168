/**
 * The Jira insight in words: the forecast ("At this pace: done around 12 Jan, 9 days after the
 * cycle ends"), how the scope changed ("14 issues were added since 1 Oct, 9 completed"), why a
 * sync moved progress ("30% → 27%: 1 issue added, none completed") and the OKR row's short hint.
 * Pure, so every sentence is tested without a browser.
 */
import { daysBetween } from '../../../core/insight-dates';
import type { Forecast, Insight, LastChange, ScopeChange } from '../../../core/insight';
import type { MetricName } from '../../../core/metrics';
import type { LinkForecast } from '../../api/linkTypes';
import { formatNumber, percentText } from '../format';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** What the item's period is called in a sentence: its cycle, or its own dates. */
export type PeriodWord = 'cycle' | 'period';

function plural(count: number, word: string): string {
  return `${formatNumber(count)} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * "12 Jan"; with the year ("3 Feb 2028") only when the day is half a year or more from `today`,
 * since a nearer "12 Jan" can only mean one. Both 'YYYY-MM-DD'.
 */
export function shortDate(day: string, today: string): string {
  const [year, month, date] = day.split('-');
  const text = `${Number(date)} ${MONTHS[Number(month) - 1] ?? month}`;
  return Math.abs(daysBetween(today, day)) < 183 ? text : `${text} ${year}`;
}

/** What the metric counts, for "3.5 issues a week": issues, story points or the field's amount. */
export function amountNoun(metric: MetricName, amount: number): string {
  const one = amount === 1;
  if (metric === 'points_done') return one ? 'point' : 'points';
  if (metric === 'field_sum') return '';
  return one ? 'issue' : 'issues';
}

/** A rate per day as "3.5 a week", rounded to one decimal so small paces still show. */
function perWeek(perDay: number): number {
  return Math.round(perDay * 7 * 10) / 10;
}

function finishSentence(insight: Insight, forecast: Forecast, word: PeriodWord): string {
  // No date with 'ok': the finish lies past the forecast's horizon (a century away at this pace).
  if (forecast.finishDate === null) return `At this pace it takes more than a century, long after the ${word} ${insight.asOf > insight.period.endDate ? 'ended' : 'ends'}`;
  const finish = forecast.finishDate;
  const end = insight.period.endDate;
  const ended = insight.asOf > end;
  const ends = ended ? 'ended' : 'ends';
  const gap = daysBetween(end, finish);
  const when =
    gap === 0
      ? `the day the ${word} ${ends}`
      : `${plural(Math.abs(gap), 'day')} ${gap > 0 ? 'after' : 'before'} the ${word} ${ends}`;
  return `At this pace: done around ${shortDate(finish, insight.asOf)}, ${when}`;
}

/** The forecast in one sentence (no full stop, so it can be joined), for each of its reasons. */
export function forecastSentence(insight: Insight, word: PeriodWord): string {
  const { forecast, metric } = insight;
  switch (forecast.reason) {
    case 'ok':
      return finishSentence(insight, forecast, word);
    case 'done':
      if (metric === 'percent_done') return 'All done: every issue the query matches is done';
      if (metric === 'points_done') return 'All done: no story points remain';
      return 'Target reached: nothing remains to count';
    case 'not_enough_history': {
      if (metric === 'field_sum') {
        return 'No forecast for a sum of a field: the sum need not grow steadily, so its pace says nothing about a finish date';
      }
      if (insight.asOf < insight.period.startDate) {
        return `No forecast yet: the ${word} starts on ${shortDate(insight.period.startDate, insight.asOf)}, and a forecast needs its first 7 days`;
      }
      const passed = forecast.windowDays === 1 ? '1 day has passed' : `${forecast.windowDays} days have passed`;
      return `Not enough history for a forecast yet: it needs 7 days of the ${word}, and ${passed}`;
    }
    case 'no_progress': {
      const what = metric === 'points_done' ? 'no story points were' : metric === 'field_sum' ? 'nothing was' : 'no issue was';
      return `No forecast: ${what} completed in the last ${plural(forecast.windowDays, 'day')}, so there is no pace to go by`;
    }
    case 'scope_outpaces_delivery': {
      const added = perWeek(forecast.scopePerDay);
      const done = perWeek(forecast.donePerDay);
      const noun = amountNoun(metric, added);
      return (
        `No finish in sight: work is added faster than it is done ` +
        `(${formatNumber(added)}${noun ? ` ${noun}` : ''} a week added, ${formatNumber(done)} done, over the last ${plural(forecast.windowDays, 'day')})`
      );
    }
  }
}

/** "Between 5 Jan and 20 Jan …" when the forecast has a range, else null. */
export function forecastRangeSentence(insight: Insight): string | null {
  const { forecast, asOf } = insight;
  if (forecast.reason !== 'ok') return null;
  const { optimisticDate, pessimisticDate } = forecast;
  if (optimisticDate && pessimisticDate) {
    if (optimisticDate === pessimisticDate) return null;
    return `At the fastest and slowest weekly pace of the last ${plural(forecast.windowDays, 'day')}: between ${shortDate(optimisticDate, asOf)} and ${shortDate(pessimisticDate, asOf)}.`;
  }
  if (optimisticDate) {
    return `At the fastest weekly pace of the last ${plural(forecast.windowDays, 'day')}: ${shortDate(optimisticDate, asOf)}; at the slowest it would not finish.`;
  }
  return null;
}

/** "14 issues were added since 1 Oct, 9 completed" (removed and reopened only when there were any). */
export function scopeChangeSentence(change: ScopeChange, today: string): string {
  const since = shortDate(change.since, today);
  const lead =
    change.added === 0
      ? `No issues were added since ${since}`
      : `${plural(change.added, 'issue')} ${change.added === 1 ? 'was' : 'were'} added since ${since}`;
  const parts = [`${change.completed === 0 ? 'none' : formatNumber(change.completed)} completed`];
  if (change.removed > 0) parts.push(`${formatNumber(change.removed)} removed`);
  if (change.reopened > 0) parts.push(`${formatNumber(change.reopened)} reopened`);
  return `${lead}, ${parts.join(', ')}`;
}

/** The Overview's sentence: the forecast, then the scope change ("…; 14 issues were added since 1 Oct, 9 completed."). */
export function overviewSentence(insight: Insight, word: PeriodWord): string {
  return `${forecastSentence(insight, word)}; ${lowerFirst(scopeChangeSentence(insight.scopeChange, insight.asOf))}.`;
}

function lowerFirst(text: string): string {
  // "No issues were added" reads on after a semicolon as "no issues were added".
  return text.startsWith('No ') ? `n${text.slice(1)}` : text;
}

export interface ChangeCounts {
  added: number;
  removed: number;
  completed: number;
  reopened: number;
}

/**
 * Why a sync moved progress, in counts: "1 issue added, none completed", "2 issues removed,
 * 1 reopened, 3 completed". Completed is always said (it is what a reader looks for first).
 */
export function changeWhy(counts: ChangeCounts): string {
  const moves: Array<[number, string]> = [
    [counts.added, 'added'],
    [counts.removed, 'removed'],
    [counts.reopened, 'reopened'],
  ];
  const said = moves.filter(([count]) => count > 0);
  const completed = `${counts.completed === 0 ? 'none' : formatNumber(counts.completed)} completed`;
  if (said.length === 0) {
    return counts.completed === 0
      ? 'no issue added, removed, reopened or completed; estimates or field values changed in Jira'
      : `${plural(counts.completed, 'issue')} completed`;
  }
  const [first, ...rest] = said as [[number, string], ...Array<[number, string]>];
  return [`${plural(first[0], 'issue')} ${first[1]}`, ...rest.map(([count, verb]) => `${formatNumber(count)} ${verb}`), completed].join(', ');
}

/** "30% → 27%: 1 issue added, none completed". */
export function lastChangeSentence(change: LastChange): string {
  return `${percentText(change.progressBefore)} → ${percentText(change.progressAfter)}: ${changeWhy(change)}`;
}

/**
 * The OKR row's short hint from the link's stored forecast, or null when there is nothing worth a
 * glance (no forecast, too little history, already done): "forecast 12 Jan", "forecast 12 Jan,
 * late" (after the period's end), "forecast: no progress lately", "forecast: scope grows faster
 * than done". Short, since the row's quiet line is one line.
 */
export function forecastHint(forecast: LinkForecast | null | undefined, today: string): string | null {
  if (!forecast) return null;
  switch (forecast.reason) {
    case 'ok':
      if (!forecast.finishDate) return 'forecast: over a century, late';
      return forecast.finishesBeforeEnd === false
        ? `forecast ${shortDate(forecast.finishDate, today)}, late`
        : `forecast ${shortDate(forecast.finishDate, today)}`;
    case 'no_progress':
      return 'forecast: no progress lately';
    case 'scope_outpaces_delivery':
      return 'forecast: scope grows faster than done';
    case 'done':
    case 'not_enough_history':
      return null;
  }
}
