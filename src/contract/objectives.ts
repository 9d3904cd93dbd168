import { z } from 'zod';
import { PROGRESS_MODES } from '../core';
import { integrationSummarySchema } from './links';
import {
  DESCRIPTION_MAX,
  NOTE_MAX,
  TITLE_MAX,
  calendarDate,
  finiteNumber,
  idSchema,
  optionalText,
  personSchema,
  progressSchema,
  progressStatusSchema,
  requiredText,
} from './fields';
import { keyResultSchema } from './key-results';

const progressModeSchema = z.enum(PROGRESS_MODES, { error: 'must be "key_results" or "manual"' });

export const objectiveSchema = z.object({
  id: z.string(),
  cycleId: z.string(),
  title: z.string(),
  description: z.string(),
  ownerId: z.string().nullable(),
  owner: personSchema.nullable(),
  parentId: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  progressMode: progressModeSchema,
  progress: progressSchema,
  expectedProgress: z.number(),
  status: progressStatusSchema,
  keyResults: z.array(keyResultSchema),
  integration: integrationSummarySchema.nullable(),
  /** Whether the caller may change it (owner, admin, or everyone when the admin allows it). */
  canEdit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const listObjectivesQuery = z.object({ cycleId: idSchema });

export const createObjectiveBody = z.object({
  cycleId: idSchema,
  title: requiredText(TITLE_MAX),
  description: optionalText(DESCRIPTION_MAX).optional(),
  ownerId: idSchema.nullable().optional(),
  parentId: idSchema.nullable().optional(),
  startDate: calendarDate.nullable().optional(),
  endDate: calendarDate.nullable().optional(),
  progressMode: progressModeSchema.optional(),
});

/** Everything optional; cycleId moves the objective to another cycle (e.g. to empty a cycle before deleting it). */
export const changeObjectiveBody = createObjectiveBody.partial();

export const objectiveCheckInBody = z.object({
  value: finiteNumber.min(0, 'must be between 0 and 1 (a fraction: 0.4 means 40%)').max(1, 'must be between 0 and 1 (a fraction: 0.4 means 40%)'),
  note: optionalText(NOTE_MAX).optional(),
});

export type ProgressMode = z.infer<typeof progressModeSchema>;
export type Objective = z.infer<typeof objectiveSchema>;
export type ObjectiveInput = z.input<typeof createObjectiveBody>;
export type ObjectivePatch = z.input<typeof changeObjectiveBody>;
