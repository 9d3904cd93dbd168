/**
 * Request and response schemas of /integrations. The secret appears only in request bodies; no
 * response schema has a field that could carry it, so the serializer would drop it even if a bug
 * put it in a view.
 */
import { z } from 'zod';
import { requiredOr, requiredText } from './validation';

export const CONNECTION_NAME_MAX = 100;
const URL_MAX = 2_000;
const USERNAME_MAX = 254;
/** Atlassian API tokens are about 200 characters; leave room for longer tokens and passwords. */
const SECRET_MAX = 4_000;

export const integrationSchema = z
  .object({
    type: z.literal('jira'),
    enabled: z.boolean(),
    /** Admins only: connections may use link-local / cloud-metadata addresses. */
    allowLinkLocal: z.boolean().optional(),
  })
  .meta({ id: 'Integration' });

export const jiraIntegrationSchema = z.object({ type: z.literal('jira'), enabled: z.boolean(), allowLinkLocal: z.boolean() });

export const updateJiraIntegrationBody = z.object({
  enabled: z.boolean({ error: requiredOr('must be true or false') }),
  allowLinkLocal: z.boolean({ error: 'must be true or false' }).optional(),
});

/** A scope is a filter such as project in (AE, OPS); longer ones are a sign something else was pasted. */
const SCOPE_JQL_MAX = 2_000;

// Blank or null clears the scope.
const scopeJqlSchema = z
  .string({ error: 'must be a JQL text such as project in (AE, OPS), or null for no scope' })
  .trim()
  .max(SCOPE_JQL_MAX, `must be at most ${SCOPE_JQL_MAX} characters`)
  .nullable();

const linkAccessSchema = z.enum(['everyone', 'admins'], {
  error: 'must be "everyone" (any signed-in user may link with it) or "admins" (admins only)',
});

const authTypeSchema = z.enum(['basic', 'bearer'], {
  error: 'must be "basic" (password or API token) or "bearer" (Data Center personal access token)',
});

const urlSchema = z
  .string({ error: requiredOr('must be a text such as https://your-company.atlassian.net') })
  .trim()
  .min(1, 'must not be empty; enter the address of your Jira site')
  .max(URL_MAX, `must be at most ${URL_MAX} characters`);

const usernameSchema = z
  .string({ error: 'must be a text' })
  .trim()
  .max(USERNAME_MAX, `must be at most ${USERNAME_MAX} characters`);

// Surrounding whitespace is a copy-paste accident (a token never has any), not part of the secret.
const secretText = z.string({ error: requiredOr('must be a text') }).trim().max(SECRET_MAX, `must be at most ${SECRET_MAX} characters`);

export const createConnectionBody = z.object({
  name: requiredText(CONNECTION_NAME_MAX),
  url: urlSchema,
  username: usernameSchema.optional(),
  secret: secretText.min(1, 'must not be empty; enter the password, API token or personal access token'),
  authType: authTypeSchema.optional(),
  scopeJql: scopeJqlSchema.optional(),
  linkAccess: linkAccessSchema.optional(),
});

/** Every field optional; a blank or absent secret keeps the stored one. */
export const changeConnectionBody = z.object({
  name: requiredText(CONNECTION_NAME_MAX).optional(),
  url: urlSchema.optional(),
  username: usernameSchema.optional(),
  secret: secretText.optional(),
  authType: authTypeSchema.optional(),
  scopeJql: scopeJqlSchema.optional(),
  linkAccess: linkAccessSchema.optional(),
});

export const connectionIdParams = z.object({ id: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters') });

export const jiraConnectionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    username: z.string(),
    authType: z.enum(['basic', 'bearer']),
    deploymentType: z.enum(['cloud', 'datacenter']),
    jiraUser: z
      .object({ displayName: z.string(), accountId: z.string().nullable(), username: z.string().nullable() })
      .nullable(),
    health: z.object({
      status: z.enum(['ok', 'failing', 'unknown']),
      lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
      lastCheckedAt: z.string().nullable(),
    }),
    linkedItems: z.number().int(),
    /** live: Jira's webhook delivered within the last hour. */
    webhook: z.object({ live: z.boolean(), lastDeliveryAt: z.string().nullable() }),
    /** ANDed onto every preview, link and sync of this connection; null: none. */
    scopeJql: z.string().nullable(),
    linkAccess: z.enum(['everyone', 'admins']),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'JiraConnection' });

export const jiraConnectionSummarySchema = z.object({ id: z.string(), name: z.string() }).meta({ id: 'JiraConnectionSummary' });

export const deletedConnectionSchema = z.object({ deletedLinks: z.number().int() });

export type Integration = z.infer<typeof integrationSchema>;
export type IntegrationType = Integration['type'];
export type JiraIntegration = z.infer<typeof jiraIntegrationSchema>;
export type JiraConnection = z.infer<typeof jiraConnectionSchema>;
export type JiraAuthType = JiraConnection['authType'];
export type JiraDeploymentType = JiraConnection['deploymentType'];
export type JiraConnectionHealth = JiraConnection['health'];
/** Who may preview and link with a connection. */
export type JiraLinkAccess = JiraConnection['linkAccess'];
export type JiraConnectionSummary = z.infer<typeof jiraConnectionSummarySchema>;
export type JiraConnectionInput = z.input<typeof createConnectionBody>;
/** A blank or absent secret keeps the stored one. */
export type JiraConnectionPatch = z.input<typeof changeConnectionBody>;
