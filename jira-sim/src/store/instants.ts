/**
 * Timestamps a write may set (created, updated, resolutionDate, statusCategoryChangedAt, `at`).
 * The store keeps every instant in toISOString() form: JQL compares those as strings and the
 * renderer formats them without parsing, so other spellings are normalised on the way in.
 */
import { SimStoreError } from './errors';

/** Fields of an issue holding instants, plus a write's `at`. */
export const INSTANT_FIELDS = ['created', 'updated', 'resolutionDate', 'statusCategoryChangedAt', 'at'] as const;

/** ISO 8601 date and time with a zone: `Z`, `+02:00` or Jira's own `+0200`. */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** The canonical form of an ISO instant, or null when the text is not one (or names no real day). */
export function canonicalInstant(text: string): string | null {
  const match = ISO_INSTANT.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.parse rolls 2026-02-30 over to 2 March; a write naming a day that doesn't exist is a mistake.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day || month < 1 || month > 12) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The latest of some canonical instants (they order as strings). */
export function latestInstant(first: string, ...others: Array<string | null | undefined>): string {
  let latest = first;
  for (const other of others) if (other && other > latest) latest = other;
  return latest;
}

/** The same fields with every instant in canonical form; a malformed one is a 400 naming the field. */
export function normalizeInstants<T extends Partial<Record<(typeof INSTANT_FIELDS)[number], string | null | undefined>>>(fields: T): T {
  let out = fields;
  for (const name of INSTANT_FIELDS) {
    const value = fields[name];
    if (typeof value !== 'string') continue;
    const canonical = canonicalInstant(value);
    if (canonical === null) {
      throw new SimStoreError(`${name} must be an ISO 8601 instant with a time zone, such as 2026-03-02T12:00:00Z; '${value}' is not one.`, 400);
    }
    if (canonical !== value) out = { ...out, [name]: canonical };
  }
  return out;
}
