/**
 * The Jira link being written in a dialog, as the form holds it (numbers may still be text), and
 * the pure rules around it: what the API receives, when a preview still matches what is typed,
 * and how a link and a preview read in words.
 */
import type { DoneRule, IntegrationLink, IntegrationSummary, LinkInput, LinkMetric, PreviewResult } from '../../api/linkTypes';
import { toNumber } from '../dialogs/formHelpers';
import { STATUS_LABEL, formatNumber, percentText } from '../format';

/** Points and field sums are either a share of the whole or an amount towards a target. */
export type Measure = 'share' | 'target';

export interface LinkDraft {
  connectionId: string | null;
  jql: string;
  metric: LinkMetric;
  measure: Measure;
  startValue: string | number;
  targetValue: string | number;
  field: string;
  countAll: boolean;
  doneRule: DoneRule['type'];
  statuses: string[];
  periodScoped: boolean;
}

export const METRIC_OPTIONS: Array<{ value: LinkMetric; label: string }> = [
  { value: 'percent_done', label: 'Percent of issues done' },
  { value: 'done_count', label: 'Issues done towards a target' },
  { value: 'points_done', label: 'Story points done' },
  { value: 'field_sum', label: 'Sum of a numeric field' },
];

export const DONE_RULE_OPTIONS: Array<{ value: DoneRule['type']; label: string }> = [
  { value: 'status_category', label: 'Status is in the Done category' },
  { value: 'resolution', label: 'Resolution is set' },
  { value: 'statuses', label: 'Status is one of a list' },
];

export function emptyDraft(connectionId: string | null): LinkDraft {
  return {
    connectionId,
    jql: '',
    metric: 'percent_done',
    measure: 'share',
    startValue: 0,
    targetValue: '',
    field: '',
    countAll: false,
    doneRule: 'status_category',
    statuses: [],
    periodScoped: false,
  };
}

export function draftFromLink(link: IntegrationLink): LinkDraft {
  return {
    connectionId: link.connectionId,
    jql: link.jql,
    metric: link.metric,
    measure: link.targetValue === null ? 'share' : 'target',
    startValue: link.startValue ?? 0,
    targetValue: link.targetValue ?? '',
    field: link.field ?? '',
    countAll: link.countAll,
    doneRule: link.doneRule.type,
    statuses: link.doneRule.type === 'statuses' ? link.doneRule.statuses : [],
    periodScoped: link.periodScoped,
  };
}

/** Whether the metric measures towards a target (start and target values apply). */
export function towardsTarget(draft: Pick<LinkDraft, 'metric' | 'measure'>): boolean {
  return draft.metric === 'done_count' || (draft.metric !== 'percent_done' && draft.measure === 'target');
}

/** What must be filled in before a preview makes sense, by field. */
export function draftProblems(draft: LinkDraft): Partial<Record<'connectionId' | 'jql' | 'targetValue' | 'startValue' | 'field' | 'statuses', string>> {
  const problems: ReturnType<typeof draftProblems> = {};
  if (!draft.connectionId) problems.connectionId = 'Choose the Jira connection to ask';
  if (!draft.jql.trim()) problems.jql = 'Enter a JQL query, e.g. parent = AE-786';
  if (towardsTarget(draft)) {
    if (toNumber(draft.targetValue) === null) problems.targetValue = 'Enter the target, e.g. 20';
    if (toNumber(draft.startValue) === null) problems.startValue = 'Enter where counting starts, e.g. 0';
  }
  if (draft.metric === 'field_sum' && !draft.field.trim()) problems.field = 'Enter the field, e.g. timespent or customfield_10016';
  if (draft.doneRule === 'statuses' && draft.statuses.length === 0) problems.statuses = 'Name at least one status, e.g. Done';
  return problems;
}

function doneRuleOf(draft: LinkDraft): DoneRule {
  if (draft.doneRule === 'statuses') return { type: 'statuses', statuses: draft.statuses };
  return { type: draft.doneRule };
}

/** The API body, or null while something required is missing. Options a metric does not use are not sent. */
export function toLinkInput(draft: LinkDraft): LinkInput | null {
  if (Object.keys(draftProblems(draft)).length > 0 || !draft.connectionId) return null;
  const target = towardsTarget(draft);
  return {
    type: 'jira',
    connectionId: draft.connectionId,
    jql: draft.jql.trim(),
    metric: draft.metric,
    startValue: target ? toNumber(draft.startValue) : null,
    targetValue: target ? toNumber(draft.targetValue) : null,
    field: draft.metric === 'field_sum' ? draft.field.trim() : null,
    countAll: target ? draft.countAll : false,
    doneRule: doneRuleOf(draft),
    periodScoped: draft.periodScoped,
  };
}

/** Identifies what a preview was made for: Save needs a preview of exactly what is typed now. */
export function draftKey(draft: LinkDraft): string | null {
  const input = toLinkInput(draft);
  return input === null ? null : JSON.stringify(input);
}

function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** "10 issues match · 3 done · progress 30% · on track". */
export function previewSummary(preview: PreviewResult): string {
  const total = preview.total ?? 0;
  // Nothing to measure is unknown progress, never 0%.
  if (total === 0) return 'No issues match this query · progress unknown';
  const parts = [`${plural(total, 'issue matches', 'issues match')}`, `${formatNumber(preview.done ?? 0)} done`];
  parts.push(preview.progress === null ? 'progress unknown' : `progress ${percentText(preview.progress)}`);
  if (preview.status) parts.push(STATUS_LABEL[preview.status].toLowerCase());
  return parts.join(' · ');
}

/** "Percent of issues done", "Issues done towards 20 (from 0)", "Sum of timespent towards 40". */
export function describeMetric(link: IntegrationSummary & Partial<Pick<IntegrationLink, 'startValue' | 'targetValue' | 'field' | 'countAll'>>): string {
  const label = METRIC_OPTIONS.find((option) => option.value === link.metric)?.label ?? link.metric;
  const subject = link.metric === 'field_sum' && link.field ? `Sum of ${link.field}` : label;
  if (link.targetValue === null || link.targetValue === undefined) return link.metric === 'percent_done' ? subject : `${subject}, as a percent of all`;
  const from = link.startValue ? ` from ${formatNumber(link.startValue)}` : '';
  const counted = link.countAll ? ', counting all matching issues' : '';
  return `${subject.replace(/ towards a target$/, '')} towards ${formatNumber(link.targetValue)}${from}${counted}`;
}

export function describeDoneRule(rule: DoneRule): string {
  if (rule.type === 'status_category') return 'Done means the Done status category';
  if (rule.type === 'resolution') return 'Done means a resolution is set';
  return `Done means status ${rule.statuses.map((status) => `“${status}”`).join(' or ')}`;
}
