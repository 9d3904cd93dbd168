/**
 * Single values as Viva exports write them, parsed without trusting them: dates in the several
 * forms the exports use ("2024-01-15 10:30:00", ISO, "… UTC", "1/15/2024", "Jan 15, 2024", Excel
 * serial days), numbers with % and thousands separators ("40.0%" → 40), statuses, item types and
 * progress modes. Anything unrecognised is null; the caller decides whether that skips a record.
 */
import type { VivaObjectiveKind, VivaStatus } from './viva-model';

export interface ParsedInstant {
  /** YYYY-MM-DD */
  date: string;
  /** ISO 8601 in UTC; midnight UTC for a date alone. */
  instant: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function build(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, offsetMinutes = 0): ParsedInstant | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const calendar = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March: a date that does not exist is refused instead.
  if (calendar.getUTCMonth() !== month - 1) return null;
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) - offsetMinutes * 60_000);
  return { date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, instant: at.toISOString() };
}

const ISO_LIKE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?\s*(?:UTC|GMT|Z)?$/i;
const MONTH_NAMED = /^(?:(\d{1,2})[\s-]+([a-z]{3})[a-z]*[\s-]+(\d{4})|([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4}))(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(?:UTC|GMT)?$/i;

function offsetOf(zone: string | undefined): number {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/** Excel's serial day (1900 date system, as XLSX stores dates) to an instant. */
export function excelSerialToInstant(serial: number): ParsedInstant | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 120_000) return null;
  // Day 25569 is 1970-01-01; Excel's phantom 29 February 1900 makes earlier days off by one, and no OKR is that old.
  const at = new Date(Math.round((serial - 25569) * 86_400_000));
  return build(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds());
}

/**
 * A date or date-time as Viva writes it. Times without a zone are taken as UTC (Viva's exports write
 * UTC; the Explorer's Activity Date says so). A bare number is an Excel serial only when `serials`.
 */
export function parseInstant(raw: string | number | null | undefined, serials = false): ParsedInstant | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return serials ? excelSerialToInstant(raw) : null;
  const text = raw.trim();
  if (text === '' || text.length > 64) return null;
  if (serials && /^\d+(\.\d+)?$/.test(text)) return excelSerialToInstant(Number(text));
  let match = ISO_LIKE.exec(text);
  if (match) {
    const [, y, mo, d, h, mi, s, zone] = match;
    return build(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), offsetOf(zone));
  }
  match = SLASHED.exec(text);
  if (match) {
    const [, mo, d, y, h, mi, s, meridiem] = match;
    let hour = Number(h ?? 0);
    if (meridiem && hour > 12) return null;
    if (meridiem) hour = (hour % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
    return build(Number(y), Number(mo), Number(d), hour, Number(mi ?? 0), Number(s ?? 0));
  }
  match = MONTH_NAMED.exec(text);
  if (match) {
    const [, dayFirst, monthAfterDay, yearA, monthFirst, dayAfterMonth, yearB, h, mi, s] = match;
    const month = MONTHS.indexOf((monthAfterDay ?? monthFirst ?? '').toLowerCase()) + 1;
    if (month === 0) return null;
    return build(Number(yearA ?? yearB), month, Number(dayFirst ?? dayAfterMonth), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  }
  return null;
}

/** A finite number from 42, "42", "40.0%", "1,234.5", " 25 % "; null otherwise. */
export function parseNumber(raw: string | number | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  const text = raw.trim().replace(/%$/, '').replace(/,(?=\d{3}(?:\D|$))/g, '').trim();
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** A weight in percent, 0–100; anything else (or nothing) is null. */
export function parseWeight(raw: string | number | null | undefined): number | null {
  const value = parseNumber(raw);
  return value !== null && value >= 0 && value <= 100 ? value : null;
}

const STATUSES: Readonly<Record<string, VivaStatus>> = {
  ontrack: 'on-track',
  behind: 'behind',
  atrisk: 'at-risk',
  closed: 'closed',
  completed: 'closed',
  notstarted: 'not-started',
};

function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function parseStatus(raw: string | null | undefined): VivaStatus | null {
  if (!raw) return null;
  const key = squash(raw);
  return Object.hasOwn(STATUSES, key) ? (STATUSES[key] ?? null) : null;
}

/** Organisation export Type ("Big rock" | "Kpi" | "Project") or Explorer Object Type (Objective | Key result | Deliverable). */
export function parseObjectiveKind(raw: string | null | undefined): VivaObjectiveKind | null {
  if (!raw) return null;
  const key = squash(raw);
  if (key === 'bigrock' || key === 'objective') return 'big-rock';
  if (key === 'kpi' || key === 'keyresult') return 'kpi';
  if (key === 'project' || key === 'deliverable' || key === 'initiative') return 'project';
  return null;
}

export function parseProgressMode(raw: string | null | undefined): 'children' | 'manual' | null {
  if (!raw) return null;
  const key = squash(raw);
  if (key.includes('children') || key.includes('rollup')) return 'children';
  if (key.includes('manual')) return 'manual';
  return null;
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** A lower-cased email address, or null when `raw` is not one. */
export function parseEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const text = raw.trim().toLowerCase();
  return text.length <= 254 && EMAIL.test(text) ? text : null;
}
