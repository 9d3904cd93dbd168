/**
 * Calendar arithmetic in an IANA time zone without a date library: JQL dates ("2026-01-31",
 * "-2w", startOfMonth(-1)) are wall-clock notions in the searching user's zone.
 */

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function wallClockAt(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: ((instant % 1000) + 1000) % 1000,
  };
}

/** Wall clock to UTC milliseconds as if the zone were UTC; overflowing fields roll over (month 13 → next year). */
function naiveUtc(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
}

function offsetAt(instant: number, timeZone: string): number {
  return naiveUtc({ ...wallClockAt(instant, timeZone), millisecond: ((instant % 1000) + 1000) % 1000 }) - instant;
}

/** The instant at which the zone's clocks show `wall` (fields may overflow; DST gaps resolve forward). */
export function instantOf(wall: WallClock, timeZone: string): number {
  const naive = naiveUtc(wall);
  const firstGuess = naive - offsetAt(naive, timeZone);
  const secondOffset = offsetAt(firstGuess, timeZone);
  return naive - secondOffset;
}

export type CalendarUnit = 'y' | 'M' | 'w' | 'd' | 'h' | 'm';

/** Adds `amount` calendar units to an instant, keeping the wall-clock time in the zone where it applies. */
export function addCalendar(instant: number, amount: number, unit: CalendarUnit, timeZone: string): number {
  if (unit === 'h') return instant + amount * 3_600_000;
  if (unit === 'm') return instant + amount * 60_000;
  const wall = wallClockAt(instant, timeZone);
  if (unit === 'y') return instantOf(clampDay({ ...wall, year: wall.year + amount }), timeZone);
  if (unit === 'M') return instantOf(clampDay({ ...wall, month: wall.month + amount }), timeZone);
  const days = unit === 'w' ? amount * 7 : amount;
  return instantOf({ ...wall, day: wall.day + days }, timeZone);
}

/** Moving Jan 31 by one month lands on Feb 28/29, as Jira (Joda-Time) does, not on Mar 3. */
function clampDay(wall: WallClock): WallClock {
  const normalised = new Date(Date.UTC(wall.year, wall.month - 1, 1));
  const lastDay = new Date(Date.UTC(normalised.getUTCFullYear(), normalised.getUTCMonth() + 1, 0)).getUTCDate();
  return {
    ...wall,
    year: normalised.getUTCFullYear(),
    month: normalised.getUTCMonth() + 1,
    day: Math.min(wall.day, lastDay),
  };
}

export type Period = 'day' | 'week' | 'month' | 'year';

/** Jira's default locale (en_US) starts weeks on Sunday. */
const WEEK_STARTS_ON_SUNDAY = 0;

export function startOfPeriod(instant: number, period: Period, timeZone: string): number {
  const wall = wallClockAt(instant, timeZone);
  const midnight: WallClock = { ...wall, hour: 0, minute: 0, second: 0, millisecond: 0 };
  switch (period) {
    case 'day':
      return instantOf(midnight, timeZone);
    case 'week': {
      const weekday = new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
      return instantOf({ ...midnight, day: wall.day - ((weekday - WEEK_STARTS_ON_SUNDAY + 7) % 7) }, timeZone);
    }
    case 'month':
      return instantOf({ ...midnight, day: 1 }, timeZone);
    case 'year':
      return instantOf({ ...midnight, month: 1, day: 1 }, timeZone);
  }
}

export const PERIOD_UNIT: Record<Period, CalendarUnit> = { day: 'd', week: 'w', month: 'M', year: 'y' };

/** The last millisecond of the period containing `instant`. */
export function endOfPeriod(instant: number, period: Period, timeZone: string): number {
  const start = startOfPeriod(instant, period, timeZone);
  return addCalendar(start, 1, PERIOD_UNIT[period], timeZone) - 1;
}

/** "YYYY-MM-DD" of the instant in the zone. */
export function localDay(instant: number, timeZone: string): string {
  const wall = wallClockAt(instant, timeZone);
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}
