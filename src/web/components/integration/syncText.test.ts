import { describe, expect, test } from 'vitest';
import type { IntegrationSummary } from '../../api/linkTypes';
import { syncText } from './syncText';

const NOW = new Date('2026-12-05T12:00:00Z');
const summary: IntegrationSummary = {
  type: 'jira',
  linkId: 'l1',
  connectionId: 'c1',
  connectionName: 'Demo Jira',
  jql: 'parent = AE-900',
  metric: 'percent_done',
  lastSyncedAt: '2026-12-05T10:00:00Z',
  lastError: null,
  total: 26,
  done: 19,
  targetValue: null,
  countAll: false,
  progress: 0.73,
  syncing: false,
  nextSyncAt: null,
  forecast: null,
};

describe('syncText: the counts under a linked row', () => {
  test('a share of all matching issues: how many match and how many are done', () => {
    expect(syncText(summary, NOW)).toBe('26 issues · 19 done · synced 2 hours ago');
  });

  test('a KPI names its target: "19 of 20 done"', () => {
    expect(syncText({ ...summary, metric: 'done_count', targetValue: 20, progress: 0.95 }, NOW)).toBe('26 issues · 19 of 20 done · synced 2 hours ago');
  });

  test('a KPI counting every matching issue sets the total against the target', () => {
    expect(syncText({ ...summary, metric: 'done_count', targetValue: 20, countAll: true, progress: 1 }, NOW)).toBe('26 of 20 issues · synced 2 hours ago');
  });

  test('points towards a target are not issue counts, so "done" keeps no target', () => {
    expect(syncText({ ...summary, metric: 'points_done', targetValue: 80 }, NOW)).toBe('26 issues · 19 done · synced 2 hours ago');
  });

  test('before the first sync only the sync state shows', () => {
    expect(syncText({ ...summary, total: null, done: null, lastSyncedAt: null }, NOW)).toBe('not synced yet');
  });
});
