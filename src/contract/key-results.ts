import { z } from 'zod';
import { integrationSummarySchema } from './links';
import {
  NOTE_MAX,
  TITLE_MAX,
  UNIT_MAX,
  boundedValue,
  idSchema,
  milestoneSchema,
  milestonesBody,
  optionalText,
  personSchema,
  progressSchema,
  progressStatusSchema,
  requiredText,
  weightSchema,
} from './fields';

export const keyResultSchema = z.object({
  id: z.string(),
  objectiveId: z.string(),
  title: z.string(),
  ownerId: z.string().nullable(),
  owner: personSchema.nullable(),
  startValue: z.number(),
  targetValue: z.number(),
  currentValue: z.number(),
  unit: z.string(),
  weight: z.number(),
  /** Phased targets in the key result's unit, date order; [] when its expected line is straight. */
  milestones: z.array(milestoneSchema),
  progress: progressSchema,
  expectedProgress: z.number(),
  status: progressStatusSchema,
  integration: integrationSummarySchema.nullable(),
  /** Whether the caller may change it (owner, admin, or everyone when the admin allows it). */
  canEdit: z.boolean(),
  /** When it was closed (an imported "Closed" status); null while open. */
  closedAt: z.string().nullable(),
  /** The score it was given (imported, e.g. Viva's 0.0–1.0); null when none. */
  score: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const createKeyResultBody = z.object({
  title: requiredText(TITLE_MAX),
  startValue: boundedValue,
  targetValue: boundedValue,
  currentValue: boundedValue.optional(),
  unit: optionalText(UNIT_MAX).optional(),
  weight: weightSchema.optional(),
  ownerId: idSchema.nullable().optional(),
  /** Replaces the milestones; dates inside the objective's period, strictly increasing. */
  milestones: milestonesBody(boundedValue).optional(),
});

export const changeKeyResultBody = createKeyResultBody.partial();

export const keyResultCheckInBody = z.object({
  value: boundedValue,
  note: optionalText(NOTE_MAX).optional(),
});

export type KeyResult = z.infer<typeof keyResultSchema>;
export type KeyResultInput = z.input<typeof createKeyResultBody>;
export type KeyResultPatch = z.input<typeof changeKeyResultBody>;
/** A check-in on a key result or (in 0..1) on a manual objective. */
export type CheckInInput = z.input<typeof keyResultCheckInBody>;
