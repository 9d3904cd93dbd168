/**
 * Zod building blocks shared by the cycle, objective and key-result routes, so the same field is
 * validated (and documented in OpenAPI) the same way everywhere. Messages complete the sentence
 * "<field> …" in the error body.
 */
import { z } from 'zod';
import { PROGRESS_STATUSES } from '../core';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 10_000;
export const NOTE_MAX = 2_000;
export const UNIT_MAX = 50;
export const NAME_MAX = 200;
const ID_MAX = 100;

export const idSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(ID_MAX, `must be at most ${ID_MAX} characters`);

export const idParams = z.object({ id: idSchema });

export function requiredText(max: number) {
  return z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
}

export function optionalText(max: number) {
  return z.string().trim().max(max, `must be at most ${max} characters`);
}

export const calendarDate = z.iso.date({ error: 'must be a real date in the form YYYY-MM-DD, e.g. 2027-01-31' });

/** JSON cannot carry NaN, but 1e400 parses to Infinity; zod's number() refuses both. */
export const finiteNumber = z.number({ error: 'must be a finite number' });

/**
 * Key result values (start, target, current, check-ins) stay within ±1e15: past that, doubles
 * lose whole numbers and `target - start` can round to 0 or overflow, so progress went silently
 * wrong (0 and "at risk" for ±1e308). 1e15 is still far more than any real measure.
 */
export const VALUE_LIMIT = 1e15;
const VALUE_RANGE_MESSAGE = 'must be between -1e15 and 1e15 (-1000000000000000 and 1000000000000000)';
export const boundedValue = finiteNumber.min(-VALUE_LIMIT, VALUE_RANGE_MESSAGE).max(VALUE_LIMIT, VALUE_RANGE_MESSAGE);

/** A key result's weight in its objective's roll-up: more than 0, at most 1000. */
export const WEIGHT_MAX = 1000;
export const weightSchema = finiteNumber
  .positive(`must be greater than 0 and at most ${WEIGHT_MAX}`)
  .max(WEIGHT_MAX, `must be greater than 0 and at most ${WEIGHT_MAX}`);

export const personSchema = z.object({ id: z.string(), name: z.string() });

/** At most this many milestones per key result or objective (one a week for two years is 104). */
export const MILESTONES_MAX = 120;

/**
 * Phased targets: the value due by the end of each date. The service checks what needs the period
 * (dates inside it, strictly increasing) and names the item, e.g. `milestones.2.date`.
 */
export const milestoneSchema = z.object({ date: z.string(), value: z.number() });

export function milestonesBody(value: z.ZodNumber) {
  return z
    .array(z.object({ date: calendarDate, value }))
    .max(MILESTONES_MAX, `must list at most ${MILESTONES_MAX} milestones`);
}

export const progressStatusSchema = z.enum(PROGRESS_STATUSES);

/** 0..1, or null when there is nothing to measure yet. */
export const progressSchema = z.number().min(0).max(1).nullable();

export const checkInSchema = z.object({
  id: z.string(),
  keyResultId: z.string().nullable(),
  objectiveId: z.string().nullable(),
  value: z.number(),
  note: z.string(),
  author: personSchema,
  createdAt: z.string(),
});

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});

export type Person = z.infer<typeof personSchema>;
export type Status = z.infer<typeof progressStatusSchema>;
export type CheckIn = z.infer<typeof checkInSchema>;
export type ApiErrorBody = z.infer<typeof errorSchema>;
