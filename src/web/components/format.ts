import dayjs from 'dayjs';
import { displayPercent } from '../../core/progress';
import type { Status } from '../api/types';

export const STATUS_LABEL: Record<Status, string> = {
  on_track: 'On track',
  behind: 'Behind',
  at_risk: 'At risk',
  not_started: 'Not started',
};

export const STATUS_COLOR: Record<Status, string> = {
  on_track: 'green',
  behind: 'orange',
  at_risk: 'red',
  not_started: 'gray',
};

/**
 * The status word's text colour: Mantine's green-8 and orange-8 fall below WCAG AA's 4.5:1 for
 * small text (3.5:1 on white, found by axe); these darker shades keep ≥ 5:1 on white and gray-0.
 */
export const STATUS_TEXT_COLOR: Record<Status, string | undefined> = {
  on_track: '#237032',
  behind: '#a63e00',
  at_risk: '#c92a2a',
  not_started: undefined,
};

/** "30%", or an em dash when progress is unknown (null). Halves round up, as everywhere in Pacer. */
export function percentText(progress: number | null): string {
  return progress === null ? '—' : `${displayPercent(progress)}%`;
}

/** Built once: constructing an Intl.NumberFormat per call cost ≈ 0.17 s on a 500-objective page. */
const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/** A number as a person writes it: no float noise, thousands separated. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** "3 customers", "8%", "12" — units that are symbols stick to the number. */
export function formatValue(value: number, unit: string): string {
  const number = formatNumber(value);
  if (!unit) return number;
  return /^[%$€£¥]/.test(unit) || unit.length === 1 ? `${number}${unit}` : `${number} ${unit}`;
}

export function formatDate(date: string): string {
  return dayjs(date).format('D MMM YYYY');
}

/** "1 Jan – 31 Mar 2027", dropping the repeated year. */
export function formatDateRange(startDate: string, endDate: string): string {
  const start = dayjs(startDate);
  const end = dayjs(endDate);
  const startFormat = start.year() === end.year() ? 'D MMM' : 'D MMM YYYY';
  return `${start.format(startFormat)} – ${end.format('D MMM YYYY')}`;
}

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "5 minutes ago", "yesterday"; older than a week shows the date. */
export function relativeTime(instant: string, now: Date = new Date()): string {
  const seconds = Math.round((new Date(instant).getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relativeFormat.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86_400) return relativeFormat.format(Math.round(seconds / 86_400), 'day');
  return dayjs(instant).format('D MMM YYYY');
}

export function formatInstant(instant: string): string {
  return dayjs(instant).format('D MMM YYYY, HH:mm');
}

/** Today as 'YYYY-MM-DD' in the viewer's time zone. */
export function todayIso(): string {
  return dayjs().format('YYYY-MM-DD');
}

/** A sync interval as a person says it: "once a day", "every 12 hours", "every 90 minutes", "every 7 days". */
export function intervalInWords(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? 'once a day' : `every ${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'every hour' : `every ${minutes / 60} hours`;
  return `every ${minutes} minutes`;
}
