import { describe, expect, it } from 'vitest';
import { computeMetric, METRICS, type MetricIssue, type MetricOptions } from '../../../core';
import { addToTotals, emptyTotals, isIssueDone, metricFromTotals } from './preview-parts';

/** A small deterministic generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('metricFromTotals', () => {
  it('gives what computeMetric gives over the full list, for every metric and option', () => {
    const random = seeded(7);
    const optionSets: MetricOptions[] = [{}, { targetValue: 20 }, { startValue: 5, targetValue: 30, countAll: true }, { targetValue: 12, countAll: false }];
    for (let round = 0; round < 200; round += 1) {
      const size = Math.floor(random() * 40);
      const issues: MetricIssue[] = Array.from({ length: size }, (_, i) => ({
        key: `AE-${i}`,
        done: random() < 0.4,
        points: random() < 0.3 ? null : Math.floor(random() * 13),
        value: random() < 0.2 ? null : Math.round(random() * 1000) / 10,
      }));
      for (const metric of METRICS) {
        const totals = emptyTotals();
        for (const issue of issues) addToTotals(totals, issue.done, metric === 'points_done' ? issue.points : metric === 'field_sum' ? issue.value : null);
        for (const options of optionSets) {
          const expected = computeMetric(metric, issues, options);
          const actual = metricFromTotals(metric, totals, options);
          expect({ ...actual, progress: actual.progress === null ? null : Number(actual.progress.toFixed(12)) }).toEqual({
            ...expected,
            progress: expected.progress === null ? null : Number(expected.progress.toFixed(12)),
          });
        }
      }
    }
  });

  it("keeps the brief's numbers: 3 of 10 done is 30%, 19 of 20 towards 20 is 95%", () => {
    expect(metricFromTotals('percent_done', { total: 10, done: 3, amountAll: 0, amountDone: 0 }).progress).toBe(0.3);
    expect(metricFromTotals('done_count', { total: 26, done: 19, amountAll: 0, amountDone: 0 }, { targetValue: 20 }).progress).toBe(0.95);
    expect(metricFromTotals('percent_done', emptyTotals()).progress).toBeNull();
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
