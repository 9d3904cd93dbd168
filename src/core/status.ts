import { roundNoise } from './progress';
import { DEFAULT_STATUS_THRESHOLDS } from './types';
import type { ProgressStatus, StatusThresholds } from './types';

/**
 * Status from how far progress trails the expected progress (both 0..1).
 * Gaps are compared after removing floating-point noise, so exactly 25 points under
 * (0.55 − 0.30 = 0.25000000000000006) counts as 25 points and is 'behind', not 'at_risk'.
 */
export function progressStatus(
  progress: number | null,
  expected: number,
  thresholds: StatusThresholds = DEFAULT_STATUS_THRESHOLDS,
): ProgressStatus {
  if (progress === null) return 'not_started';
  const gap = roundNoise(expected - progress);
  if (gap <= roundNoise(thresholds.behindThreshold)) return 'on_track';
  if (gap <= roundNoise(thresholds.atRiskThreshold)) return 'behind';
  return 'at_risk';
}

/** Progress bar colour per status (named, so the UI maps them to its theme). */
export const STATUS_COLORS: Record<ProgressStatus, 'green' | 'orange' | 'red' | 'gray'> = {
  on_track: 'green',
  behind: 'orange',
  at_risk: 'red',
  not_started: 'gray',
};

export const STATUS_LABELS: Record<ProgressStatus, string> = {
  on_track: 'On track',
  behind: 'Behind',
  at_risk: 'At risk',
  not_started: 'Not started',
};

/** Null when the thresholds make sense (0 <= behind < at risk <= 1), otherwise a message saying what to fix. */
export function validateThresholds(t: StatusThresholds): string | null {
  const { behindThreshold, atRiskThreshold } = t;
  if (!Number.isFinite(behindThreshold) || !Number.isFinite(atRiskThreshold)) {
    return 'Thresholds must be numbers; enter fractions between 0 and 1, e.g. 0 and 0.25.';
  }
  if (behindThreshold < 0 || behindThreshold > 1) {
    return `The "behind" threshold ${behindThreshold} is outside 0..1; enter a fraction such as 0 or 0.1.`;
  }
  if (atRiskThreshold < 0 || atRiskThreshold > 1) {
    return `The "at risk" threshold ${atRiskThreshold} is outside 0..1; enter a fraction such as 0.25.`;
  }
  if (behindThreshold >= atRiskThreshold) {
    return `The "behind" threshold (${behindThreshold}) must be smaller than the "at risk" threshold (${atRiskThreshold}); lower the first or raise the second.`;
  }
  return null;
}
