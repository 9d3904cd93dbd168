/** UTC calendar-day arithmetic for the insight: days are 'YYYY-MM-DD' strings, which also sort as text. */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of a real calendar date, or null when the text is not one (e.g. 2025-02-30). */
function parseDay(text: string): Date | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // setUTCFullYear instead of Date.UTC because Date.UTC maps years 0..99 to 1900..1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // A day that rolled over (2025-02-30 → 03-02) was not a real date.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

/** Throws a message that says what to send when `text` is not a real calendar date. */
export function assertDay(text: string, label: string): void {
  if (parseDay(text) === null) {
    throw new Error(`${label} "${text}" is not a real calendar date; use the form YYYY-MM-DD, e.g. 2025-01-31.`);
  }
}

function dayNumber(text: string): number {
  const date = parseDay(text);
  if (date === null) throw new Error(`"${text}" is not a real calendar date; use the form YYYY-MM-DD, e.g. 2025-01-31.`);
  return Math.round(date.getTime() / MS_PER_DAY);
}

function dayText(dayNumberValue: number): string {
  return new Date(dayNumberValue * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The day `days` calendar days after `day` (before it when negative). */
export function addDays(day: string, days: number): string {
  return dayText(dayNumber(day) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier); 0 for the same day. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Milliseconds of an ISO instant, with a message naming the bad value when it is not one. */
export function instantMs(at: string): number {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new Error(`Sync run time "${at}" is not an ISO instant; record runs with e.g. 2025-01-31T09:30:00.000Z.`);
  return ms;
}

/** The UTC calendar day of an ISO instant ('2025-01-31T23:30:00-02:00' is 2025-02-01). */
export function utcDayOf(at: string): string {
  return new Date(instantMs(at)).toISOString().slice(0, 10);
}

/** Runs in the order they finished (a stable sort keeps the given order for equal instants). */
export function byFinishTime<T extends { at: string }>(runs: readonly T[]): T[] {
  return runs
    .map((run, index) => ({ run, ms: instantMs(run.at), index }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index)
    .map(({ run }) => run);
}
