/**
 * Field discovery. Custom field ids differ per Jira site (story points are `customfield_10016` on
 * one site and `customfield_10106` on the next), so Pacer finds them through `/field` by name and
 * schema and never hard-codes an id.
 */
import type { JiraFieldBody } from './schemas';

export interface JiraField {
  id: string;
  name: string;
  custom: boolean;
  /** Jira's schema type: "number", "string", "array", "option", … (undefined for a few system fields). */
  type: string | undefined;
  /** Custom field type key, e.g. "com.atlassian.jira.plugin.system.customfieldtypes:float". */
  customType: string | undefined;
  /** Names usable in JQL, e.g. ["cf[10016]", "Story Points"]. */
  clauseNames: string[];
}

/** Jira Software's own story-points type (Cloud team-managed "Story point estimate"). */
export const JSW_STORY_POINTS_TYPE = 'com.pyxis.greenhopper.jira:jsw-story-points';
export const FLOAT_FIELD_TYPE = 'com.atlassian.jira.plugin.system.customfieldtypes:float';

export function normaliseField(body: JiraFieldBody): JiraField {
  return {
    id: body.id,
    name: body.name,
    custom: body.custom ?? body.id.startsWith('customfield_'),
    type: body.schema?.type,
    customType: body.schema?.custom,
    clauseNames: body.clauseNames ?? [],
  };
}

export function isNumericField(field: JiraField): boolean {
  return field.type === 'number' || field.customType === FLOAT_FIELD_TYPE || field.customType === JSW_STORY_POINTS_TYPE;
}

const normaliseName = (name: string): string => name.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Ranks a field as a story-points candidate; lower is better, undefined means "not story points".
 * Jira Software's dedicated type wins, then the classic "Story Points" name, then the team-managed
 * "Story point estimate" name, then any other numeric field whose name mentions story points.
 */
function storyPointsRank(field: JiraField): number | undefined {
  if (field.customType === JSW_STORY_POINTS_TYPE) return 0;
  if (!isNumericField(field)) return undefined;
  const name = normaliseName(field.name);
  if (name === 'story points') return 1;
  if (name === 'story point estimate') return 2;
  if (/story ?points?/.test(name)) return 3;
  return undefined;
}

/** Every field that holds story points, best candidate first (a Cloud site often has two). */
export function findStoryPointsFields(fields: readonly JiraField[]): JiraField[] {
  return fields
    .map((field) => ({ field, rank: storyPointsRank(field) }))
    .filter((entry): entry is { field: JiraField; rank: number } => entry.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.field.id.localeCompare(b.field.id))
    .map((entry) => entry.field);
}

export function findStoryPointsField(fields: readonly JiraField[]): JiraField | undefined {
  return findStoryPointsFields(fields)[0];
}

/** Reads a numeric field value from an issue's `fields`, tolerating Jira's null for "empty". */
export function readNumber(fields: Record<string, unknown>, fieldId: string): number | null {
  const value = fields[fieldId];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
