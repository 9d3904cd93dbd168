/**
 * Zod building blocks shared by the cycle, objective and key-result routes, so the same field is
 * validated (and documented in OpenAPI) the same way everywhere. Messages complete the sentence
 * "<field> …" in the error body.
 */
import { z } from 'zod';

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

export const personSchema = z.object({ id: z.string(), name: z.string() });

export const progressStatusSchema = z.enum(['on_track', 'behind', 'at_risk', 'not_started']);

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
