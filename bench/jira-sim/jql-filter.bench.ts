/**
 * JQL engine speed on 200,000 issues: median of warm runs per query, printed as a table.
 * The engine must never be the bottleneck of a sync benchmark; a timed unit test would be flaky
 * on a busy machine, so the figure lives here. Run: npx tsx bench/jira-sim/jql-filter.bench.ts
 */
import { generateLargeDataset } from '../../jira-sim/src/scenarios/large';
import { compileJql } from '../../jira-sim/src/jql/index';

const dataset = generateLargeDataset({ mode: 'cloud', projects: 100, issues: 200_000, seed: 11 });
const ctx = { dataset, currentUser: dataset.users[0] ?? null, now: new Date('2026-03-02T12:00:00.000Z'), timeZone: 'Europe/Berlin' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const queries = [
  'project = AB',
  'project = AB AND status = Done',
  'project in (AA, AB, AC) AND statusCategory != Done AND assignee is not EMPTY',
  'updated >= -30d AND priority > Medium',
  'parent = AB-1',
  'summary ~ billing',
];

console.log(`JQL filter over ${dataset.issues.length} issues (median of 7 warm runs)`);
for (const jql of queries) {
  const compiled = compileJql(jql, ctx);
  if (!compiled.ok) throw new Error(compiled.errorMessages.join(' | '));
  const times: number[] = [];
  let count = 0;
  for (let run = 0; run < 8; run++) {
    const started = performance.now();
    count = dataset.issues.filter(compiled.matches).length;
    if (run > 0) times.push(performance.now() - started);
  }
  console.log(`${median(times).toFixed(1).padStart(7)} ms  ${String(count).padStart(6)} matches  ${jql}`);
}
const compileTimes: number[] = [];
for (let run = 0; run < 20; run++) {
  const started = performance.now();
  compileJql('project = AA AND status = Done', ctx);
  compileTimes.push(performance.now() - started);
}
console.log(`compile (warm): ${median(compileTimes).toFixed(2)} ms`);
