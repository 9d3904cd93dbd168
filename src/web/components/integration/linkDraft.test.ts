import { describe, expect, test } from 'vitest';
import type { PreviewResult } from '../../api/linkTypes';
import { describeMetric, draftKey, draftProblems, emptyDraft, previewSummary, toLinkInput } from './linkDraft';

const preview: PreviewResult = {
  valid: true,
  errors: [],
  jql: 'parent = AE-786',
  total: 10,
  done: 3,
  progress: 0.3,
  status: 'on_track',
  expectedProgress: 0.25,
  issues: [],
  hints: [],
};

describe('link drafts', () => {
  test('the preview line reads as the brief shows it', () => {
    expect(previewSummary(preview)).toBe('10 issues match · 3 done · progress 30% · on track');
    expect(previewSummary({ ...preview, total: 1, done: 0, progress: 0, status: 'at_risk' })).toBe('1 issue matches · 0 done · progress 0% · at risk');
    expect(previewSummary({ ...preview, total: 0, done: 0, progress: null, status: 'not_started' })).toBe('No issues match this query · progress unknown');
  });

  test('percent done sends no start or target (the server refuses them)', () => {
    const input = toLinkInput({ ...emptyDraft('c1'), jql: ' parent = AE-786 ' });
    expect(input).toEqual({
      type: 'jira',
      connectionId: 'c1',
      jql: 'parent = AE-786',
      metric: 'percent_done',
      startValue: null,
      targetValue: null,
      field: null,
      countAll: false,
      doneRule: { type: 'status_category' },
      periodScoped: false,
    });
  });

  test('a KPI needs its target; points as a share need none', () => {
    const kpi = { ...emptyDraft('c1'), jql: 'type = Bug', metric: 'done_count' as const };
    expect(draftProblems(kpi).targetValue).toBeDefined();
    expect(toLinkInput(kpi)).toBeNull();
    expect(toLinkInput({ ...kpi, targetValue: 20, countAll: true })).toMatchObject({ startValue: 0, targetValue: 20, countAll: true });
    expect(toLinkInput({ ...kpi, metric: 'points_done', countAll: true })).toMatchObject({ targetValue: null, countAll: false });
  });

  test('a list of done statuses must name one', () => {
    const draft = { ...emptyDraft('c1'), jql: 'project = AE', doneRule: 'statuses' as const };
    expect(draftProblems(draft).statuses).toBeDefined();
    expect(toLinkInput({ ...draft, statuses: ['Closed'] })?.doneRule).toEqual({ type: 'statuses', statuses: ['Closed'] });
  });

  test('any change to the query or an option makes an earlier preview stale', () => {
    const base = { ...emptyDraft('c1'), jql: 'parent = AE-786' };
    const key = draftKey(base);
    expect(draftKey({ ...base })).toBe(key);
    expect(draftKey({ ...base, jql: 'parent = AE-787' })).not.toBe(key);
    expect(draftKey({ ...base, periodScoped: true })).not.toBe(key);
    expect(draftKey({ ...base, connectionId: 'c2' })).not.toBe(key);
  });

  test('metrics are described in words', () => {
    const summary = { type: 'jira' as const, linkId: 'l', connectionId: 'c', connectionName: 'Demo', jql: 'x', lastSyncedAt: null, lastError: null, total: 1, done: 1, targetValue: null, countAll: false, progress: 1, syncing: false, nextSyncAt: null, forecast: null };
    expect(describeMetric({ ...summary, metric: 'percent_done' })).toBe('Percent of issues done');
    expect(describeMetric({ ...summary, metric: 'done_count', startValue: 0, targetValue: 20 })).toBe('Issues done towards 20');
    expect(describeMetric({ ...summary, metric: 'field_sum', field: 'timespent', startValue: null, targetValue: null })).toBe('Sum of timespent, as a percent of all');
  });
});
