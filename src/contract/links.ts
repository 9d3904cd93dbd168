/**
 * Request and response schemas of the Jira links API: PUT/GET/DELETE …/integration, refresh, runs,
 * issues, preview and refresh-all. The paths and fields are a contract for outside scripts.
 */
import { z } from 'zod';
import { METRICS, type Insight } from '../core';
import { calendarDate, idSchema, progressSchema, progressStatusSchema, VALUE_LIMIT } from './fields';
import { requiredOr } from './validation';

export const JQL_MAX = 10_000;
/** The most issues one page of GET …/integration/issues holds. */
export const ISSUE_PAGE_MAX = 500;

export const STATUS_NAME_MAX = 100;

export const doneRuleSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('status_category') }),
    z.object({ type: z.literal('resolution') }),
    z.object({
      type: z.literal('statuses'),
      statuses: z
        .array(z.string().trim().min(1, 'must not be empty').max(STATUS_NAME_MAX, `must be at most ${STATUS_NAME_MAX} characters`))
        .min(1, 'must name at least one status, e.g. ["Done", "Closed"]')
        .max(50, 'must name at most 50 statuses'),
    }),
  ],
  { error: 'must be {"type": "status_category"}, {"type": "resolution"} or {"type": "statuses", "statuses": [...]}' },
);

const FIELD_MAX = 200;

const metricSchema = z.enum(METRICS, { error: requiredOr('must be "percent_done", "done_count", "points_done" or "field_sum"') });
/** A link's start and target become the key result's: the same ±1e15 bound. */
const optionalNumber = z
  .number({ error: 'must be a number' })
  .min(-VALUE_LIMIT, 'must be between -1e15 and 1e15 (-1000000000000000 and 1000000000000000)')
  .max(VALUE_LIMIT, 'must be between -1e15 and 1e15 (-1000000000000000 and 1000000000000000)')
  .nullable()
  .optional();

export const linkBody = z.object({
  type: z.literal('jira', { error: requiredOr('must be "jira", the only integration Pacer offers') }),
  connectionId: idSchema,
  jql: z
    .string({ error: requiredOr('must be a text') })
    .trim()
    .min(1, 'must not be empty; enter a JQL query such as parent = AE-786')
    .max(JQL_MAX, `must be at most ${JQL_MAX} characters`),
  metric: metricSchema,
  startValue: optionalNumber,
  targetValue: optionalNumber,
  field: z.string({ error: 'must be a text' }).trim().max(FIELD_MAX, `must be at most ${FIELD_MAX} characters`).nullable().optional(),
  countAll: z.boolean({ error: 'must be true or false' }).optional(),
  doneRule: doneRuleSchema.optional(),
  periodScoped: z.boolean({ error: 'must be true or false' }).optional(),
});

export const previewBody = linkBody.extend({
  type: z.literal('jira', { error: 'must be "jira", the only integration Pacer offers' }).optional(),
  objectiveId: idSchema.optional(),
  keyResultId: idSchema.optional(),
  cycleId: idSchema.optional(),
  startDate: calendarDate.nullable().optional(),
  endDate: calendarDate.nullable().optional(),
});

const errorView = z.object({ code: z.string(), message: z.string() });

const FORECAST_REASONS = ['ok', 'done', 'not_enough_history', 'no_progress', 'scope_outpaces_delivery'] as const;
const forecastReasonSchema = z.enum(FORECAST_REASONS);

/** The forecast stored on a link after its last sync: enough for the OKR row's hint and the status option. */
export const linkForecastSchema = z
  .object({
    reason: forecastReasonSchema,
    finishDate: z.string().nullable(),
    finishesBeforeEnd: z.boolean().nullable(),
    at: z.string(),
  })
  .meta({ id: 'LinkForecast' });

export const integrationSummarySchema = z
  .object({
    type: z.literal('jira'),
    linkId: z.string(),
    connectionId: z.string().nullable(),
    connectionName: z.string().nullable(),
    jql: z.string(),
    metric: z.enum(METRICS),
    lastSyncedAt: z.string().nullable(),
    lastError: errorView.nullable(),
    total: z.number().int().nullable(),
    done: z.number().int().nullable(),
    /** What a towards-a-target link counts up to (done_count: "19 of 20 done"); null when progress is a share of all matching. */
    targetValue: z.number().nullable(),
    /** A towards-a-target link that counts every matching issue, not only done ones ("26 of 20 issues"). */
    countAll: z.boolean(),
    progress: progressSchema,
    syncing: z.boolean(),
    nextSyncAt: z.string().nullable(),
    forecast: linkForecastSchema.nullable(),
  })
  .meta({ id: 'IntegrationSummary' });

export const syncRunSchema = z
  .object({
    id: z.string(),
    trigger: z.enum(['created', 'edited', 'manual', 'schedule', 'webhook']),
    startedAt: z.string(),
    finishedAt: z.string(),
    outcome: z.enum(['ok', 'failed']),
    error: errorView.nullable(),
    jiraRequests: z.number().int(),
    total: z.number().int().nullable(),
    done: z.number().int().nullable(),
    progressBefore: progressSchema,
    progressAfter: progressSchema,
    addedKeys: z.array(z.string()),
    removedKeys: z.array(z.string()),
    newlyDoneKeys: z.array(z.string()),
    reopenedKeys: z.array(z.string()),
    note: z.string(),
  })
  .meta({ id: 'SyncRun' });

export const linkSchema = integrationSummarySchema
  .extend({
    id: z.string(),
    objectiveId: z.string().nullable(),
    keyResultId: z.string().nullable(),
    startValue: z.number().nullable(),
    targetValue: z.number().nullable(),
    field: z.string().nullable(),
    countAll: z.boolean(),
    doneRule: doneRuleSchema,
    periodScoped: z.boolean(),
    measured: z.number().nullable(),
    lastAttemptAt: z.string().nullable(),
    lastRun: syncRunSchema.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'IntegrationLink' });

export const refreshResultSchema = z.object({ link: linkSchema, run: syncRunSchema.nullable() });

export const linkIssueSchema = z
  .object({
    key: z.string(),
    summary: z.string(),
    status: z.string(),
    statusCategory: z.string(),
    assignee: z.string().nullable(),
    done: z.boolean(),
    points: z.number().nullable(),
    value: z.number().nullable(),
    resolvedAt: z.string().nullable(),
    url: z.string(),
  })
  .meta({ id: 'LinkIssue' });

const booleanQuery = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true');

const ISSUE_QUERY_TEXT_MAX = 200;

export const issuesQuery = z.object({
  limit: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(ISSUE_PAGE_MAX, `must be at most ${ISSUE_PAGE_MAX}`)
    .optional(),
  cursor: z.string({ error: 'must be a text' }).max(ISSUE_QUERY_TEXT_MAX, 'is not a cursor this list handed out; pass the nextCursor of the previous page').optional(),
  notDone: booleanQuery.optional(),
  q: z.string({ error: 'must be a text' }).max(ISSUE_QUERY_TEXT_MAX, `must be at most ${ISSUE_QUERY_TEXT_MAX} characters`).optional(),
});

export const linkIssuePageSchema = z
  .object({
    items: z.array(linkIssueSchema),
    nextCursor: z.string().nullable(),
    total: z.number().int(),
  })
  .meta({ id: 'LinkIssuePage' });
export const runsQuery = z.object({
  limit: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').optional(),
});

export const previewSchema = z
  .object({
    valid: z.boolean(),
    errors: z.array(z.string()),
    jql: z.string(),
    total: z.number().int().nullable(),
    done: z.number().int().nullable(),
    progress: progressSchema,
    status: progressStatusSchema.nullable(),
    expectedProgress: z.number().nullable(),
    issues: z.array(z.object({ key: z.string(), summary: z.string(), status: z.string(), done: z.boolean(), url: z.string() })),
    hints: z.array(z.string()),
  })
  .meta({ id: 'IntegrationPreview' });

export const refreshAllSchema = z.object({
  links: z.number().int(),
  busy: z.number().int(),
  claimed: z.number().int(),
  ok: z.number().int(),
  failed: z.number().int(),
  discarded: z.number().int(),
  jiraRequests: z.number().int(),
  queries: z.number().int(),
  paused: z.boolean(),
});

/** GET …/integration/insight: the link's history, forecast, scope change and last change (src/core/insight.ts). */
export const insightSchema = z
  .object({
    asOf: calendarDate,
    period: z.object({ startDate: calendarDate, endDate: calendarDate }),
    metric: z.enum(METRICS),
    series: z.array(
      z.object({
        date: calendarDate,
        scope: z.number(),
        done: z.number(),
        progress: progressSchema,
        source: z.enum(['backfill', 'recorded']),
      }),
    ),
    forecast: z.object({
      reason: forecastReasonSchema,
      finishDate: calendarDate.nullable(),
      optimisticDate: calendarDate.nullable(),
      pessimisticDate: calendarDate.nullable(),
      donePerDay: z.number(),
      scopePerDay: z.number(),
      windowDays: z.number().int(),
      remaining: z.number(),
      finishesBeforeEnd: z.boolean().nullable(),
    }),
    scopeChange: z.object({
      since: calendarDate,
      added: z.number().int(),
      removed: z.number().int(),
      completed: z.number().int(),
      reopened: z.number().int(),
    }),
    lastChange: z
      .object({
        at: z.string(),
        progressBefore: z.number(),
        progressAfter: z.number(),
        added: z.number().int(),
        removed: z.number().int(),
        completed: z.number().int(),
        reopened: z.number().int(),
      })
      .nullable(),
  })
  .meta({ id: 'JiraInsight' });

export type DoneRule = z.infer<typeof doneRuleSchema>;
export type LinkMetric = z.infer<typeof metricSchema>;
/** The body of `PUT …/integration`. */
export type LinkInput = z.input<typeof linkBody>;
/** The body of `POST /integrations/jira/preview`: a link's fields (type optional) and the item or period it is for. */
export type PreviewInput = z.input<typeof previewBody>;
export type SyncError = z.infer<typeof errorView>;
export type LinkForecast = z.infer<typeof linkForecastSchema>;
/** What objective and key result responses carry about their link (null when progress is manual). */
export type IntegrationSummary = z.infer<typeof integrationSummarySchema>;
/** `GET …/integration`: the summary plus everything needed to edit the link. */
export type IntegrationLink = z.infer<typeof linkSchema>;
export type SyncRun = z.infer<typeof syncRunSchema>;
export type SyncTrigger = SyncRun['trigger'];
/** `POST …/integration/refresh`. */
export type RefreshResult = z.infer<typeof refreshResultSchema>;
/** A matching issue as the item's page lists it (`GET …/integration/issues`). */
export type LinkIssue = z.infer<typeof linkIssueSchema>;
/** One page of an item's matching issues; pass `nextCursor` back as `cursor` for the next one. */
export type LinkIssuePage = z.infer<typeof linkIssuePageSchema>;
export type PreviewResult = z.infer<typeof previewSchema>;
/** A matching issue as the preview lists it. */
export type PreviewIssue = PreviewResult['issues'][number];
/** What "Refresh all" did: every link on the connection, synced now (those already syncing are left to finish). */
export type RefreshAllResult = z.infer<typeof refreshAllSchema>;
export type JiraInsight = z.infer<typeof insightSchema>;

// The insight is computed by src/core and the web reads core's Insight type: tsc fails here if the
// schema and core's type ever disagree, in either direction.
type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const insightMatchesSchema: SameType<Insight, JiraInsight> = true;
void insightMatchesSchema;
