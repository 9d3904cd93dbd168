/**
 * Every request the simulator served (Jira API and control API), so tests can count calls,
 * check statuses and measure how many requests a client had in flight at once.
 */

export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: string;
  /** 0 when the connection was dropped or the client went away before an answer. */
  status: number;
  /** Epoch milliseconds (fractional) when the request arrived and when it was answered. */
  start: number;
  end: number;
  durationMs: number;
  /** The fault that shaped the answer, if any. */
  fault?: string;
  /** accountId of the authenticated caller. */
  user?: string;
  control: boolean;
}

export interface RequestCounters {
  total: number;
  api: number;
  control: number;
  byStatus: Record<string, number>;
  byPath: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
}

const MAX_ENTRIES = 100_000;

export class RequestLog {
  private log: RequestLogEntry[] = [];
  private seq = 0;
  private inFlight = 0;
  private maxInFlight = 0;

  static clock(): number {
    return performance.timeOrigin + performance.now();
  }

  begin(): { seq: number; start: number } {
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    return { seq: ++this.seq, start: RequestLog.clock() };
  }

  finish(entry: Omit<RequestLogEntry, 'end' | 'durationMs'>): void {
    this.inFlight--;
    const end = RequestLog.clock();
    this.log.push({ ...entry, end, durationMs: end - entry.start });
    // Drop the oldest tenth at once: trimming one entry per request would shift the array each time.
    if (this.log.length > MAX_ENTRIES) this.log.splice(0, MAX_ENTRIES / 10);
  }

  /** Entries, oldest first; by default only Jira API calls (not the control API). */
  entries(options: { includeControl?: boolean } = {}): RequestLogEntry[] {
    return options.includeControl ? [...this.log] : this.log.filter((e) => !e.control);
  }

  /** How many Jira API calls match (method and/or path prefix). */
  count(filter: { method?: string; path?: string | RegExp } = {}): number {
    return this.entries().filter((e) => matches(e, filter)).length;
  }

  /** Most API requests in flight at once over the logged entries (from their start/end times). */
  maxConcurrent(filter: { method?: string; path?: string | RegExp } = {}): number {
    const events: Array<[number, number]> = [];
    for (const e of this.entries()) {
      if (!matches(e, filter)) continue;
      events.push([e.start, 1], [e.end, -1]);
    }
    // Ends sort before starts at the same instant: back-to-back requests don't overlap.
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let current = 0;
    let max = 0;
    for (const [, delta] of events) {
      current += delta;
      if (current > max) max = current;
    }
    return max;
  }

  counters(): RequestCounters {
    const byStatus: Record<string, number> = {};
    const byPath: Record<string, number> = {};
    let control = 0;
    for (const e of this.log) {
      if (e.control) {
        control++;
        continue;
      }
      byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
      const label = `${e.method} ${e.path}`;
      byPath[label] = (byPath[label] ?? 0) + 1;
    }
    return { total: this.log.length, api: this.log.length - control, control, byStatus, byPath, inFlight: this.inFlight, maxInFlight: this.maxInFlight };
  }

  clear(): void {
    this.log = [];
    this.maxInFlight = this.inFlight;
  }
}

function matches(entry: RequestLogEntry, filter: { method?: string; path?: string | RegExp }): boolean {
  if (filter.method && entry.method !== filter.method.toUpperCase()) return false;
  if (filter.path instanceof RegExp) return filter.path.test(entry.path);
  if (filter.path) return entry.path.startsWith(filter.path);
  return true;
}
