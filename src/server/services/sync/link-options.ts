/**
 * A link's options (stored as JSON in integration_links.options): the metric's start and target,
 * the numeric field, "count all", what "done" means, and period scoping. One zod schema serves the
 * API body and the stored JSON, so a link always reads back the way it was saved.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { MetricName, Period } from '../../../core';
import { scopeToResolvedPeriod, withConnectionScope } from '../../../integrations/jira/jql-scope';

// The done rule's shape is part of the API contract (a link's body carries it).
import { doneRuleSchema, STATUS_NAME_MAX, type DoneRule } from '../../../contract/links';
export { doneRuleSchema, STATUS_NAME_MAX, type DoneRule };

/** "Done" means the Done status category unless a link says otherwise. */
export const DEFAULT_DONE_RULE: DoneRule = { type: 'status_category' };

export interface LinkOptions {
  startValue: number | null;
  targetValue: number | null;
  /** field_sum: the numeric field's id (e.g. "customfield_10200", "timespent"). */
  field: string | null;
  countAll: boolean;
  doneRule: DoneRule;
  periodScoped: boolean;
}

const storedOptionsSchema = z.object({
  startValue: z.number().nullable().optional(),
  targetValue: z.number().nullable().optional(),
  field: z.string().nullable().optional(),
  countAll: z.boolean().optional(),
  doneRule: doneRuleSchema.optional(),
  periodScoped: z.boolean().optional(),
});

export function normaliseOptions(input: z.infer<typeof storedOptionsSchema>): LinkOptions {
  return {
    startValue: input.startValue ?? null,
    targetValue: input.targetValue ?? null,
    field: input.field ?? null,
    countAll: input.countAll ?? false,
    doneRule: input.doneRule ?? DEFAULT_DONE_RULE,
    periodScoped: input.periodScoped ?? false,
  };
}

/** Reads stored options; anything unreadable falls back to the defaults rather than breaking the page. */
export function parseStoredOptions(text: string): LinkOptions {
  try {
    const parsed = storedOptionsSchema.safeParse(JSON.parse(text));
    return normaliseOptions(parsed.success ? parsed.data : {});
  } catch {
    return normaliseOptions({});
  }
}

export function serialiseOptions(options: LinkOptions): string {
  return JSON.stringify(options);
}

/**
 * The query Jira runs for a link: its JQL, restricted to the period when the link is period-scoped,
 * and ANDed with its connection's scope JQL (an admin's limit on what links may see) when it has one.
 */
export function effectiveJql(jql: string, options: Pick<LinkOptions, 'periodScoped'>, period: Period | null, connectionScope: string | null = null): string {
  const own = options.periodScoped && period ? scopeToResolvedPeriod(jql, period) : jql.trim();
  return withConnectionScope(connectionScope, own);
}

/**
 * Links with the same hash run the same Jira query: same connection, same effective JQL. What the
 * links then do with the issues (done rule, metric, field) is applied per link, so it is not part of it.
 */
export function queryHash(connectionId: string, jql: string): string {
  return createHash('sha256').update(JSON.stringify([connectionId, jql])).digest('hex');
}

/** Metrics that measure an amount towards the link's target rather than a share of the whole. */
export function measuresTowardsTarget(metric: MetricName, options: Pick<LinkOptions, 'targetValue'>): boolean {
  return metric === 'done_count' || options.targetValue !== null;
}

/**
 * Done by the link's rule, on the fields the query saw at its last sync (the same rule the sync
 * counts with). Here, beside the rule, so the issue list and the insight share it without importing
 * each other's services.
 */
export function doneBySnapshot(rule: DoneRule, issue: { status: string; statusCategory: string; hasResolution: boolean }): boolean {
  if (rule.type === 'status_category') return issue.statusCategory === 'done';
  if (rule.type === 'resolution') return issue.hasResolution;
  const name = issue.status.trim().toLowerCase();
  return rule.statuses.some((status) => status.trim().toLowerCase() === name);
}
