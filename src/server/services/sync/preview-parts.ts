/**
 * The pieces of a preview that work on one issue or on running totals, so a preview never holds
 * more than the 20 issues it shows: an issue as the preview lists it (done by the link's rule), and
 * a metric computed from totals kept while counting or streaming (the same arithmetic as
 * computeMetric over the full list).
 */
import { clampFraction, fractionDone, keyResultProgress, type MetricName, type MetricOptions, type MetricResult } from '../../../core';
import type { JiraIssue } from '../../../integrations/jira/index';
import type { DoneRule } from './link-options';

export interface PreviewIssue {
  key: string;
  summary: string;
  status: string;
  done: boolean;
  url: string;
}

/** Fields a listed issue needs: its summary, and what decides "done" under each rule. */
export const PREVIEW_FIELDS = ['summary', 'status', 'resolution'];

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Done by the link's rule, from the issue's status, status category and resolution. */
export function isIssueDone(fields: Record<string, unknown>, rule: DoneRule): boolean {
  const status = record(fields.status);
  switch (rule.type) {
    case 'status_category':
      return textOf(record(status?.statusCategory)?.key) === 'done';
    case 'resolution':
      return fields.resolution !== null && fields.resolution !== undefined;
    case 'statuses': {
      const name = textOf(status?.name).trim().toLowerCase();
      return rule.statuses.some((wanted) => wanted.trim().toLowerCase() === name);
    }
  }
}

export function previewIssueOf(issue: JiraIssue, baseUrl: string, rule: DoneRule): PreviewIssue {
  const key = issue.key ?? issue.id;
  return {
    key,
    summary: textOf(issue.fields.summary),
    status: textOf(record(issue.fields.status)?.name),
    done: isIssueDone(issue.fields, rule),
    url: `${baseUrl}/browse/${encodeURIComponent(key)}`,
  };
}

/** Running totals of a query's issues: counts, and the summed amount (points or a field) over all and done issues. */
export interface MetricTotals {
  total: number;
  done: number;
  amountAll: number;
  amountDone: number;
}

export function emptyTotals(): MetricTotals {
  return { total: 0, done: 0, amountAll: 0, amountDone: 0 };
}

/** Adds one issue; a missing or non-finite amount counts as nothing, as computeMetric's sum does. */
export function addToTotals(totals: MetricTotals, done: boolean, amount: number | null): void {
  totals.total += 1;
  if (done) totals.done += 1;
  if (amount === null || !Number.isFinite(amount)) return;
  totals.amountAll += amount;
  if (done) totals.amountDone += amount;
}

function hasTarget(options: MetricOptions): options is MetricOptions & { targetValue: number } {
  return typeof options.targetValue === 'number' && Number.isFinite(options.targetValue);
}

function towardsTarget(measured: number, start: number, target: number): number {
  return clampFraction(keyResultProgress({ startValue: start, targetValue: target, currentValue: measured }));
}

/** computeMetric from totals: percent_done and done_count need only the counts, the others the sums too. */
export function metricFromTotals(metric: MetricName, totals: MetricTotals, options: MetricOptions = {}): MetricResult {
  const { total, done } = totals;
  switch (metric) {
    case 'percent_done':
      return { total, done, progress: fractionDone(done, total), measured: done, outOf: total };
    case 'done_count': {
      const measured = options.countAll ? total : done;
      const progress = hasTarget(options) ? towardsTarget(measured, options.startValue ?? 0, options.targetValue) : null;
      return { total, done, progress, measured, outOf: hasTarget(options) ? options.targetValue : null };
    }
    case 'points_done':
    case 'field_sum': {
      if (hasTarget(options)) {
        const measured = options.countAll ? totals.amountAll : totals.amountDone;
        return { total, done, progress: towardsTarget(measured, options.startValue ?? 0, options.targetValue), measured, outOf: options.targetValue };
      }
      // A share of nothing (no points estimated yet) is unknown, not 0%.
      const progress = totals.amountAll > 0 ? clampFraction(totals.amountDone / totals.amountAll) : null;
      return { total, done, progress, measured: totals.amountDone, outOf: totals.amountAll };
    }
  }
}
