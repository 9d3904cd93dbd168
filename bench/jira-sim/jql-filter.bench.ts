/**
 * The engine must never be the bottleneck of a sync benchmark: a simple filter over 200,000
 * issues has to stay well under 100 ms. Medians of several warm runs keep the check stable.
 */
import { describe, expect, it } from 'vitest';
import { generateLargeDataset } from '../scenarios/large';
import { compileJql } from './index';

const dataset = generateLargeDataset({ mode: 'cloud', projects: 100, issues: 200_000, seed: 11 });
const ctx = { dataset, currentUser: dataset.users[0] ?? null, now: new Date('2026-03-02T12:00:00.000Z'), timeZone: 'Europe/Berlin' };

function medianFilterMs(jql: string): { ms: number; count: number } {
  const result = compileJql(jql, ctx);
  if (!result.ok) throw new Error(result.errorMessages.join(' | '));
  const times: number[] = [];
  let count = 0;
  for (let run = 0; run < 7; run++) {
    const started = performance.now();
    count = dataset.issues.filter(result.matches).length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[3] ?? Infinity, count };
}

describe('JQL performance on 200,000 issues', () => {
  it.each([
    'project = AB',
    'project = AB AND status = Done',
    'project in (AA, AB, AC) AND statusCategory != Done AND assignee is not EMPTY',
    'updated >= -30d AND priority > Medium',
    'parent = AB-1',
  ])('filters "%s" in well under 100 ms', (jql) => {
    const { ms, count } = medianFilterMs(jql);
    expect(count).toBeGreaterThan(0);
    expect(ms).toBeLessThan(100);
  });

  it('compiles a query in a few milliseconds once warm', () => {
    compileJql('project = AA', ctx);
    const started = performance.now();
    for (let i = 1; i <= 20; i++) compileJql(`project = AB AND key > AB-${i} ORDER BY created DESC`, ctx);
    expect((performance.now() - started) / 20).toBeLessThan(20);
  });
});
