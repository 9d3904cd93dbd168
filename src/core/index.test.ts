import { describe, expect, it } from 'vitest';
import * as core from './index';

describe('core index', () => {
  it('re-exports the whole domain', () => {
    for (const name of [
      'keyResultProgress', 'fractionDone', 'weightedAverageProgress', 'displayPercent',
      'periodBounds', 'expectedProgress', 'effectivePeriod', 'isValidPeriod',
      'progressStatus', 'validateThresholds', 'objectiveProgress',
      'computeInsight', 'forecastMakesBehind',
    ]) {
      expect(typeof (core as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(core.DEFAULT_STATUS_THRESHOLDS.atRiskThreshold).toBe(0.25);
    expect(core.STATUS_LABELS.at_risk).toBe('At risk');
  });
});
