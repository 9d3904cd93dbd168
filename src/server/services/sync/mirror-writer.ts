/**
 * Mirror pages written together: the pages the queries of a sync batch read close together are
 * written in one transaction of up to FLUSH_ISSUES issues, one lookup and one upsert per
 * connection. A connection's queries interleave in Jira id order, so their pages touch the same
 * index pages of the mirror; written one commit per page, SQLite's WAL took those index pages again
 * at every page (2.5× the writes, and a checkpoint every few pages), and PostgreSQL flushed its WAL
 * once per page.
 */
import type { Kysely } from 'kysely';
import { upsertMirrorPages, type MirrorIssue, type MirrorPage } from '../../db/repositories/jira-mirror-repository';
import type { Database } from '../../db/schema';

/** Issues waiting before they are written: 4 Data Center pages or 40 Cloud ones (a few MB held). */
export const FLUSH_ISSUES = 4000;

interface Pending {
  owner: object;
  connectionId: string;
  page: MirrorPage;
}

export class MirrorWriter {
  private pending: Pending[] = [];
  private pendingIssues = 0;
  /** The writes so far, one after the other; never rejects (failures are kept per owner). */
  private tail: Promise<void> = Promise.resolve();
  private readonly failures = new WeakMap<object, unknown>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly flushIssues = FLUSH_ISSUES,
  ) {}

  /**
   * Queues a page of `owner` (a walk); when enough is waiting, starts writing it all and waits for
   * the writes before it only: the walks read their next pages while this batch is written (on
   * PostgreSQL the database works meanwhile), and a fast reader still cannot pile up more than
   * two batches in memory. Failures come back from `settle`.
   */
  async write(owner: object, connectionId: string, issues: readonly MirrorIssue[], now: string): Promise<void> {
    if (issues.length === 0) return;
    this.pending.push({ owner, connectionId, page: { issues, now } });
    this.pendingIssues += issues.length;
    if (this.pendingIssues < this.flushIssues) return;
    const before = this.tail;
    void this.flush();
    await before;
  }

  /** Writes what is waiting; throws the error of a write that held the owner's pages, if one failed. */
  async settle(owner: object): Promise<void> {
    await this.flush();
    if (this.failures.has(owner)) throw this.failures.get(owner);
  }

  private flush(): Promise<void> {
    if (this.pending.length === 0) return this.tail;
    const batch = this.pending;
    this.pending = [];
    this.pendingIssues = 0;
    this.tail = this.tail.then(() => this.writeBatch(batch));
    return this.tail;
  }

  private async writeBatch(batch: readonly Pending[]): Promise<void> {
    const byConnection = new Map<string, MirrorPage[]>();
    for (const entry of batch) {
      const pages = byConnection.get(entry.connectionId) ?? [];
      pages.push(entry.page);
      byConnection.set(entry.connectionId, pages);
    }
    try {
      await this.db.transaction().execute(async (trx) => {
        // Connections in one order, like the rows within each upsert: concurrent writers (other processes) cannot deadlock.
        for (const connectionId of [...byConnection.keys()].sort()) await upsertMirrorPages(trx, connectionId, byConnection.get(connectionId) ?? []);
      });
    } catch (error) {
      for (const entry of batch) this.failures.set(entry.owner, error);
    }
  }
}
