/**
 * Date values in JQL: absolute dates in the user's zone, relative periods ("-2w", "4w 2d") and
 * date functions, compiled into predicates over ISO instants (created, updated, resolved) and
 * calendar days (due date).
 */
import type { JqlContext } from '../model';
import { validationErrors } from './messages';
import { dateFunctionValue } from './operands';
import type { OperandItem } from './operands';
import { instantOf, localDay, startOfPeriod } from './time';

/** A date operand as the half-open range of instants it names. */
export interface DateRange {
  from: number;
  to: number;
}

const ABSOLUTE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/;
const PERIOD = /^([+-]?)\s*((?:\d+\s*[wdhm]\s*)+)$/;
const PERIOD_PART = /(\d+)\s*([wdhm])/g;
const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000 };
const MINUTE = 60_000;

/**
 * Parses a JQL date value. A date without time names its whole day (so `created = 2026-01-31`
 * finds the day's issues) but relational operators use the day's first instant, which is why
 * `created <= "2026-01-31"` leaves out that day in Jira too.
 */
export function parseDateValue(value: string, field: string, ctx: JqlContext): DateRange {
  const text = value.trim();
  const absolute = ABSOLUTE.exec(text);
  if (absolute) {
    const [year, month, day] = [Number(absolute[1]), Number(absolute[2]), Number(absolute[3])];
    const hasTime = absolute[4] !== undefined;
    const [hour, minute] = hasTime ? [Number(absolute[4]), Number(absolute[5])] : [0, 0];
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) {
      throw validationErrors.invalidDate(value, field);
    }
    const from = instantOf({ year, month, day, hour, minute, second: 0, millisecond: 0 }, ctx.timeZone);
    const to = hasTime
      ? from + MINUTE
      : instantOf({ year, month, day: day + 1, hour: 0, minute: 0, second: 0, millisecond: 0 }, ctx.timeZone);
    return { from, to };
  }
  const period = PERIOD.exec(text);
  if (period) {
    let total = 0;
    for (const part of (period[2] ?? '').matchAll(PERIOD_PART)) total += Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? 0);
    const at = ctx.now.getTime() + (period[1] === '-' ? -total : total);
    return { from: at, to: at + 1 };
  }
  if (/^\d+$/.test(text)) {
    // Jira reads a bare number as milliseconds since the epoch.
    const at = Number(text);
    return { from: at, to: at + 1 };
  }
  throw validationErrors.invalidDate(value, field);
}

export function dateRangeOf(item: OperandItem, field: string, ctx: JqlContext): DateRange | null {
  if (item.kind === 'empty') return null;
  if (item.kind === 'function') {
    const at = dateFunctionValue(item, field, ctx);
    return { from: at, to: at + 1 };
  }
  return parseDateValue(item.value, field, ctx);
}

/** Milliseconds of an ISO instant; the simulator stores toISOString() output, parsed once per call. */
function instantMs(iso: string): number {
  return Date.parse(iso);
}

/** Relational test of an instant-valued field (null = empty field, which never matches). */
export function instantComparison(
  operator: '<' | '<=' | '>' | '>=',
  bound: number,
): (iso: string | null) => boolean {
  // Canonical ISO strings (YYYY-MM-DDTHH:mm:ss.sssZ) order like their instants, so the common
  // case compares strings and skips Date.parse on every issue.
  const boundIso = new Date(bound).toISOString();
  const canonical = (iso: string): boolean => iso.length === 24 && iso.charCodeAt(23) === 90; /* 'Z' */
  switch (operator) {
    case '<':
      return (iso) => iso !== null && (canonical(iso) ? iso < boundIso : instantMs(iso) < bound);
    case '<=':
      return (iso) => iso !== null && (canonical(iso) ? iso <= boundIso : instantMs(iso) <= bound);
    case '>':
      return (iso) => iso !== null && (canonical(iso) ? iso > boundIso : instantMs(iso) > bound);
    case '>=':
      return (iso) => iso !== null && (canonical(iso) ? iso >= boundIso : instantMs(iso) >= bound);
  }
}

export function instantInRanges(ranges: DateRange[]): (iso: string) => boolean {
  return (iso) => {
    const at = instantMs(iso);
    for (const range of ranges) if (at >= range.from && at < range.to) return true;
    return false;
  };
}

/**
 * Due dates are calendar days; a day counts as its first instant in the user's zone. These
 * helpers turn an instant bound into a comparison on "YYYY-MM-DD" strings.
 */
export function dayComparison(operator: '<' | '<=' | '>' | '>=', bound: number, ctx: JqlContext): (day: string | null) => boolean {
  const boundDay = localDay(bound, ctx.timeZone);
  const atMidnight = startOfPeriod(bound, 'day', ctx.timeZone) === bound;
  switch (operator) {
    case '<':
      return (day) => day !== null && (day < boundDay || (day === boundDay && !atMidnight));
    case '<=':
      return (day) => day !== null && day <= boundDay;
    case '>':
      return (day) => day !== null && day > boundDay;
    case '>=':
      return (day) => day !== null && (day > boundDay || (day === boundDay && atMidnight));
  }
}

/** Days whose first instant lies in one of the ranges (a date literal names exactly its own day). */
export function dayInRanges(ranges: DateRange[], ctx: JqlContext): (day: string) => boolean {
  const days = new Set<string>();
  for (const range of ranges) {
    // Ranges that do not start at midnight (now(), "2026-01-31 10:00") contain no day's first instant.
    if (startOfPeriod(range.from, 'day', ctx.timeZone) === range.from) days.add(localDay(range.from, ctx.timeZone));
  }
  return (day) => days.has(day);
}
