/** How an objective or key result is doing compared with where it should be by now. */
export const PROGRESS_STATUSES = ['on_track', 'behind', 'at_risk', 'not_started'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/**
 * How far below the expected progress something may fall before its status changes,
 * as fractions of the whole (0.25 = 25 percentage points).
 */
export interface StatusThresholds {
  behindThreshold: number;
  atRiskThreshold: number;
}

/** Up to 0 points under expected is on track, up to 25 points under is behind, more is at risk. */
export const DEFAULT_STATUS_THRESHOLDS: StatusThresholds = { behindThreshold: 0, atRiskThreshold: 0.25 };

/** Calendar dates as 'YYYY-MM-DD'; the end date is inclusive (the whole last day counts). */
export interface Period {
  startDate: string;
  endDate: string;
}

/** Whether an objective's progress comes from its key results or from manual check-ins. */
export const PROGRESS_MODES = ['key_results', 'manual'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];
