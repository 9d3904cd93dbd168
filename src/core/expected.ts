import type { Period } from './types';

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return days[month - 1] ?? 0;
}

/** Midnight UTC of a real calendar date 'YYYY-MM-DD', or null when it is not one (e.g. 2025-02-30). */
function parseCalendarDate(text: string): Date | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  // setUTCFullYear instead of Date.UTC because Date.UTC maps years 0..99 to 1900..1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

function parseOrThrow(text: string, label: string): Date {
  const date = parseCalendarDate(text);
  if (!date) {
    throw new Error(`${label} "${text}" is not a real calendar date; use the form YYYY-MM-DD, e.g. 2025-01-31.`);
  }
  return date;
}

/** True when both dates are real calendar dates in 'YYYY-MM-DD' form and the end is not before the start. */
export function isValidPeriod(period: Period): boolean {
  const start = parseCalendarDate(period.startDate);
  const end = parseCalendarDate(period.endDate);
  return start !== null && end !== null && end.getTime() >= start.getTime();
}

/**
 * The instants a period covers: from 00:00 UTC of the start date up to 00:00 UTC of the day
 * after the end date, because the end date is inclusive. Throws on dates that do not exist.
 */
export function periodBounds(period: Period): { start: Date; end: Date } {
  const start = parseOrThrow(period.startDate, 'Start date');
  const endDay = parseOrThrow(period.endDate, 'End date');
  return { start, end: new Date(endDay.getTime() + MS_PER_DAY) };
}

/**
 * How much of the period has elapsed at a moment, 0..1 — i.e. how much progress one would expect
 * if work went at an even pace. 0 before the period starts, 1 once it is over.
 */
export function expectedProgress(period: Period, at: Date): number {
  const { start, end } = periodBounds(period);
  const length = end.getTime() - start.getTime();
  // A period whose end is before its start has no duration; treat it as over once it has begun.
  if (length <= 0) return at.getTime() >= start.getTime() ? 1 : 0;
  const elapsed = (at.getTime() - start.getTime()) / length;
  return Math.min(1, Math.max(0, elapsed));
}

/**
 * The period an objective is measured against: its own start and end dates where set
 * (each one independently), otherwise the cycle's. Does not check that the mix is valid.
 */
export function effectivePeriod(
  own: { startDate: string | null; endDate: string | null },
  cycle: Period,
): Period {
  return {
    startDate: own.startDate ?? cycle.startDate,
    endDate: own.endDate ?? cycle.endDate,
  };
}
