/**
 * Pacer's Prometheus metrics: a small hand-rolled registry (counters, histograms and gauges read
 * at scrape time) and the process-wide metrics every part of Pacer increments. Each process counts
 * its own work, as Prometheus expects (scrape every `serve` and `worker` process and sum); gauges
 * that describe the whole installation, such as queue depth, say so in their help text.
 *
 *   import { webhookDeliveries } from '../metrics';
 *   webhookDeliveries.inc({ result: 'accepted' });
 */

type Labels = Readonly<Record<string, string>>;

interface Metric {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  /** Sample lines without the HELP/TYPE header. */
  samples(): Promise<string[]>;
}

/** Label values are quoted strings in the text format; backslash, quote and newline are escaped. */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Keeps label names in declaration order, so the same labels always make the same series key. */
function normaliseLabels(labelNames: readonly string[], labels: Labels | undefined, metric: string): Labels {
  const given = labels ?? {};
  for (const name of Object.keys(given)) {
    if (!labelNames.includes(name)) throw new Error(`Metric ${metric} has no label "${name}"; its labels are: ${labelNames.join(', ') || 'none'}.`);
  }
  return Object.fromEntries(labelNames.map((name) => [name, given[name] ?? '']));
}

export class Counter implements Metric {
  readonly type = 'counter';
  private readonly series = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[] = [],
  ) {}

  inc(labels?: Labels, by = 1): void {
    if (!(by >= 0)) throw new Error(`Counter ${this.name} can only go up; got ${by}.`);
    const normalised = normaliseLabels(this.labelNames, labels, this.name);
    const key = JSON.stringify(normalised);
    const entry = this.series.get(key) ?? { labels: normalised, value: 0 };
    entry.value += by;
    this.series.set(key, entry);
  }

  /** The current value of one series (tests). */
  value(labels?: Labels): number {
    return this.series.get(JSON.stringify(normaliseLabels(this.labelNames, labels, this.name)))?.value ?? 0;
  }

  async samples(): Promise<string[]> {
    return [...this.series.values()].map((entry) => `${this.name}${formatLabels(entry.labels)} ${formatNumber(entry.value)}`);
  }
}

export class Histogram implements Metric {
  readonly type = 'histogram';
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly buckets: readonly number[],
  ) {
    if (buckets.some((bound, i) => i > 0 && bound <= (buckets[i - 1] ?? -Infinity))) {
      throw new Error(`Histogram ${name} needs its buckets in increasing order.`);
    }
  }

  observe(labels: Labels | undefined, value: number): void {
    const normalised = normaliseLabels(this.labelNames, labels, this.name);
    const key = JSON.stringify(normalised);
    const entry = this.series.get(key) ?? { labels: normalised, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
    this.buckets.forEach((bound, i) => {
      if (value <= bound) entry.counts[i] = (entry.counts[i] ?? 0) + 1;
    });
    entry.sum += value;
    entry.count += 1;
    this.series.set(key, entry);
  }

  /** Observations so far in one series (tests). */
  count(labels?: Labels): number {
    return this.series.get(JSON.stringify(normaliseLabels(this.labelNames, labels, this.name)))?.count ?? 0;
  }

  async samples(): Promise<string[]> {
    const lines: string[] = [];
    for (const entry of this.series.values()) {
      this.buckets.forEach((bound, i) => {
        lines.push(`${this.name}_bucket${formatLabels({ ...entry.labels, le: formatNumber(bound) })} ${entry.counts[i] ?? 0}`);
      });
      lines.push(`${this.name}_bucket${formatLabels({ ...entry.labels, le: '+Inf' })} ${entry.count}`);
      lines.push(`${this.name}_sum${formatLabels(entry.labels)} ${formatNumber(entry.sum)}`);
      lines.push(`${this.name}_count${formatLabels(entry.labels)} ${entry.count}`);
    }
    return lines;
  }
}

/** A gauge whose values are read when scraped, e.g. queue sizes from the database. */
export class CollectedGauge implements Metric {
  readonly type = 'gauge';
  private collector: (() => Promise<Array<{ labels: Labels; value: number }>>) | null = null;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[] = [],
  ) {}

  /** Sets (or with null, removes) what the gauge reads; the last one set wins. */
  collectWith(collector: (() => Promise<Array<{ labels: Labels; value: number }>>) | null): void {
    this.collector = collector;
  }

  async samples(): Promise<string[]> {
    if (!this.collector) return [];
    const values = await this.collector();
    return values.map(({ labels, value }) => `${this.name}${formatLabels(normaliseLabels(this.labelNames, labels, this.name))} ${formatNumber(value)}`);
  }
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  private add<M extends Metric>(metric: M): M {
    if (this.metrics.has(metric.name)) throw new Error(`A metric named ${metric.name} is already registered.`);
    this.metrics.set(metric.name, metric);
    return metric;
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }

  collectedGauge(name: string, help: string, labelNames: readonly string[] = []): CollectedGauge {
    return this.add(new CollectedGauge(name, help, labelNames));
  }

  /**
   * The Prometheus text exposition format (version 0.0.4). A gauge whose collector fails is left
   * out (with a comment saying so) instead of failing the whole scrape.
   */
  async render(): Promise<string> {
    const blocks: string[] = [];
    for (const metric of this.metrics.values()) {
      let samples: string[];
      try {
        samples = await metric.samples();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        blocks.push(`# ${metric.name} could not be read: ${reason.replace(/\s+/g, ' ')}`);
        continue;
      }
      blocks.push([`# HELP ${metric.name} ${metric.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${metric.name} ${metric.type}`, ...samples].join('\n'));
    }
    return `${blocks.join('\n')}\n`;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Every metric of this process. */
export const metrics = new MetricsRegistry();

export const syncRuns = metrics.counter(
  'pacer_sync_runs_total',
  'Link syncs recorded by this process, by trigger (schedule, manual, created, edited, webhook) and outcome (ok, failed).',
  ['trigger', 'outcome'],
);

export const syncDuration = metrics.histogram(
  'pacer_sync_duration_seconds',
  'Time from the start of a link sync (its Jira query) to its commit, by trigger.',
  ['trigger'],
  [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
);

export const jiraRequests = metrics.counter(
  'pacer_jira_requests_total',
  'HTTP requests this process sent to Jira (retries included), by status: the HTTP status, or the failure (timeout, unreachable) when Jira did not answer.',
  ['status'],
);

export const webhookDeliveries = metrics.counter(
  'pacer_webhook_deliveries_total',
  'Jira webhook deliveries received by this process, by result (e.g. accepted, duplicate, unauthorized, ignored).',
  ['result'],
);

export const queueJobs = metrics.collectedGauge(
  'pacer_queue_jobs',
  'Jobs in the PostgreSQL job queue (pg-boss) by queue and state, for the whole installation (every process reports the same figures; aggregate with max, not sum). Absent on SQLite, which has no queue.',
  ['queue', 'state'],
);
