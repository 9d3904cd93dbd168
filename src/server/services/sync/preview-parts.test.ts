import { describe, expect, it } from 'vitest';
import { computeMetricFromTotals, emptyMetricTotals } from '../../../core';
import { isIssueDone } from './preview-parts';

describe('preview totals', () => {
  it("keeps the brief's numbers: 3 of 10 done is 30%, 19 of 20 towards 20 is 95%", () => {
    expect(computeMetricFromTotals('percent_done', { ...emptyMetricTotals(), total: 10, done: 3 }).progress).toBe(0.3);
    expect(computeMetricFromTotals('done_count', { ...emptyMetricTotals(), total: 26, done: 19 }, { targetValue: 20 }).progress).toBe(0.95);
    expect(computeMetricFromTotals('percent_done', emptyMetricTotals()).progress).toBeNull();
  });
});

describe('isIssueDone', () => {
  const fields = { status: { name: ' Closed ', statusCategory: { key: 'done' } }, resolution: null };
  it('follows the link rule', () => {
    expect(isIssueDone(fields, { type: 'status_category' })).toBe(true);
    expect(isIssueDone(fields, { type: 'resolution' })).toBe(false);
    expect(isIssueDone(fields, { type: 'statuses', statuses: ['closed'] })).toBe(true);
    expect(isIssueDone(fields, { type: 'statuses', statuses: ['Done'] })).toBe(false);
    expect(isIssueDone({ status: { name: 'Open', statusCategory: { key: 'new' } }, resolution: { name: 'Fixed' } }, { type: 'resolution' })).toBe(true);
  });
});
