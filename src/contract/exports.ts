/**
 * The Pacer export document (GET /api/v1/exports/pacer) and the OKR spreadsheet's query. The same
 * schema reads a document back (POST /api/v1/imports with source=pacer), where it is untrusted:
 * every text is bounded by Pacer's own field limits and every number is finite, so a document that
 * passes can be written without further checks of its shape. Ids are the exporting Pacer's; the
 * restore maps them to new ones. Never in it: password hashes, sessions, API tokens, Jira
 * connection URLs, usernames or secrets (a Jira link names its connection only).
 */
import { z } from 'zod';
import { PROGRESS_MODES } from '../core';
import { DESCRIPTION_MAX, NAME_MAX, NOTE_MAX, TITLE_MAX, UNIT_MAX, idSchema } from './fields';
import { doneRuleSchema, JQL_MAX } from './links';

export const PACER_EXPORT_FORMAT = 'pacer-export';
export const PACER_EXPORT_VERSION = 1;

const ID_MAX = 100;
const EMAIL_MAX = 320;
const TIMESTAMP_MAX = 40;

const id = z.string().min(1).max(ID_MAX);
const text = (max: number) => z.string().max(max);
// zod numbers are finite already (NaN and Infinity are refused).
const finite = z.number();
const date = z.iso.date({ error: 'must be a real date YYYY-MM-DD' });
/** An instant as Pacer writes it (ISO 8601); the restore reads it with Date.parse and skips what is not one. */
const timestamp = z.string().min(1).max(TIMESTAMP_MAX);
const milestone = z.object({ date, value: finite });

export const exportedUserSchema = z.object({
  id,
  email: text(EMAIL_MAX),
  name: text(NAME_MAX),
  role: z.enum(['admin', 'member']),
  deactivated: z.boolean(),
});

export const exportedTeamSchema = z.object({
  id,
  name: text(NAME_MAX),
  parentId: id.nullable(),
  ownerIds: z.array(id),
  memberIds: z.array(id),
});

export const exportedCycleSchema = z.object({ id, name: text(NAME_MAX), startDate: date, endDate: date });

export const exportedObjectiveSchema = z.object({
  id,
  cycleId: id,
  title: text(TITLE_MAX),
  description: text(DESCRIPTION_MAX),
  ownerId: id.nullable(),
  /** In order; weight in percent 0..100, null = not set. */
  parents: z.array(z.object({ objectiveId: id, weight: finite.nullable() })),
  teamIds: z.array(id),
  startDate: date.nullable(),
  endDate: date.nullable(),
  progressMode: z.enum(PROGRESS_MODES),
  /** Manual objectives: the latest progress, a fraction 0..1. */
  manualProgress: finite.nullable(),
  milestones: z.array(milestone),
  closedAt: timestamp.nullable(),
  score: finite.nullable(),
  createdAt: timestamp,
});

export const exportedKeyResultSchema = z.object({
  id,
  objectiveId: id,
  title: text(TITLE_MAX),
  ownerId: id.nullable(),
  startValue: finite,
  targetValue: finite,
  currentValue: finite,
  unit: text(UNIT_MAX),
  weight: finite,
  milestones: z.array(milestone),
  closedAt: timestamp.nullable(),
  score: finite.nullable(),
  createdAt: timestamp,
});

/** Exactly one of objectiveId and keyResultId is set. */
export const exportedCheckInSchema = z.object({
  id,
  objectiveId: id.nullable(),
  keyResultId: id.nullable(),
  value: finite,
  note: text(NOTE_MAX),
  authorId: id.nullable(),
  createdAt: timestamp,
});

export const exportedCommentSchema = z.object({
  id,
  objectiveId: id.nullable(),
  keyResultId: id.nullable(),
  authorId: id.nullable(),
  text: text(DESCRIPTION_MAX),
  createdAt: timestamp,
});

/** A Jira link without anything secret: its connection by name (null once the connection was deleted). */
export const exportedJiraLinkSchema = z.object({
  objectiveId: id.nullable(),
  keyResultId: id.nullable(),
  connectionName: text(NAME_MAX).nullable(),
  jql: text(JQL_MAX),
  metric: z.enum(['percent_done', 'done_count', 'points_done', 'field_sum']),
  startValue: finite.nullable(),
  targetValue: finite.nullable(),
  field: text(NAME_MAX).nullable(),
  countAll: z.boolean(),
  doneRule: doneRuleSchema,
  periodScoped: z.boolean(),
});

export const pacerExportSchema = z.object({
  format: z.literal(PACER_EXPORT_FORMAT),
  version: z.literal(PACER_EXPORT_VERSION),
  exportedAt: timestamp,
  users: z.array(exportedUserSchema),
  teams: z.array(exportedTeamSchema),
  cycles: z.array(exportedCycleSchema),
  objectives: z.array(exportedObjectiveSchema),
  keyResults: z.array(exportedKeyResultSchema),
  checkIns: z.array(exportedCheckInSchema),
  comments: z.array(exportedCommentSchema),
  jiraLinks: z.array(exportedJiraLinkSchema),
});

/** GET /api/v1/exports/okrs.csv: one cycle's OKRs. */
export const okrsCsvQuery = z.object({ cycleId: idSchema });

export type ExportedUser = z.infer<typeof exportedUserSchema>;
export type ExportedTeam = z.infer<typeof exportedTeamSchema>;
export type ExportedCycle = z.infer<typeof exportedCycleSchema>;
export type ExportedObjective = z.infer<typeof exportedObjectiveSchema>;
export type ExportedKeyResult = z.infer<typeof exportedKeyResultSchema>;
export type ExportedCheckIn = z.infer<typeof exportedCheckInSchema>;
export type ExportedComment = z.infer<typeof exportedCommentSchema>;
export type ExportedJiraLink = z.infer<typeof exportedJiraLinkSchema>;
export type PacerExport = z.infer<typeof pacerExportSchema>;
