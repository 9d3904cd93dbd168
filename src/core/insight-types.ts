/**
 * The shapes of a Jira link's insight (core/insight.ts): what it is computed from and what it
 * answers. In their own file so that the helpers insight.ts calls (forecast, scope, series) can
 * name them without importing insight.ts back.
 */
import type { MetricName } from './metrics';

export type InsightMetric = MetricName;

/** Current members of the link's query, grouped: one row per (createdDay, doneDay). */
export interface MemberDayGroup {
  /** YYYY-MM-DD (UTC) of `created`; null = unknown (counts as created before every day). */
  createdDay: string | null;
  /** YYYY-MM-DD of done-at by the link's done rule; null = not done. */
  doneDay: string | null;
  /** Issues in the group. */
  count: number;
  /** Sum of story points (0 where none). */
  points: number;
  /** Sum of the numeric field (0 where none / not field_sum). */
  value: number;
}

/** One ok sync run, as the insight needs it. `at` is the ISO instant it finished. */
export interface RecordedRun {
  at: string;
  trigger: 'created' | 'edited' | 'manual' | 'schedule' | 'webhook';
  /** Amount in the query (see the module comment); old runs: item total. */
  scope: number | null;
  /** Amount done; old runs: items done. */
  done: number | null;
  progressBefore: number | null;
  progressAfter: number | null;
  addedKeys: string[];
  removedKeys: string[];
  newlyDoneKeys: string[];
  reopenedKeys: string[];
}

export interface InsightInput {
  /** YYYY-MM-DD (UTC). */
  today: string;
  period: { startDate: string; endDate: string };
  metric: MetricName;
  options: { startValue?: number | null; targetValue?: number | null; countAll?: boolean | null };
  members: MemberDayGroup[];
  /** Any order; failed runs already excluded. */
  runs: RecordedRun[];
  /** Created day of each key recorded as added by a counted run (null when not in the mirror any more). */
  createdDayOfKey: ReadonlyMap<string, string | null>;
}

export interface InsightSeriesPoint {
  date: string;
  scope: number;
  done: number;
  progress: number | null;
  source: 'backfill' | 'recorded';
}

export type ForecastReason = 'ok' | 'done' | 'not_enough_history' | 'no_progress' | 'scope_outpaces_delivery';

export interface Forecast {
  reason: ForecastReason;
  finishDate: string | null;
  optimisticDate: string | null;
  pessimisticDate: string | null;
  donePerDay: number;
  scopePerDay: number;
  windowDays: number;
  remaining: number;
  finishesBeforeEnd: boolean | null;
}

export interface ScopeChange {
  since: string;
  added: number;
  removed: number;
  completed: number;
  reopened: number;
}

export interface LastChange {
  at: string;
  progressBefore: number;
  progressAfter: number;
  added: number;
  removed: number;
  completed: number;
  reopened: number;
}

export interface Insight {
  asOf: string;
  period: { startDate: string; endDate: string };
  metric: MetricName;
  series: InsightSeriesPoint[];
  forecast: Forecast;
  scopeChange: ScopeChange;
  lastChange: LastChange | null;
}
