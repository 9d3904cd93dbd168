/**
 * Shapes the control API accepts, so a typo in a test's fault or issue body is a clear 400
 * instead of a silently ignored setting.
 */
import { z } from 'zod';

const probability = z.number().min(0).max(1).optional();

export const faultConfigSchema = z.strictObject({
  latencyMs: z.number().int().min(0).optional(),
  jitterMs: z.number().int().min(0).optional(),
  rateLimit: z
    .strictObject({
      requestsPerSecond: z.number().int().min(0),
      reason: z.enum(['jira-burst-based', 'jira-quota-global-based', 'jira-quota-tenant-based', 'jira-per-issue-on-write']).optional(),
    })
    .optional(),
  serviceUnavailable: z.strictObject({ probability, retryAfterSeconds: z.number().int().min(0).optional() }).optional(),
  serverError: z.strictObject({ probability }).optional(),
  dropConnection: z.strictObject({ probability }).optional(),
  hang: z.strictObject({ probability }).optional(),
  malformedJson: z.strictObject({ probability }).optional(),
  failNext: z
    .strictObject({
      count: z.number().int().min(0),
      status: z.number().int().min(400).max(599).optional(),
      retryAfterSeconds: z.number().int().min(0).optional(),
    })
    .optional(),
  searchLagMs: z.number().int().min(0).optional(),
  pageDrift: z.strictObject({ movesPerPage: z.number().int().min(0).optional() }).optional(),
  paths: z.array(z.string()).optional(),
});

export const settingsSchema = z.strictObject({
  anonymousAccess: z.boolean().optional(),
  basicAuthDisabled: z.boolean().optional(),
  dataCenterMaxResults: z.number().int().min(1).optional(),
  cloudFieldsPageCap: z.number().int().min(1).max(5000).optional(),
  dataCenterVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'must look like 10.3.2').optional(),
});

const issueFields = {
  issueType: z.enum(['Epic', 'Story', 'Task', 'Bug', 'Sub-task']).optional(),
  summary: z.string().optional(),
  description: z.string().nullable().optional(),
  statusId: z.string().optional(),
  resolution: z.string().nullable().optional(),
  resolutionDate: z.string().nullable().optional(),
  // Instants (ISO 8601 with a zone); the store checks and normalises them, naming a bad one.
  created: z.string().optional(),
  updated: z.string().optional(),
  statusCategoryChangedAt: z.string().optional(),
  dueDate: z.string().nullable().optional(),
  assigneeAccountId: z.string().nullable().optional(),
  reporterAccountId: z.string().nullable().optional(),
  labels: z.array(z.string()).optional(),
  priority: z.string().nullable().optional(),
  components: z.array(z.string()).optional(),
  fixVersions: z.array(z.string()).optional(),
  parentKey: z.string().nullable().optional(),
  epicLinkKey: z.string().nullable().optional(),
  storyPoints: z.number().nullable().optional(),
  originalEstimateSeconds: z.number().int().nullable().optional(),
  remainingEstimateSeconds: z.number().int().nullable().optional(),
  timeSpentSeconds: z.number().int().nullable().optional(),
  customNumbers: z.record(z.string(), z.number().nullable()).optional(),
  /** Who makes the change (accountId, username or email); shows in webhooks and changelogs. */
  actor: z.string().optional(),
};

/** When the write happens on the Jira clock (ISO instant), to backdate history; default now. */
const at = z.string().optional();

export const issuePatchSchema = z.strictObject({ ...issueFields, assignee: z.string().nullable().optional(), at });

export const issueCreateSchema = z.strictObject({
  ...issueFields,
  assignee: z.string().nullable().optional(),
  projectKey: z.string().min(1),
  summary: z.string().min(1),
  key: z.string().optional(),
  id: z.string().optional(),
  status: z.string().optional(),
});

export const transitionSchema = z.strictObject({
  status: z.string().min(1),
  resolution: z.string().nullable().optional(),
  actor: z.string().optional(),
  at,
});

export const webhookSchema = z.strictObject({
  url: z.string().url(),
  jql: z.string().optional(),
  events: z.array(z.enum(['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted'])).optional(),
  duplicateDeliveries: z.number().int().min(0).max(10).optional(),
  retry: z.strictObject({ maxRetries: z.number().int().min(0).max(20).optional(), delayMs: z.number().int().min(0).optional() }).optional(),
});

export const scenarioSchema = z.union([
  z.strictObject({ name: z.string().min(1), options: z.record(z.string(), z.unknown()).optional() }),
  z.strictObject({ dataset: z.record(z.string(), z.unknown()) }),
]);
