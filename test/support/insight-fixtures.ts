/**
 * The insight tests' dataset (an epic's stories created and resolved over the last six weeks, in
 * days relative to today) and the issue's formulas worked out from it independently of
 * src/core: plain loops over the issues per day, and finish dates by integer arithmetic.
 */

/** Days relative to today: created, resolved (null: open), story points. */
export const DATASET: ReadonlyArray<{ created: number; resolved: number | null; points: number }> = [
  // Before the period: two done before it started, one still open.
  { created: -60, resolved: -50, points: 3 },
  { created: -58, resolved: -52, points: 2 },
  { created: -45, resolved: null, points: 5 },
  // The first three weeks: most of the work arrives and gets done.
  ...[
    [-41, -39, 1], [-41, -38, 2], [-40, -37, 3], [-40, -36, 1], [-39, -35, 2], [-39, -35, 3], [-38, -34, 1], [-38, -33, 2],
    [-37, -33, 5], [-37, -32, 1], [-36, -32, 2], [-36, -31, 3], [-35, -31, 1], [-35, -30, 2], [-34, -30, 3], [-34, -29, 1],
    [-33, -29, 2], [-33, -29, 8], [-32, -28, 1], [-32, -28, 2],
  ].map(([created, resolved, points]) => ({ created: created ?? 0, resolved: resolved ?? null, points: points ?? 0 })),
  // Resolved (as Jira says) before it was created: counts as done on its created day.
  { created: -31, resolved: -40, points: 3 },
  // Done within the last four weeks, one a week or so.
  { created: -31, resolved: -25, points: 2 },
  { created: -30, resolved: -18, points: 1 },
  { created: -30, resolved: -12, points: 3 },
  { created: -30, resolved: -6, points: 2 },
  { created: -29, resolved: -1, points: 5 },
  // Still open; two arrived in the last four weeks.
  { created: -30, resolved: null, points: 1 },
  { created: -30, resolved: null, points: 5 },
  { created: -29, resolved: null, points: 3 },
  { created: -29, resolved: null, points: 3 },
  { created: -28, resolved: null, points: 2 },
  { created: -10, resolved: null, points: 2 },
  { created: 0, resolved: null, points: 1 },
];

/** An issue of the dataset as the simulator holds it: UTC days. */
export interface DatasetIssue {
  key: string;
  created: string;
  resolved: string | null;
  points: number;
}

const DAY_MS = 86_400_000;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`. */
export function diffDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);
}

export interface ExpectedInsightInput {
  issues: readonly DatasetIssue[];
  today: string;
  period: { startDate: string; endDate: string };
  /** What one issue adds: 1 (issues) or its story points. */
  amount: (issue: DatasetIssue) => number;
}

/** The issue's formulas over the dataset, for a percentage metric (percent_done, points_done without a target). */
export function expectedInsight({ issues, today, period, amount }: ExpectedInsightInput) {
  const doneDay = (issue: DatasetIssue) => (issue.resolved === null ? null : issue.resolved < issue.created ? issue.created : issue.resolved);
  const scope = (day: string) => issues.filter((issue) => issue.created <= day).reduce((sum, issue) => sum + amount(issue), 0);
  const done = (day: string) =>
    issues.filter((issue) => {
      const at = doneDay(issue);
      return at !== null && at <= day;
    }).reduce((sum, issue) => sum + amount(issue), 0);

  const series = [];
  for (let day = period.startDate; day <= today && day <= period.endDate; day = addDays(day, 1)) {
    series.push({ date: day, scope: scope(day), done: done(day), progress: scope(day) === 0 ? null : done(day) / scope(day), source: day === today ? 'recorded' : 'backfill' });
  }

  const windowDays = Math.min(28, diffDays(period.startDate, today) + 1);
  const then = addDays(today, -windowDays);
  const doneGain = done(today) - done(then);
  const scopeGain = scope(today) - scope(then);
  const remaining = scope(today) - done(today);
  const netGain = doneGain - scopeGain;
  // today + ceil(remaining / (gain / days)) = today + ceil(remaining × days / gain), in whole numbers.
  const finishAfter = (gain: number, days: number) => (gain > 0 ? addDays(today, Math.ceil((remaining * days) / gain)) : null);
  const weekly: number[] = [];
  for (let k = 0; k < 4 && (k + 1) * 7 <= windowDays; k++) {
    const end = addDays(today, -7 * k);
    const start = addDays(today, -7 * (k + 1));
    weekly.push(done(end) - done(start) - (scope(end) - scope(start)));
  }
  const finishDate = finishAfter(netGain, windowDays);
  const reason = windowDays < 7 ? 'not_enough_history' : remaining <= 0 ? 'done' : doneGain <= 0 ? 'no_progress' : netGain <= 0 ? 'scope_outpaces_delivery' : 'ok';
  const forecast = {
    reason,
    finishDate: reason === 'ok' ? finishDate : null,
    optimisticDate: reason === 'ok' ? finishAfter(Math.max(...weekly), 7) : null,
    pessimisticDate: reason === 'ok' ? finishAfter(Math.min(...weekly), 7) : null,
    donePerDay: doneGain / windowDays,
    scopePerDay: scopeGain / windowDays,
    windowDays,
    remaining,
    finishesBeforeEnd: reason === 'ok' && finishDate !== null ? finishDate <= period.endDate : null,
  };

  const inPeriod = (day: string | null) => day !== null && day >= period.startDate && day <= period.endDate;
  const scopeChange = {
    since: period.startDate,
    // No counted run yet: what entered the query is what was created in the period (in issues, whatever the metric).
    added: issues.filter((issue) => inPeriod(issue.created)).length,
    removed: 0,
    completed: issues.filter((issue) => inPeriod(doneDay(issue))).length,
    reopened: 0,
  };
  return { series, forecast, scopeChange };
}
