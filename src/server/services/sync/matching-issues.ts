/**
 * What a sync reads from Jira (only the fields Pacer uses) and how one issue becomes a mirror row,
 * a membership snapshot (the fields that decide "done") and an item a link's metric counts.
 */
import type { MetricIssue } from '../../../core';
import { readNumber, type JiraDeployment, type JiraIssue } from '../../../integrations/jira/index';
import type { MirrorIssue } from '../../db/repositories/jira-mirror-repository';
import type { DoneRule } from './link-options';

export interface FieldNeeds {
  storyPoints: boolean;
  /** Field ids of numeric fields (field_sum links). */
  numericFields: readonly string[];
}

/** The fields every sync asks Jira for (plus story points and numeric fields when links need them). */
export const SYNC_FIELDS = ['summary', 'status', 'assignee', 'resolution', 'resolutiondate', 'created', 'updated'];

/** SYNC_FIELDS plus, on Cloud, when the status category last changed (Data Center has no such field). */
export function syncFieldsFor(deployment: JiraDeployment): string[] {
  return deployment === 'cloud' ? [...SYNC_FIELDS, 'statuscategorychangedate'] : [...SYNC_FIELDS];
}

/** What decides whether an issue is done, by any link's rule: kept per query member. */
export interface DoneFacts {
  status: string;
  statusCategory: string;
  hasResolution: boolean;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

// eslint-disable-next-line no-control-regex -- NUL is what is looked for
const NUL_OR_SURROGATE = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Jira text as Pacer can store it: PostgreSQL text cannot hold NUL and UTF-8 cannot encode half an
 * emoji, so one odd summary in Jira must not fail the whole link's commit.
 */
export function storableText(value: string): string {
  // Almost every text has neither: one scan instead of two rewrites (a sync reads millions of texts).
  if (!NUL_OR_SURROGATE.test(value)) return value;
  return value.replaceAll(String.fromCharCode(0), '').replace(LONE_SURROGATE, '\uFFFD');
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? storableText(value) : null;
}

/** A Jira date-time ("2027-01-15T10:00:00.000+0000") as ISO-8601 UTC; anything unreadable is null. */
/** Jira's usual UTC form, 2026-01-05T10:00:00.000+0000: rewritten without parsing a Date (a sync reads millions). */
const JIRA_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(?:\+0000|\+00:00|Z)$/;

function isoInstant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (JIRA_UTC.test(value)) return `${value.slice(0, 23)}Z`;
  const time = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The numbers of an issue whose query asked for no numeric field (shared: never written to). */
const NO_NUMBERS: ReadonlyMap<string, number | null> = new Map();

/** A Jira issue as the mirror stores it. Story points / numeric fields not asked for stay undefined / absent. */
export function toMirrorIssue(issue: JiraIssue, storyPointsFieldId: string | null | undefined, numericFields: readonly string[]): MirrorIssue {
  const fields = issue.fields;
  const status = record(fields.status);
  const category = record(status?.statusCategory);
  const assignee = record(fields.assignee);
  const resolution = record(fields.resolution);
  return {
    issueId: issue.id,
    key: issue.key ?? issue.id,
    summary: text(fields.summary) ?? '',
    status: text(status?.name) ?? '',
    statusCategory: text(category?.key) ?? '',
    assignee: text(assignee?.displayName) ?? null,
    // A resolution without a name still counts as resolved: kept as ''.
    resolution: fields.resolution === null || fields.resolution === undefined ? null : (text(resolution?.name) ?? ''),
    createdAt: isoInstant(fields.created),
    resolutionDate: isoInstant(fields.resolutiondate),
    statusCategoryChangedAt: isoInstant(fields.statuscategorychangedate),
    updatedAt: isoInstant(fields.updated),
    storyPoints: storyPointsFieldId === undefined ? undefined : storyPointsFieldId === null ? null : readNumber(fields, storyPointsFieldId),
    numbers: numericFields.length === 0 ? NO_NUMBERS : new Map(numericFields.map((id) => [id, readNumber(fields, id)])),
  };
}

export function doneFactsOf(issue: MirrorIssue): DoneFacts {
  return { status: issue.status, statusCategory: issue.statusCategory, hasResolution: issue.resolution !== null };
}

/**
 * Issues per search page a sync asks for: the most each deployment will serve, so a query costs as
 * few requests as it can. Cloud answers fewer than asked when fields are requested (100 on most
 * sites) and pages on by token; Data Center silently lowers maxResults to its own limit
 * (1,000 unless an admin changed it), and the walker advances by what actually came back.
 */
export const SYNC_PAGE_SIZE = { cloud: 5000, datacenter: 1000 } as const;

export function isDone(issue: DoneFacts, rule: DoneRule): boolean {
  switch (rule.type) {
    case 'status_category':
      return issue.statusCategory === 'done';
    case 'resolution':
      return issue.hasResolution;
    case 'statuses': {
      const status = issue.status.trim().toLowerCase();
      return rule.statuses.some((name) => name.trim().toLowerCase() === status);
    }
  }
}

/** How a link sees an issue: done by its rule, and the amount its metric sums. Links that see issues the same way share one view. */
export interface LinkViewSpec {
  doneRule: DoneRule;
  usesPoints: boolean;
  field: string | null;
}

export function viewKeyOf(view: LinkViewSpec): string {
  return JSON.stringify([view.doneRule, view.usesPoints, view.field]);
}

export function metricIssueOf(issue: MirrorIssue, view: LinkViewSpec): Omit<MetricIssue, 'key'> {
  return {
    done: isDone(doneFactsOf(issue), view.doneRule),
    points: view.usesPoints ? (issue.storyPoints ?? null) : null,
    value: view.field === null ? null : (issue.numbers.get(view.field) ?? null),
  };
}
