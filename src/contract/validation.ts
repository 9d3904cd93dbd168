/**
 * Helpers for zod request schemas so that messages read well in `{field, message}` problems:
 * a missing field says "is required", a wrong type says what was expected.
 */
import { z } from 'zod';

/** A zod `error` option: "is required" when the field is absent, else the given message. */
export function requiredOr(message: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);
}

/** A required, trimmed, non-empty text of at most `max` characters. */
export function requiredText(max: number) {
  return z
    .string({ error: requiredOr('must be a text') })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);
}

/** A finite number (JSON has no NaN/Infinity, but strings like "5" must be refused with a clear message). */
export function requiredNumber() {
  return z.number({ error: requiredOr('must be a number') });
}
