/**
 * Look-up tables the JQL engine needs for one dataset (projects, statuses, users, groups, custom
 * fields), built once and cached per dataset object so a query compiles in well under a
 * millisecond. The cache notices added projects/users/statuses by array identity and length;
 * callers that edit entries in place call `invalidateJqlIndex`.
 */
import type { SimCustomField, SimDataset, SimIssue, SimProject, SimStatus, SimUser } from '../model';

export interface DatasetIndex {
  /** By lower-case key, lower-case name and id. */
  projects: Map<string, SimProject>;
  /** By lower-case name and id; several statuses may share a name. */
  statuses: Map<string, SimStatus[]>;
  statusById: Map<string, SimStatus>;
  /** By every identifier a JQL user value may use in this mode, lower-cased. */
  users: Map<string, SimUser[]>;
  userByAccountId: Map<string, SimUser>;
  /** Lower-case group name → members. */
  groups: Map<string, SimUser[]>;
  componentNames: Set<string>;
  versionNames: Set<string>;
  /** Lower-case field name → custom number fields (story points, extras, Epic Link). */
  customFieldsByName: Map<string, SimCustomField[]>;
  customFieldsById: Map<number, SimCustomField>;
}

interface CacheEntry {
  index: DatasetIndex;
  signature: unknown[];
}

const cache = new WeakMap<SimDataset, CacheEntry>();

function signatureOf(dataset: SimDataset): unknown[] {
  return [
    dataset.mode,
    dataset.projects,
    dataset.projects.length,
    dataset.statuses,
    dataset.statuses.length,
    dataset.users,
    dataset.users.length,
    dataset.storyPointsField,
    dataset.epicLinkField,
    dataset.extraNumberFields,
    dataset.extraNumberFields.length,
  ];
}

function sameSignature(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Drops cached look-ups, e.g. after renaming a project or a user in place. */
export function invalidateJqlIndex(dataset: SimDataset): void {
  cache.delete(dataset);
}

function entryFor(dataset: SimDataset): CacheEntry {
  const signature = signatureOf(dataset);
  const cached = cache.get(dataset);
  if (cached && sameSignature(cached.signature, signature)) return cached;
  const entry: CacheEntry = { index: buildIndex(dataset), signature };
  cache.set(dataset, entry);
  return entry;
}

export function datasetIndex(dataset: SimDataset): DatasetIndex {
  return entryFor(dataset).index;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

function buildIndex(dataset: SimDataset): DatasetIndex {
  const projects = new Map<string, SimProject>();
  const componentNames = new Set<string>();
  const versionNames = new Set<string>();
  for (const project of dataset.projects) {
    // Names first so that a key or id equal to another project's name wins, as in Jira.
    projects.set(project.name.toLowerCase(), project);
    for (const component of project.components) componentNames.add(component.toLowerCase());
    for (const version of project.versions) versionNames.add(version.toLowerCase());
  }
  for (const project of dataset.projects) {
    projects.set(project.key.toLowerCase(), project);
    projects.set(project.id, project);
  }

  const statuses = new Map<string, SimStatus[]>();
  const statusById = new Map<string, SimStatus>();
  for (const status of dataset.statuses) {
    pushTo(statuses, status.name.toLowerCase(), status);
    pushTo(statuses, status.id, status);
    statusById.set(status.id, status);
  }

  const users = new Map<string, SimUser[]>();
  const userByAccountId = new Map<string, SimUser>();
  const groups = new Map<string, SimUser[]>();
  for (const user of dataset.users) {
    userByAccountId.set(user.accountId, user);
    // Cloud users are named by accountId, Data Center users by username or key; both accept
    // the display name and e-mail address that a person would type.
    const identifiers =
      dataset.mode === 'cloud'
        ? [user.accountId, user.displayName, user.emailAddress]
        : [user.name, user.key, user.displayName, user.emailAddress];
    for (const identifier of identifiers) pushTo(users, identifier.toLowerCase(), user);
    for (const group of user.groups) pushTo(groups, group.toLowerCase(), user);
  }

  const customFieldsByName = new Map<string, SimCustomField[]>();
  const customFieldsById = new Map<number, SimCustomField>();
  for (const field of [dataset.storyPointsField, dataset.epicLinkField, ...dataset.extraNumberFields]) {
    pushTo(customFieldsByName, field.name.toLowerCase(), field);
    customFieldsById.set(field.schemaCustomId, field);
  }

  return {
    projects,
    statuses,
    statusById,
    users,
    userByAccountId,
    groups,
    componentNames,
    versionNames,
    customFieldsByName,
    customFieldsById,
  };
}

/**
 * The issues with these keys (case-insensitive) or numeric ids, found in one pass over the
 * issues (a few milliseconds for 200,000). A lookup table would cost far more to build than the
 * handful of keys a query names, and would need rebuilding after every change.
 */
export function findIssues(dataset: SimDataset, refs: readonly string[]): Map<string, SimIssue> {
  const found = new Map<string, SimIssue>();
  const keys = new Set<string>();
  const ids = new Set<string>();
  for (const ref of refs) (/^\d+$/.test(ref) ? ids : keys).add(ref.toUpperCase());
  if (keys.size === 0 && ids.size === 0) return found;
  const wanted = keys.size + ids.size;
  // Keys are stored upper-case (the scenario schema requires it): one Set probe per issue.
  for (const issue of dataset.issues) {
    if (keys.has(issue.key)) found.set(issue.key, issue);
    if (ids.size > 0 && ids.has(issue.id)) found.set(issue.id, issue);
    if (found.size === wanted) break;
  }
  return found;
}
