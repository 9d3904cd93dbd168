/**
 * zod schemas for every Jira response the client reads. They check only what Pacer relies on and
 * let everything else through untouched, so a newer Jira with extra properties still works, while a
 * proxy login page or a different API answering on the same path is caught as `bad_response`.
 * Shapes follow Atlassian's OpenAPI description (ServerInformation, User, FieldDetails, IssueBean,
 * SearchAndReconcileResults, JQLCountResultsBean, SearchResults, ErrorCollection).
 */
import { z } from 'zod';

export const serverInfoSchema = z.object({
  baseUrl: z.string(),
  version: z.string(),
  // Cloud says "Cloud"; Data Center says "Server" (some releases "DataCenter").
  deploymentType: z.string(),
  serverTitle: z.string().optional(),
});

export const myselfSchema = z
  .object({
    accountId: z.string().optional(),
    name: z.string().optional(),
    key: z.string().optional(),
    displayName: z.string(),
    emailAddress: z.string().optional(),
    active: z.boolean().optional(),
  })
  .refine((user) => user.accountId !== undefined || user.name !== undefined, {
    message: 'the user has neither accountId (Cloud) nor name (Data Center)',
  });

export const fieldSchema = z.object({
  id: z.string(),
  name: z.string(),
  custom: z.boolean().optional(),
  clauseNames: z.array(z.string()).optional(),
  schema: z
    .object({
      type: z.string(),
      custom: z.string().optional(),
      customId: z.number().optional(),
      items: z.string().optional(),
      system: z.string().optional(),
    })
    .optional(),
});
export const fieldListSchema = z.array(fieldSchema);

export const issueSchema = z.object({
  id: z.string(),
  // Cloud search answers bare `{ "id": … }` objects when only `id` is asked for.
  key: z.string().optional(),
  self: z.string().optional(),
  // Values stay `unknown`: the caller asked for the fields and interprets them.
  fields: z.record(z.string(), z.unknown()).default({}),
});

export type JiraIssue = z.infer<typeof issueSchema>;

/** zod's words for a value's type ("received array"), never the value itself. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The issues of a search or bulk-fetch page, checked by hand against issueSchema's rules with
 * zod's own messages and paths. A sync reads hundreds of thousands of issues, and zod copying
 * each issue and its fields record was a tenth of a large round's parsing time and much of its
 * garbage; this keeps the parsed objects, taking only id, key and fields from each.
 */
const issueListSchema = z.array(z.unknown()).transform((items, context): JiraIssue[] => {
  const issues = new Array<JiraIssue>(items.length);
  let failed = false;
  const wrong = (path: Array<string | number>, expected: 'string' | 'object' | 'record', value: unknown): void => {
    failed = true;
    context.issues.push({ code: 'invalid_type', expected, path, input: value, message: `Invalid input: expected ${expected}, received ${typeName(value)}` });
  };
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    if (!isPlainRecord(item)) {
      wrong([index], 'object', item);
      continue;
    }
    const { id, key, self, fields } = item;
    if (typeof id !== 'string') wrong([index, 'id'], 'string', id);
    if (key !== undefined && typeof key !== 'string') wrong([index, 'key'], 'string', key);
    if (self !== undefined && typeof self !== 'string') wrong([index, 'self'], 'string', self);
    if (fields !== undefined && !isPlainRecord(fields)) wrong([index, 'fields'], 'record', fields);
    if (failed) continue;
    issues[index] = { id: id as string, ...(key === undefined ? {} : { key: key as string }), fields: (fields as Record<string, unknown> | undefined) ?? {} };
  }
  return issues;
});

export const cloudSearchPageSchema = z.object({
  issues: issueListSchema,
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

export const dataCenterSearchPageSchema = z.object({
  startAt: z.number().int().nonnegative(),
  maxResults: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  issues: issueListSchema,
  warningMessages: z.array(z.string()).optional(),
});

export const bulkFetchSchema = z.object({
  issues: issueListSchema,
  issueErrors: z.array(z.unknown()).optional(),
});

export const approximateCountSchema = z.object({
  count: z.number().int().nonnegative(),
});

/** Jira's ErrorCollection, plus the `{message}` shape Data Center uses for some 403s. */
export const errorBodySchema = z.object({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.string()).optional(),
  message: z.string().optional(),
  warningMessages: z.array(z.string()).optional(),
});

export type ServerInfoBody = z.infer<typeof serverInfoSchema>;
export type MyselfBody = z.infer<typeof myselfSchema>;
export type JiraFieldBody = z.infer<typeof fieldSchema>;
export type CloudSearchPage = z.infer<typeof cloudSearchPageSchema>;
export type DataCenterSearchPage = z.infer<typeof dataCenterSearchPageSchema>;

/**
 * Describes why a body did not match, naming paths and expected types only. zod's messages say
 * what was expected and the received *type*, never the received value, so no payload leaks.
 */
export function describeSchemaIssues(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const where = issue.path.length === 0 ? 'the body' : `"${issue.path.join('.')}"`;
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > limit ? ` (and ${error.issues.length - limit} more)` : '';
  return parts.join('; ') + more;
}

/** Collects Jira's own error texts from an ErrorCollection-like body, verbatim and in order. */
export function extractJiraMessages(body: unknown): string[] {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return [];
  const { errorMessages = [], errors = {}, message } = parsed.data;
  const messages = [...errorMessages, ...Object.values(errors)];
  if (message !== undefined) messages.push(message);
  return messages;
}
