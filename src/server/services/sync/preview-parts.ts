/**
 * The pieces of a preview that work on one issue, so a preview never holds more than the 20
 * issues it shows: an issue as the preview lists it (done by the link's rule). The metric comes from
 * running totals (src/core computeMetricFromTotals), kept while counting or streaming.
 */
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
