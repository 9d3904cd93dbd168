/**
 * Reading a Jira webhook delivery: only `jira:issue_created|updated|deleted` matter, and of those
 * only what says which links the change can affect — the issue's key and id, its project (key, id,
 * name), and the keys of its parent or epic. The schema keeps every other field out (Jira sends the
 * whole issue; extra fields are expected and ignored). Payloads are never logged.
 */
import { z } from 'zod';

export const ISSUE_EVENTS = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted'] as const;
export type IssueEventName = (typeof ISSUE_EVENTS)[number];

/** What a Jira issue key looks like: project key (letter first), dash, number. */
const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-\d+$/i;

const looseString = z.string().optional().catch(undefined);
const keyed = z.object({ key: looseString }).optional().catch(undefined);

const issueSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String).optional().catch(undefined),
  key: z.string().regex(ISSUE_KEY),
  fields: z.record(z.string(), z.unknown()).optional().catch(undefined),
});

const changelogSchema = z
  .object({
    items: z
      .array(
        z.object({ field: looseString, fieldId: looseString, from: z.unknown(), fromString: z.unknown(), to: z.unknown(), toString: z.unknown() }),
      )
      .catch([]),
  })
  .optional()
  .catch(undefined);

const deliverySchema = z.object({
  webhookEvent: z.string(),
  issue: z.unknown().optional(),
  changelog: changelogSchema,
});

export interface IssueChangeFacts {
  event: IssueEventName;
  issueKey: string;
  issueId: string | null;
  project: { key: string | null; id: string | null; name: string | null };
  /** Parent, epic (Epic Link), and keys the change moved the issue from (old parent, old key). */
  relatedKeys: string[];
}

export type ParsedDelivery =
  | { kind: 'issue'; facts: IssueChangeFacts }
  | { kind: 'other'; event: string }
  | { kind: 'invalid'; message: string };

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function issueKeyIn(value: unknown): string | null {
  const candidate = text(value);
  return candidate !== null && ISSUE_KEY.test(candidate) ? candidate.toUpperCase() : null;
}

function projectOf(fields: Record<string, unknown>): IssueChangeFacts['project'] {
  const project = fields.project;
  if (typeof project !== 'object' || project === null) return { key: null, id: null, name: null };
  const record = project as Record<string, unknown>;
  return { key: text(record.key), id: text(record.id), name: text(record.name) };
}

/**
 * Parent and epic keys: `parent.key` (Cloud, sub-tasks everywhere) and any custom field holding an
 * issue key — the Data Center "Epic Link" field, whose id differs per site.
 */
function relatedKeysOf(fields: Record<string, unknown>): string[] {
  const keys: string[] = [];
  const parent = keyed.parse(fields.parent);
  const parentKey = issueKeyIn(parent?.key);
  if (parentKey) keys.push(parentKey);
  for (const [id, value] of Object.entries(fields)) {
    if (!id.startsWith('customfield_')) continue;
    const key = issueKeyIn(value);
    if (key) keys.push(key);
  }
  return keys;
}

export function parseDelivery(body: unknown): ParsedDelivery {
  const delivery = deliverySchema.safeParse(body);
  if (!delivery.success) return { kind: 'invalid', message: 'The body is not a Jira webhook event: it has no "webhookEvent".' };
  const event = delivery.data.webhookEvent;
  if (!(ISSUE_EVENTS as readonly string[]).includes(event)) return { kind: 'other', event };
  const issue = issueSchema.safeParse(delivery.data.issue);
  if (!issue.success) return { kind: 'invalid', message: `The ${event} event has no issue with a key.` };

  const fields = issue.data.fields ?? {};
  const related = relatedKeysOf(fields);
  // An update that moved the issue (new parent, new epic, new key) names where it came from.
  for (const item of delivery.data.changelog?.items ?? []) {
    for (const value of [item.from, item.fromString, item.to, item.toString]) {
      const key = issueKeyIn(value);
      if (key) related.push(key);
    }
  }
  const issueKey = issue.data.key.toUpperCase();
  return {
    kind: 'issue',
    facts: {
      event: event as IssueEventName,
      issueKey,
      issueId: issue.data.id ?? null,
      project: projectOf(fields),
      relatedKeys: [...new Set(related)].filter((key) => key !== issueKey),
    },
  };
}
