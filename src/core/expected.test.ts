import { describe, expect, it } from 'vitest';
import { effectivePeriod, expectedProgress, isValidPeriod, periodBounds } from './expected';
import type { Period } from './types';

// 10 whole days: 2025-01-01 00:00Z up to 2025-01-11 00:00Z.
const TEN_DAYS: Period = { startDate: '2025-01-01', endDate: '2025-01-10' };

describe('periodBounds', () => {
  it('runs from midnight UTC of the start date to midnight UTC after the inclusive end date', () => {
    const { start, end } = periodBounds(TEN_DAYS);
    expect(start.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(end.toISOString()).toBe('2025-01-11T00:00:00.000Z');
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(periodBounds({ startDate: '2024-02-28', endDate: '2024-02-29' }).end.toISOString())
      .toBe('2024-03-01T00:00:00.000Z');
    expect(periodBounds({ startDate: '2025-12-01', endDate: '2025-12-31' }).end.toISOString())
      .toBe('2026-01-01T00:00:00.000Z');
  });

  it('rejects dates that do not exist, saying what to enter', () => {
    expect(() => periodBounds({ startDate: '2025-02-30', endDate: '2025-03-01' })).toThrow(/YYYY-MM-DD/);
    expect(() => periodBounds({ startDate: '2025-01-01', endDate: 'soon' })).toThrow(/End date "soon"/);
  });
});

describe('expectedProgress', () => {
  it('is 0 at the start', () => {
    expect(expectedProgress(TEN_DAYS, new Date('2025-01-01T00:00:00Z'))).toBe(0);
  });

  it('is 0.5 in the middle of an even period', () => {
    expect(expectedProgress(TEN_DAYS, new Date('2025-01-06T00:00:00Z'))).toBe(0.5);
  });

  it('counts the end date as a whole day', () => {
    expect(expectedProgress(TEN_DAYS, new Date('2025-01-10T00:00:00Z'))).toBeCloseTo(0.9, 12);
  });

  it('is 1 at the end', () => {
    expect(expectedProgress(TEN_DAYS, new Date('2025-01-11T00:00:00Z'))).toBe(1);
  });

  it('is clamped to 0 before the period', () => {
    expect(expectedProgress(TEN_DAYS, new Date('2024-12-31T23:59:59Z'))).toBe(0);
    expect(expectedProgress(TEN_DAYS, new Date('2020-06-01T00:00:00Z'))).toBe(0);
  });

  it('is clamped to 1 after the period', () => {
    expect(expectedProgress(TEN_DAYS, new Date('2025-01-11T00:00:01Z'))).toBe(1);
    expect(expectedProgress(TEN_DAYS, new Date('2030-01-01T00:00:00Z'))).toBe(1);
  });

  it('spans the whole day for a one-day period', () => {
    const oneDay: Period = { startDate: '2025-03-15', endDate: '2025-03-15' };
    expect(expectedProgress(oneDay, new Date('2025-03-15T00:00:00Z'))).toBe(0);
    expect(expectedProgress(oneDay, new Date('2025-03-15T06:00:00Z'))).toBe(0.25);
    expect(expectedProgress(oneDay, new Date('2025-03-15T12:00:00Z'))).toBe(0.5);
    expect(expectedProgress(oneDay, new Date('2025-03-16T00:00:00Z'))).toBe(1);
  });

  it('grows linearly with time', () => {
    const quarter: Period = { startDate: '2025-01-01', endDate: '2025-03-31' }; // 90 days
    expect(expectedProgress(quarter, new Date('2025-01-31T00:00:00Z'))).toBeCloseTo(30 / 90, 12);
    expect(expectedProgress(quarter, new Date('2025-03-02T00:00:00Z'))).toBeCloseTo(60 / 90, 12);
  });
});

describe('effectivePeriod', () => {
  const cycle: Period = { startDate: '2025-01-01', endDate: '2025-03-31' };

  it('uses the cycle when the objective has no dates', () => {
    expect(effectivePeriod({ startDate: null, endDate: null }, cycle)).toEqual(cycle);
  });

  it('uses the objective dates when both are set', () => {
    expect(effectivePeriod({ startDate: '2025-02-01', endDate: '2025-02-28' }, cycle))
      .toEqual({ startDate: '2025-02-01', endDate: '2025-02-28' });
  });

  it('takes each date independently', () => {
    expect(effectivePeriod({ startDate: '2025-02-01', endDate: null }, cycle))
      .toEqual({ startDate: '2025-02-01', endDate: '2025-03-31' });
    expect(effectivePeriod({ startDate: null, endDate: '2025-02-15' }, cycle))
      .toEqual({ startDate: '2025-01-01', endDate: '2025-02-15' });
  });
});

describe('isValidPeriod', () => {
  it('accepts real dates with end on or after start', () => {
    expect(isValidPeriod(TEN_DAYS)).toBe(true);
    expect(isValidPeriod({ startDate: '2025-03-15', endDate: '2025-03-15' })).toBe(true);
    expect(isValidPeriod({ startDate: '2024-02-29', endDate: '2024-03-01' })).toBe(true);
    expect(isValidPeriod({ startDate: '2000-02-29', endDate: '2000-02-29' })).toBe(true);
  });

  it('rejects an end before the start', () => {
    expect(isValidPeriod({ startDate: '2025-03-16', endDate: '2025-03-15' })).toBe(false);
  });

  it('rejects dates that do not exist or are badly formed', () => {
    expect(isValidPeriod({ startDate: '2025-02-29', endDate: '2025-03-01' })).toBe(false);
    expect(isValidPeriod({ startDate: '1900-02-29', endDate: '1900-03-01' })).toBe(false);
    expect(isValidPeriod({ startDate: '2025-04-31', endDate: '2025-05-01' })).toBe(false);
    expect(isValidPeriod({ startDate: '2025-13-01', endDate: '2025-13-02' })).toBe(false);
    expect(isValidPeriod({ startDate: '2025-00-10', endDate: '2025-01-10' })).toBe(false);
    expect(isValidPeriod({ startDate: '2025-1-1', endDate: '2025-01-10' })).toBe(false);
    expect(isValidPeriod({ startDate: '2025-01-01T00:00:00Z', endDate: '2025-01-10' })).toBe(false);
    expect(isValidPeriod({ startDate: '', endDate: '2025-01-10' })).toBe(false);
  });
});
