/**
 * A small in-memory cache of whole JSON answers (issue 11): the OKR list of a 2,000-objective cycle
 * costs the server far more to build (queries, presenters, JSON) than to send, while it changes
 * only when someone writes. An entry is reused only while
 * - the data version it was built at (data_version, bumped by triggers in the same transaction as
 *   every write to a table the answer reads, whichever process writes) is still the current one,
 *   and
 * - it is younger than `maxAgeMs`: expected progress and a sync's "running" state move with the
 *   clock, not with writes, so an answer may lag the clock by at most that much (30 s by default:
 *   on a 90-day cycle, 0.0004 points of expected progress).
 * Requests that miss at once for the same key and version share one build. Entries are evicted
 * least recently used first, past `maxBytes` in total; `maxBytes` 0 turns the cache off.
 *
 * An answer also has a gzip copy, made on the first request that accepts it (off the event loop,
 * in zlib's thread pool) and kept with the entry: the 500-objective list is about 1 MB of JSON and
 * 10 % of that compressed, which matters to a browser away from the server. Copies are not counted
 * in `maxBytes` (each is about a tenth of its body).
 */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { etagOf } from '../conditional-get';

const gzip = promisify(gzipCallback);

export interface CachedAnswer {
  body: Buffer;
  etag: string;
  /** The body gzip-compressed (made once per answer, on first use). */
  gzipped: () => Promise<Buffer>;
}

interface Entry extends CachedAnswer {
  version: string;
  builtAt: number;
}

/** A lazily made, shared gzip copy of `body`. */
function gzipOnce(body: Buffer): () => Promise<Buffer> {
  let copy: Promise<Buffer> | null = null;
  return () => (copy ??= gzip(body, { level: 6 }));
}

export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly building = new Map<string, Promise<CachedAnswer>>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxAgeMs = 30_000,
  ) {}

  /** The answer for `key` at `version`: cached when still valid, else built (once, however many ask). */
  async answer(key: string, version: string, now: number, build: () => Promise<Buffer>): Promise<CachedAnswer> {
    const entry = this.entries.get(key);
    if (entry && entry.version === version && now - entry.builtAt < this.maxAgeMs && now >= entry.builtAt) {
      // Map order is the eviction order: move a hit to the end.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry;
    }
    const flightKey = `${version}\u0000${key}`;
    const inFlight = this.building.get(flightKey);
    if (inFlight) return inFlight;
    const promise = this.build(key, version, now, build);
    this.building.set(flightKey, promise);
    try {
      return await promise;
    } finally {
      this.building.delete(flightKey);
    }
  }

  /** Entries and bytes held, for tests and metrics. */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private async build(key: string, version: string, now: number, build: () => Promise<Buffer>): Promise<CachedAnswer> {
    const body = await build();
    const answer: Entry = { body, etag: etagOf(body), gzipped: gzipOnce(body), version, builtAt: now };
    this.forget(key);
    if (body.length <= this.maxBytes) {
      this.entries.set(key, answer);
      this.bytes += body.length;
      for (const [oldest, old] of this.entries) {
        if (this.bytes <= this.maxBytes) break;
        this.entries.delete(oldest);
        this.bytes -= old.body.length;
      }
    }
    return answer;
  }

  private forget(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.body.length;
  }
}
