/**
 * In-memory issue store of one simulated instance. Writes replace issue objects (never mutate
 * them), so a page token's snapshot and cached renderings stay valid for what they captured.
 * Search reads a possibly lagging copy of the data to simulate Jira Cloud's eventual consistency.
 */
import type { SimDataset, SimIssue, SimUser } from '../model';
import { InstanceCatalog } from '../http/catalog';
import { FieldCatalog } from '../http/fields';
import type { ChangelogEntry, IssueChange, IssueInput, IssuePatch } from './changes';
import { diffIssues } from './diff';
import { SimStoreError } from './errors';
import { latestInstant, normalizeInstants } from './instants';

export { SimStoreError };


/** The view search works on: all issues as search sees them, at one version. */
export interface SearchState {
  version: number;
  /** Every issue search sees, built on first use per version (patched searches never need it). */
  readonly issues: readonly SimIssue[];
  byId: ReadonlyMap<string, SimIssue>;
}

interface PendingWrite {
  visibleAt: number; // Date.now() ms when search may see it
  id: string;
  issue: SimIssue | null;
}

type ChangeListener = (change: IssueChange) => void;

/** When a write happens on the Jira clock; default now. Tests and the demo backdate history with it. */
export interface WriteOptions {
  /** ISO instant: sets `updated`, the changelog entry's time and any date the write moves. */
  at?: string;
}

/** Search-visible versions remembered for patching cached results. */
const MAX_JOURNAL = 2_000;

export class SimStore {
  dataset!: SimDataset;
  catalog!: InstanceCatalog;
  fields!: FieldCatalog;
  /** Bumped by every write; caches key on it. */
  version = 0;

  private current = new Map<string, SimIssue>();
  private idByKey = new Map<string, string>();
  private changelogs = new Map<string, ChangelogEntry[]>();
  private subtaskIndex: { version: number; map: Map<string, SimIssue[]> } | null = null;
  private nextIssueId = 10_000;
  private nextChangelogId = 10_000;
  private readonly nextNumberByProject = new Map<string, number>();
  private readonly listeners = new Set<ChangeListener>();

  /** Eventual consistency: search reads `searchable`, which trails `current` by `lagMs`. */
  private lagMs = 0;
  private searchable: Map<string, SimIssue> | null = null;
  private pending: PendingWrite[] = [];
  private searchVersion = 0;
  private searchStateCache: SearchState | null = null;
  /**
   * Which issues each search-visible version changed, so cached search results can be patched
   * instead of recomputed. `journalBase` is the oldest version the journal can answer from.
   */
  private journal: Array<{ version: number; ids: string[] }> = [];
  private journalBase = 0;

  constructor(
    dataset: SimDataset,
    private readonly now: () => Date,
  ) {
    this.load(dataset);
  }

  load(dataset: SimDataset): void {
    this.dataset = dataset;
    this.catalog = new InstanceCatalog(dataset);
    this.fields = new FieldCatalog(dataset);
    this.current = new Map();
    this.idByKey = new Map();
    this.changelogs = new Map();
    this.nextNumberByProject.clear();
    this.nextIssueId = 10_000;
    for (const issue of dataset.issues) this.index(issue);
    this.searchable = this.lagMs > 0 ? new Map(this.current) : null;
    this.pending = [];
    this.version++;
    this.searchVersion++;
    this.resetJournal();
  }

  get size(): number {
    return this.current.size;
  }

  get(idOrKey: string): SimIssue | undefined {
    const id = this.idByKey.get(idOrKey.toUpperCase()) ?? idOrKey;
    return this.current.get(id);
  }

  all(): IterableIterator<SimIssue> {
    return this.current.values();
  }

  changelog(issueId: string): readonly ChangelogEntry[] {
    return this.changelogs.get(issueId) ?? [];
  }

  /** Sub-tasks of an issue (for the `subtasks` field), indexed once per data version. */
  subtasksOf(parentKey: string): readonly SimIssue[] {
    if (!this.subtaskIndex || this.subtaskIndex.version !== this.version) {
      const map = new Map<string, SimIssue[]>();
      for (const issue of this.current.values()) {
        if (issue.issueType !== 'Sub-task' || !issue.parentKey) continue;
        const siblings = map.get(issue.parentKey) ?? [];
        siblings.push(issue);
        map.set(issue.parentKey, siblings);
      }
      this.subtaskIndex = { version: this.version, map };
    }
    return this.subtaskIndex.map.get(parentKey) ?? [];
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- eventual consistency -------------------------------------------------------------

  /** Search sees writes only `ms` after they happen (0 = immediately). */
  setSearchLag(ms: number): void {
    if (ms > 0 && !this.searchable) this.searchable = new Map(this.current);
    this.lagMs = ms;
    if (ms <= 0) {
      this.searchable = null;
      this.pending = [];
      this.searchVersion++;
      this.searchStateCache = null;
      this.resetJournal();
    }
  }

  get searchLagMs(): number {
    return this.lagMs;
  }

  /** The data as search sees it now. Cheap when nothing changed since the last call. */
  searchState(): SearchState {
    if (this.searchable) this.applyDuePendingWrites();
    if (!this.searchStateCache || this.searchStateCache.version !== this.searchVersion) {
      const byId = this.searchable ?? this.current;
      let issues: SimIssue[] | null = null;
      this.searchStateCache = {
        version: this.searchVersion,
        byId,
        get issues(): SimIssue[] {
          issues ??= [...byId.values()];
          return issues;
        },
      };
    }
    return this.searchStateCache;
  }

  private applyDuePendingWrites(): void {
    const cutoff = Date.now();
    let applied = 0;
    while (applied < this.pending.length && this.pending[applied]!.visibleAt <= cutoff) {
      const write = this.pending[applied]!;
      if (write.issue) this.searchable!.set(write.id, write.issue);
      else this.searchable!.delete(write.id);
      applied++;
    }
    if (applied > 0) {
      const ids = this.pending.slice(0, applied).map((write) => write.id);
      this.pending.splice(0, applied);
      this.searchVersion++;
      this.record(ids);
    }
  }

  /**
   * Ids of the issues that changed for search between `version` and now, or null when that is
   * no longer known (a dataset load, a lag switch, or too long ago).
   */
  changedSince(version: number): Set<string> | null {
    if (version < this.journalBase) return null;
    const changed = new Set<string>();
    for (let i = this.journal.length - 1; i >= 0 && this.journal[i]!.version > version; i--) {
      for (const id of this.journal[i]!.ids) changed.add(id);
    }
    return changed;
  }

  private record(ids: string[]): void {
    this.journal.push({ version: this.searchVersion, ids });
    if (this.journal.length > MAX_JOURNAL) {
      const dropped = this.journal.splice(0, this.journal.length - MAX_JOURNAL);
      this.journalBase = dropped[dropped.length - 1]!.version;
    }
  }

  private resetJournal(): void {
    this.journal = [];
    this.journalBase = this.searchVersion;
  }

  // ---- writes -------------------------------------------------------------------------

  create(input: IssueInput, user: SimUser | null = null): SimIssue {
    const project = this.catalog.projectsByKey.get(input.projectKey);
    if (!project) throw new SimStoreError(`Project '${input.projectKey}' does not exist in this simulator dataset.`, 400);
    const statusId = input.statusId ?? this.resolveStatus(input.status)?.id ?? this.defaultStatusId();
    const number = this.nextNumberByProject.get(project.key) ?? 1;
    const key = input.key?.toUpperCase() ?? `${project.key}-${number}`;
    if (this.idByKey.has(key)) throw new SimStoreError(`Issue ${key} already exists.`, 409);
    const stamp = this.now().toISOString();
    const { status: _status, key: _key, id: _id, ...fields } = normalizeInstants(input);
    // Backdated issues keep their own story: a given created/resolution date sets the others.
    const created = fields.created ?? stamp;
    const resolutionDate = fields.resolutionDate ?? null;
    const statusCategoryChangedAt =
      fields.statusCategoryChangedAt ?? (this.categoryOf(statusId) === 'done' && resolutionDate !== null ? latestInstant(created, resolutionDate) : created);
    const issue: SimIssue = {
      issueType: 'Task',
      description: null,
      resolution: null,
      resolutionDate: null,
      dueDate: null,
      assigneeAccountId: null,
      reporterAccountId: user?.accountId ?? null,
      labels: [],
      priority: 'Medium',
      components: [],
      fixVersions: [],
      parentKey: null,
      epicLinkKey: null,
      storyPoints: null,
      originalEstimateSeconds: null,
      remainingEstimateSeconds: null,
      timeSpentSeconds: null,
      customNumbers: {},
      ...fields,
      created,
      updated: fields.updated ?? latestInstant(created, resolutionDate, statusCategoryChangedAt),
      statusCategoryChangedAt,
      statusId,
      id: input.id ?? String(this.nextIssueId),
      key,
    };
    this.index(issue);
    this.commit({ type: 'created', before: null, after: issue, changelog: null, user, at: new Date(stamp) });
    return issue;
  }

  /**
   * Writes fields. Like Jira, a write that changes the status category moves
   * `statusCategoryChangedAt`, and setting a resolution stamps `resolutionDate` (clearing it
   * clears the date) — unless the patch sets those dates itself.
   */
  update(idOrKey: string, patch: IssuePatch, user: SimUser | null = null, options: WriteOptions = {}): SimIssue {
    const before = this.require(idOrKey);
    patch = normalizeInstants(patch);
    // A patch that says when it was updated happened then.
    const stamp = options.at === undefined && patch.updated !== undefined ? patch.updated : this.writeTime(options);
    const after: SimIssue = { ...before, ...patch, id: before.id, key: before.key, projectKey: before.projectKey };
    if (patch.updated === undefined) after.updated = stamp;
    if (patch.statusCategoryChangedAt === undefined && this.categoryOf(before.statusId) !== this.categoryOf(after.statusId)) {
      after.statusCategoryChangedAt = stamp;
    }
    if (patch.resolutionDate === undefined && patch.resolution !== undefined) {
      if (after.resolution === null) after.resolutionDate = null;
      else if (before.resolution === null) after.resolutionDate = stamp;
    }
    const items = diffIssues(before, after, this.dataset);
    const entry: ChangelogEntry = { id: String(this.nextChangelogId++), author: user, created: after.updated, items };
    this.current.set(after.id, after);
    const history = this.changelogs.get(after.id) ?? [];
    history.push(entry);
    this.changelogs.set(after.id, history);
    // Webhooks fire now, even for a backdated write: that is when Jira would send them.
    this.commit({ type: 'updated', before, after, changelog: entry, user, at: this.now() });
    return after;
  }

  /**
   * Moves an issue to a status (by name or id). Entering the Done category sets a resolution
   * (default "Done") and resolution date; leaving it clears both, as Jira's default workflow does.
   * A change of status category moves `statusCategoryChangedAt` (see update); `at` backdates it all.
   */
  transition(
    idOrKey: string,
    statusNameOrId: string,
    options: { resolution?: string | null; user?: SimUser | null } & WriteOptions = {},
  ): SimIssue {
    const before = this.require(idOrKey);
    const status = this.resolveStatus(statusNameOrId);
    if (!status) {
      const names = this.dataset.statuses.map((s) => s.name).join(', ');
      throw new SimStoreError(`Status '${statusNameOrId}' does not exist; use one of: ${names}.`, 400);
    }
    const wasDone = this.categoryOf(before.statusId) === 'done';
    const isDone = status.categoryKey === 'done';
    const stamp = this.writeTime(options);
    const patch: IssuePatch = { statusId: status.id };
    if (isDone && (!wasDone || options.resolution !== undefined)) {
      patch.resolution = options.resolution === undefined ? 'Done' : options.resolution;
      patch.resolutionDate = patch.resolution === null ? null : stamp;
    } else if (!isDone && wasDone) {
      patch.resolution = null;
      patch.resolutionDate = null;
    }
    return this.update(before.id, patch, options.user ?? null, { at: stamp });
  }

  delete(idOrKey: string, user: SimUser | null = null): SimIssue {
    const before = this.require(idOrKey);
    this.current.delete(before.id);
    this.idByKey.delete(before.key);
    this.commit({ type: 'deleted', before, after: null, changelog: null, user, at: this.now() });
    return before;
  }

  private require(idOrKey: string): SimIssue {
    const issue = this.get(idOrKey);
    if (!issue) throw new SimStoreError(`Issue ${idOrKey} does not exist in the simulator.`, 404);
    return issue;
  }

  /** The write's instant on the Jira clock: `at` when given (checked), else now. */
  private writeTime(options: WriteOptions): string {
    if (options.at === undefined) return this.now().toISOString();
    return normalizeInstants({ at: options.at }).at;
  }

  private categoryOf(statusId: string): string | undefined {
    return this.catalog.statusesById.get(statusId)?.categoryKey;
  }

  private resolveStatus(nameOrId: string | undefined): { id: string; categoryKey: string } | undefined {
    if (nameOrId === undefined) return undefined;
    return this.catalog.statusesById.get(nameOrId) ?? this.catalog.statusesByName.get(nameOrId.toLowerCase());
  }

  private defaultStatusId(): string {
    const status = this.dataset.statuses.find((s) => s.categoryKey === 'new') ?? this.dataset.statuses[0];
    if (!status) throw new SimStoreError('The dataset has no statuses; add at least one.', 400);
    return status.id;
  }

  private index(issue: SimIssue): void {
    this.current.set(issue.id, issue);
    this.idByKey.set(issue.key.toUpperCase(), issue.id);
    const numeric = Number(issue.id);
    if (Number.isFinite(numeric) && numeric >= this.nextIssueId) this.nextIssueId = numeric + 1;
    const number = Number(issue.key.slice(issue.key.lastIndexOf('-') + 1));
    const project = issue.key.slice(0, issue.key.lastIndexOf('-'));
    if (Number.isFinite(number) && number >= (this.nextNumberByProject.get(project) ?? 1)) {
      this.nextNumberByProject.set(project, number + 1);
    }
  }

  private commit(change: IssueChange): void {
    this.version++;
    const id = (change.after ?? change.before)!.id;
    if (this.searchable) {
      this.pending.push({ visibleAt: Date.now() + this.lagMs, id, issue: change.after });
    } else {
      this.searchVersion++;
      this.record([id]);
    }
    for (const listener of this.listeners) listener(change);
  }
}
