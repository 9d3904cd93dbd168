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
  milestoneSchema,
  milestonesBody,
  optionalText,
  personSchema,
  progressSchema,
  progressStatusSchema,
  requiredText,
} from './fields';
import { keyResultSchema } from './key-results';

const progressModeSchema = z.enum(PROGRESS_MODES, { error: 'must be "key_results" or "manual"' });

/** A parent an objective is aligned under; weight in percent 0..100 of the parent's roll-up, null when not set. */
export const objectiveParentSchema = z.object({ objectiveId: z.string(), weight: z.number().nullable() });

export const PARENTS_MAX = 50;
export const OBJECTIVE_TEAMS_MAX = 100;
const WEIGHT_PERCENT_MESSAGE = 'must be a percentage from 0 to 100 (or null for "not set")';

const parentsBody = z
  .array(
    z.object({
      objectiveId: idSchema,
      weight: finiteNumber.min(0, WEIGHT_PERCENT_MESSAGE).max(100, WEIGHT_PERCENT_MESSAGE).nullable().optional(),
    }),
  )
  .max(PARENTS_MAX, `must list at most ${PARENTS_MAX} parents`);

const fractionMessage = 'must be between 0 and 1 (a fraction: 0.4 means 40%)';

export const objectiveSchema = z.object({
  id: z.string(),
  cycleId: z.string(),
  title: z.string(),
  description: z.string(),
  ownerId: z.string().nullable(),
  owner: personSchema.nullable(),
  /** The first of `parents` (kept from before several parents existed). */
  parentId: z.string().nullable(),
  /** Every parent in order, with its weight in the parent's roll-up. */
  parents: z.array(objectiveParentSchema),
  /** The teams it belongs to. */
  teamIds: z.array(z.string()),
  /** Phased targets of a manual objective (fractions 0..1), date order; [] otherwise. */
  milestones: z.array(milestoneSchema),
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
  /** When it was closed (an imported "Closed" status); null while open. */
  closedAt: z.string().nullable(),
  /** The score it was given (imported, e.g. Viva's 0.0–1.0); null when none. */
  score: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const listObjectivesQuery = z.object({
  cycleId: idSchema,
  /** Only objectives belonging to this team. */
  teamId: idSchema.optional(),
  /** "true": only objectives the caller owns or that belong to a team the caller owns or is a member of. */
  mine: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).optional(),
});

export const createObjectiveBody = z.object({
  cycleId: idSchema,
  title: requiredText(TITLE_MAX),
  description: optionalText(DESCRIPTION_MAX).optional(),
  ownerId: idSchema.nullable().optional(),
  /** The first parent; with `parents` too it must be parents[0]. null clears every parent. */
  parentId: idSchema.nullable().optional(),
  /** Replaces every parent, in order. */
  parents: parentsBody.optional(),
  /** Replaces the teams it belongs to. */
  teamIds: z.array(idSchema).max(OBJECTIVE_TEAMS_MAX, `must list at most ${OBJECTIVE_TEAMS_MAX} teams`).optional(),
  startDate: calendarDate.nullable().optional(),
  endDate: calendarDate.nullable().optional(),
  progressMode: progressModeSchema.optional(),
  /** Replaces the milestones (manual objectives only): fractions 0..1, dates inside its period, strictly increasing. */
  milestones: milestonesBody(finiteNumber.min(0, fractionMessage).max(1, fractionMessage)).optional(),
});

/** Everything optional; cycleId moves the objective to another cycle (e.g. to empty a cycle before deleting it). */
export const changeObjectiveBody = createObjectiveBody.partial();

export const objectiveCheckInBody = z.object({
  value: finiteNumber.min(0, fractionMessage).max(1, fractionMessage),
  note: optionalText(NOTE_MAX).optional(),
});

export type ProgressMode = z.infer<typeof progressModeSchema>;
export type Objective = z.infer<typeof objectiveSchema>;
export type ObjectiveInput = z.input<typeof createObjectiveBody>;
export type ObjectivePatch = z.input<typeof changeObjectiveBody>;
