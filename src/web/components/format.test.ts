import { describe, expect, test } from 'vitest';
import { formatDateRange, formatValue, intervalInWords, percentText, relativeTime } from './format';

describe('display formatting', () => {
  test('percentages round half up and unknown progress is a dash', () => {
    expect(percentText(0.3)).toBe('30%');
    expect(percentText(3 / 11)).toBe('27%');
    expect(percentText(0.285)).toBe('29%');
    expect(percentText(null)).toBe('—');
  });

  test('values carry their unit, symbols attached and words spaced', () => {
    expect(formatValue(7.5, '%')).toBe('7.5%');
    expect(formatValue(1200, 'customers')).toBe('1,200 customers');
    expect(formatValue(3, '')).toBe('3');
  });

  test('date ranges drop a repeated year', () => {
    expect(formatDateRange('2027-01-01', '2027-03-31')).toBe('1 Jan – 31 Mar 2027');
    expect(formatDateRange('2026-12-01', '2027-02-28')).toBe('1 Dec 2026 – 28 Feb 2027');
  });

  test('relative times read naturally', () => {
    const now = new Date('2027-01-15T12:00:00.000Z');
    expect(relativeTime('2027-01-15T11:59:50.000Z', now)).toBe('just now');
    expect(relativeTime('2027-01-15T10:00:00.000Z', now)).toBe('2 hours ago');
    expect(relativeTime('2027-01-14T12:00:00.000Z', now)).toBe('yesterday');
    expect(relativeTime('2026-12-01T12:00:00.000Z', now)).toBe('1 Dec 2026');
  });

  test('sync intervals in words', () => {
    expect(intervalInWords(1440)).toBe('once a day');
    expect(intervalInWords(720)).toBe('every 12 hours');
    expect(intervalInWords(60)).toBe('every hour');
    expect(intervalInWords(90)).toBe('every 90 minutes');
    expect(intervalInWords(10_080)).toBe('every 7 days');
  });
});
