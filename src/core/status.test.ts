import { describe, expect, it } from 'vitest';
import { progressStatus, STATUS_COLORS, STATUS_LABELS, validateThresholds } from './status';
import { DEFAULT_STATUS_THRESHOLDS } from './types';

describe('progressStatus with the default thresholds (0 and 25 points)', () => {
  it('is not_started without progress', () => {
    expect(progressStatus(null, 0.5)).toBe('not_started');
  });

  it('is on_track exactly on expected', () => {
    expect(progressStatus(0.5, 0.5)).toBe('on_track');
    expect(progressStatus(0, 0)).toBe('on_track');
  });

  it('is on_track ahead of expected', () => {
    expect(progressStatus(0.8, 0.5)).toBe('on_track');
  });

  it('is behind 0.0001 under expected', () => {
    expect(progressStatus(0.4999, 0.5)).toBe('behind');
  });

  it('is behind exactly 25 points under, despite floating point (0.55 − 0.30)', () => {
    expect(0.55 - 0.3).toBeGreaterThan(0.25); // the trap this guards against
    expect(progressStatus(0.3, 0.55)).toBe('behind');
    expect(progressStatus(0.25, 0.5)).toBe('behind');
    expect(progressStatus(0.45, 0.7)).toBe('behind');
  });

  it('is at_risk just over 25 points under', () => {
    expect(progressStatus(0.299999, 0.55)).toBe('at_risk');
    expect(progressStatus(0.5, 0.750001)).toBe('at_risk');
    expect(progressStatus(0, 1)).toBe('at_risk');
  });

  it('uses the defaults when no thresholds are passed', () => {
    expect(progressStatus(0.3, 0.55, DEFAULT_STATUS_THRESHOLDS)).toBe(progressStatus(0.3, 0.55));
    expect(DEFAULT_STATUS_THRESHOLDS).toEqual({ behindThreshold: 0, atRiskThreshold: 0.25 });
  });
});

describe('progressStatus with custom thresholds', () => {
  const lenient = { behindThreshold: 0.1, atRiskThreshold: 0.4 };

  it('tolerates up to the behind threshold as on_track', () => {
    expect(progressStatus(0.4, 0.5, lenient)).toBe('on_track');
    expect(progressStatus(0.3999, 0.5, lenient)).toBe('behind');
  });

  it('moves the at-risk boundary', () => {
    expect(progressStatus(0.3, 0.55, lenient)).toBe('behind');
    expect(progressStatus(0.2, 0.6, lenient)).toBe('behind');
    expect(progressStatus(0.1999, 0.6, lenient)).toBe('at_risk');
  });
});

describe('status colours and labels', () => {
  it('match the product brief', () => {
    expect(STATUS_COLORS).toEqual({ on_track: 'green', behind: 'orange', at_risk: 'red', not_started: 'gray' });
    expect(STATUS_LABELS).toEqual({
      on_track: 'On track',
      behind: 'Behind',
      at_risk: 'At risk',
      not_started: 'Not started',
    });
  });
});

describe('validateThresholds', () => {
  it('accepts sensible thresholds', () => {
    expect(validateThresholds(DEFAULT_STATUS_THRESHOLDS)).toBeNull();
    expect(validateThresholds({ behindThreshold: 0.1, atRiskThreshold: 1 })).toBeNull();
  });

  it('rejects values outside 0..1', () => {
    expect(validateThresholds({ behindThreshold: -0.1, atRiskThreshold: 0.25 })).toMatch(/behind.*outside 0\.\.1/);
    expect(validateThresholds({ behindThreshold: 0, atRiskThreshold: 1.5 })).toMatch(/at risk.*outside 0\.\.1/);
  });

  it('rejects behind not below at risk', () => {
    expect(validateThresholds({ behindThreshold: 0.25, atRiskThreshold: 0.25 })).toMatch(/must be smaller/);
    expect(validateThresholds({ behindThreshold: 0.3, atRiskThreshold: 0.2 })).toMatch(/must be smaller/);
  });

  it('rejects numbers that are not finite', () => {
    expect(validateThresholds({ behindThreshold: Number.NaN, atRiskThreshold: 0.25 })).toMatch(/must be numbers/);
    expect(validateThresholds({ behindThreshold: 0, atRiskThreshold: Number.POSITIVE_INFINITY })).toMatch(/must be numbers/);
  });
});
