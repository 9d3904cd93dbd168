/**
 * Runs JQL searches over the store with the caller's visibility, caching the sorted result
 * ids per (data version, caller, jql) so that paging through a large result costs a slice.
 */
import { compileJql } from '../jql/index';
import type { SimDataset, SimIssue, SimUser } from '../model';
import type { SearchState, SimStore } from './store';

/** Who is searching: a signed-in user, or anonymous (sees projects open to anonymous users). */
export type Searcher = { kind: 'user'; user: SimUser } | { kind: 'anonymous' };

export type SearchOutcome =
  | {
      ok: true;
      bounded: boolean;
      /** Matching issue ids in ORDER BY order; shared with the cache, never mutate. */
      ids: readonly string[];
      state: SearchState;
      /** The query's predicate (with visibility) and order, for reconciling single issues. */
      matches: (issue: SimIssue) => boolean;
      compare: (a: SimIssue, b: SimIssue) => number;
      /** Problems reported without failing the search (Data Center: unknown user names). */
      warningMessages: string[];
    }
  | { ok: false; kind: 'syntax' | 'validation'; errorMessages: string[] };

interface CacheEntry {
  /** The search-visible data version the outcome was computed for. */
  version: number;
  outcome: SearchOutcome;
  weight: number;
}

/** Above this many changed issues a cached result is recomputed rather than patched. */
const MAX_PATCHED_CHANGES = 2_000;

/** Total result ids kept in the cache; bounded so large datasets can't exhaust memory. */
const MAX_CACHED_IDS = 4_000_000;
const MAX_CACHED_ENTRIES = 1_000;

export class SearchEngine {
  private readonly cache = new Map<string, CacheEntry>();
  private cachedIds = 0;
  private readonly views = new Map<string, SimDataset>();
  private viewsFor: SimDataset | null = null;

  constructor(
    private readonly store: SimStore,
    private readonly now: () => Date,
    private readonly timeZone: string,
  ) {}

  search(jql: string, searcher: Searcher): SearchOutcome {
    const state = this.store.searchState();
    const now = this.now();
    const visibility = visibilityKey(searcher);
    const who = searcher.kind === 'user' ? searcher.user.accountId : '-';
    // Relative dates make results depend on the clock: a minute of staleness is what Jira's own
    // index shows, and it keeps repeated page requests on one cached list.
    const key = `${visibility}|${who}|${Math.floor(now.getTime() / 60_000)}|${jql}`;
    const entry = this.cache.get(key);
    if (entry) {
      this.cache.delete(key);
      if (entry.version === state.version) {
        this.cache.set(key, entry);
        return entry.outcome;
      }
      this.cachedIds -= entry.weight;
      const patched = this.patch(entry, state);
      if (patched) {
        this.remember(key, state.version, patched);
        return patched;
      }
    }
    const outcome = this.run(jql, searcher, state, now);
    this.remember(key, state.version, outcome);
    return outcome;
  }

  /**
   * Brings a cached result up to date after a few writes: changed issues leave the list and,
   * if they still match, go back in at their sorted place. Much cheaper than re-running the
   * query over every issue.
   */
  private patch(entry: CacheEntry, state: SearchState): SearchOutcome | null {
    const outcome = entry.outcome;
    if (!outcome.ok) return null;
    const changed = this.store.changedSince(entry.version);
    if (!changed || changed.size > MAX_PATCHED_CHANGES) return null;
    if (changed.size === 0) return { ...outcome, state };
    const ids = outcome.ids.filter((id) => !changed.has(id));
    for (const id of changed) {
      const issue = state.byId.get(id);
      if (!issue || !outcome.matches(issue)) continue;
      let low = 0;
      let high = ids.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        const other = state.byId.get(ids[mid]!);
        if (other && outcome.compare(other, issue) <= 0) low = mid + 1;
        else high = mid;
      }
      ids.splice(low, 0, id);
    }
    return { ...outcome, ids, state };
  }

  /** Matching ids without the cache, for single issues (webhook filters, reconciliation). */
  matcher(jql: string, searcher: Searcher): ((issue: SimIssue) => boolean) | null {
    const state = this.store.searchState();
    const compiled = compileJql(jql, this.context(searcher, state, this.now()));
    if (!compiled.ok) return null;
    const visible = this.visibilityFilter(searcher);
    return (issue) => visible(issue) && compiled.matches(issue);
  }

  clear(): void {
    this.cache.clear();
    this.cachedIds = 0;
  }

  private run(jql: string, searcher: Searcher, state: SearchState, now: Date): SearchOutcome {
    const compiled = compileJql(jql, this.context(searcher, state, now));
    if (!compiled.ok) {
      const syntax = compiled.errorMessages.some((m) => m.startsWith('Error in the JQL Query'));
      const kind = compiled.kind ?? (syntax ? 'syntax' : 'validation');
      return { ok: false, kind, errorMessages: compiled.errorMessages };
    }
    const visible = this.visibilityFilter(searcher);
    const matched: SimIssue[] = [];
    for (const issue of state.issues) {
      if (visible(issue) && compiled.matches(issue)) matched.push(issue);
    }
    matched.sort(compiled.compare);
    const ids = matched.map((issue) => issue.id);
    const matches = (issue: SimIssue): boolean => visible(issue) && compiled.matches(issue);
    const warningMessages = compiled.warningMessages ?? [];
    return { ok: true, bounded: compiled.bounded, ids, state, matches, compare: compiled.compare, warningMessages };
  }

  /**
   * The dataset as this caller may see it: restricted users and anonymous callers don't see
   * other projects, so naming one is an unknown value to them, as in Jira.
   */
  private context(searcher: Searcher, state: SearchState, now: Date) {
    // One view object per caller visibility for as long as the dataset is loaded: the JQL engine
    // caches its look-up tables per dataset object, so a write must not make it rebuild them.
    if (this.viewsFor !== this.store.dataset) {
      this.views.clear();
      this.viewsFor = this.store.dataset;
    }
    const visibility = visibilityKey(searcher);
    let dataset = this.views.get(visibility);
    if (!dataset) {
      const base = this.store.dataset;
      const allowed = allowedProjects(searcher);
      dataset = {
        ...base,
        projects: allowed ? base.projects.filter((p) => allowed(p.key, p.anonymousBrowse === true)) : base.projects,
        issues: state.issues as SimIssue[],
      };
      this.views.set(visibility, dataset);
    }
    dataset.issues = state.issues as SimIssue[];
    return {
      dataset,
      currentUser: searcher.kind === 'user' ? searcher.user : null,
      now,
      timeZone: this.timeZone,
    };
  }

  /** Issue-level visibility, matching what `context` lets the JQL engine see. */
  visibilityFilter(searcher: Searcher): (issue: SimIssue) => boolean {
    if (searcher.kind === 'anonymous') {
      const open = new Set(this.store.dataset.projects.filter((p) => p.anonymousBrowse === true).map((p) => p.key));
      return (issue) => open.has(issue.projectKey);
    }
    const allowed = searcher.user.allowedProjectKeys;
    if (!allowed) return () => true;
    const set = new Set(allowed.map((k) => k.toUpperCase()));
    return (issue) => set.has(issue.projectKey.toUpperCase());
  }

  private remember(key: string, version: number, outcome: SearchOutcome): void {
    const weight = outcome.ok ? outcome.ids.length + 1 : 1;
    this.cache.set(key, { version, outcome, weight });
    this.cachedIds += weight;
    for (const [oldKey, entry] of this.cache) {
      if (this.cachedIds <= MAX_CACHED_IDS && this.cache.size <= MAX_CACHED_ENTRIES) break;
      this.cache.delete(oldKey);
      this.cachedIds -= entry.weight;
    }
  }
}

function visibilityKey(searcher: Searcher): string {
  if (searcher.kind === 'anonymous') return 'anonymous';
  return searcher.user.allowedProjectKeys ? `only:${searcher.user.allowedProjectKeys.join(',')}` : 'all';
}

type ProjectRule = (projectKey: string, anonymousBrowse: boolean) => boolean;

function allowedProjects(searcher: Searcher): ProjectRule | null {
  if (searcher.kind === 'anonymous') return (_key, anonymousBrowse) => anonymousBrowse;
  const allowed = searcher.user.allowedProjectKeys;
  if (!allowed) return null;
  const set = new Set(allowed.map((k) => k.toUpperCase()));
  return (key) => set.has(key.toUpperCase());
}
