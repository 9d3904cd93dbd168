import { expect, test } from 'vitest';
import { MetricsRegistry } from './metrics';

test('counters, histograms and collected gauges render in the Prometheus text format', async () => {
  const registry = new MetricsRegistry();
  const runs = registry.counter('test_runs_total', 'Runs by outcome.', ['outcome']);
  const duration = registry.histogram('test_duration_seconds', 'How long.', ['kind'], [0.1, 1]);
  const depth = registry.collectedGauge('test_queue_jobs', 'Queue depth.', ['queue']);
  runs.inc({ outcome: 'ok' });
  runs.inc({ outcome: 'ok' }, 2);
  runs.inc({ outcome: 'fa"il\\ed\n' });
  duration.observe({ kind: 'a' }, 0.05);
  duration.observe({ kind: 'a' }, 0.5);
  duration.observe({ kind: 'a' }, 5);
  depth.collectWith(async () => [{ labels: { queue: 'sync' }, value: 7 }]);

  const text = await registry.render();
  expect(text).toContain('# HELP test_runs_total Runs by outcome.\n# TYPE test_runs_total counter\n');
  expect(text).toContain('test_runs_total{outcome="ok"} 3\n');
  expect(text).toContain('test_runs_total{outcome="fa\\"il\\\\ed\\n"} 1\n');
  expect(text).toContain('# TYPE test_duration_seconds histogram\n');
  expect(text).toContain('test_duration_seconds_bucket{kind="a",le="0.1"} 1\n');
  expect(text).toContain('test_duration_seconds_bucket{kind="a",le="1"} 2\n');
  expect(text).toContain('test_duration_seconds_bucket{kind="a",le="+Inf"} 3\n');
  expect(text).toContain('test_duration_seconds_sum{kind="a"} 5.55\n');
  expect(text).toContain('test_duration_seconds_count{kind="a"} 3\n');
  expect(text).toContain('# TYPE test_queue_jobs gauge\ntest_queue_jobs{queue="sync"} 7\n');
  expect(runs.value({ outcome: 'ok' })).toBe(3);
  expect(duration.count({ kind: 'a' })).toBe(3);
});

test('a failing gauge is left out of the scrape with a comment; mistakes in use are refused', async () => {
  const registry = new MetricsRegistry();
  const counter = registry.counter('test_total', 'Total.', ['status']);
  registry.collectedGauge('test_depth', 'Depth.').collectWith(async () => {
    throw new Error('database unreachable');
  });
  counter.inc({ status: '200' });
  const text = await registry.render();
  expect(text).toContain('test_total{status="200"} 1');
  expect(text).toContain('# test_depth could not be read: database unreachable');
  expect(() => counter.inc({ state: 'x' })).toThrow(/no label "state"/);
  expect(() => counter.inc({ status: '200' }, -1)).toThrow(/only go up/);
  expect(() => registry.counter('test_total', 'Again.')).toThrow(/already registered/);
  expect(() => registry.histogram('test_h', 'H.', [], [1, 0.5])).toThrow(/increasing order/);
});
