/**
 * Cloud `nextPageToken`s. The first page of a search snapshots the ordered result ids; the
 * token names the snapshot and an offset, so walking the pages returns each issue exactly once
 * even while data changes (Jira's own tokens behave the same way). Tokens are bound to the
 * query and caller, and expire after 7 days of simulated time or when a test expires them.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Snapshot {
  id: number;
  bindKey: string;
  ids: string[];
  /** True when `ids` is this snapshot's own copy (may be reordered by the page-drift fault). */
  owned: boolean;
  createdAt: number;
}

const TOKEN_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_SNAPSHOTS = 100_000;

export class PageTokens {
  private readonly snapshots = new Map<number, Snapshot>();
  private nextId = 1;
  private readonly secret = randomBytes(16).toString('hex');

  constructor(private readonly now: () => Date) {}

  snapshot(bindKey: string, ids: readonly string[], copy: boolean): Snapshot {
    const snapshot: Snapshot = {
      id: this.nextId++,
      bindKey,
      // Cached result lists are never mutated, so sharing them is safe and free; a copy is
      // only needed when the page-drift fault will reorder this snapshot.
      ids: copy ? [...ids] : (ids as string[]),
      owned: copy,
      createdAt: this.now().getTime(),
    };
    this.snapshots.set(snapshot.id, snapshot);
    if (this.snapshots.size > MAX_SNAPSHOTS) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest !== undefined) this.snapshots.delete(oldest);
    }
    return snapshot;
  }

  token(snapshot: Snapshot, offset: number): string {
    const payload = `${snapshot.id}.${offset}`;
    return Buffer.from(`${payload}.${this.sign(payload)}`).toString('base64url');
  }

  /** The snapshot and offset a token points at, or null when it is invalid, foreign or expired. */
  resolve(token: string, bindKey: string): { snapshot: Snapshot; offset: number } | null {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    const [id, offset, signature] = decoded.split('.');
    if (id === undefined || offset === undefined || signature !== this.sign(`${id}.${offset}`)) return null;
    const snapshot = this.snapshots.get(Number(id));
    if (!snapshot || snapshot.bindKey !== bindKey) return null;
    if (this.now().getTime() - snapshot.createdAt > TOKEN_LIFETIME_MS) {
      this.snapshots.delete(snapshot.id);
      return null;
    }
    return { snapshot, offset: Number(offset) };
  }

  /** Every outstanding token becomes "invalid or expired". */
  expireAll(): void {
    this.snapshots.clear();
  }

  private sign(payload: string): string {
    return createHash('sha256').update(this.secret).update(payload).digest('base64url').slice(0, 12);
  }
}
