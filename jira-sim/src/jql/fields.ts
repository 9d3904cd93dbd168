/**
 * The fields JQL can search and sort on, resolved case-insensitively from the name a query uses
 * (system names and aliases, custom field names, `cf[NNNNN]`). Each field says which operators
 * Jira allows on it, how a query value maps to the normalised token stored on SimIssue, and
 * how issues sort by it.
 */
import type { SimIssue } from '../model';
import { ISSUE_TYPES, PRIORITIES, RESOLUTIONS, STATUS_CATEGORIES } from './catalog';
import type { CompileEnv } from './env';
import { validationErrors } from './messages';
import { EMPTINESS, EQUALITY, RELATIONAL, compareKeys, keyNumber, relationalTest } from './field-types';
import type { ChoiceField, DateField, FieldDef, ValueItem } from './field-types';
import { issueTypeFunctionValues, userFunctionValues } from './operands';

const ops = (...groups: string[][]): ReadonlySet<string> => new Set(groups.flat());
const lower = (value: string): string => value.toLowerCase();

/** Jira's issue-key shape: a project key, a dash, a number. */
const ISSUE_KEY = /^[A-Za-z][A-Za-z0-9_]*-\d+$/;

const PRIORITY_RANK = new Map<string, number>(PRIORITIES.map((p, i) => [p.name, PRIORITIES.length - i]));

function fromTable(table: readonly { id: string; name: string }[], field: string) {
  const byRef = new Map<string, string>();
  for (const entry of table) {
    byRef.set(lower(entry.name), entry.name);
    byRef.set(entry.id, entry.name);
  }
  return (item: ValueItem): string[] => {
    const found = byRef.get(lower(item.value));
    if (found) return [found];
    throw unknownValueError(item, field);
  };
}

function unknownValueError(item: ValueItem, field: string) {
  return !item.quoted && /^\d+$/.test(item.value)
    ? validationErrors.unknownId(item.value, field)
    : validationErrors.unknownValue(item.value, field);
}

function issueRefResolver(field: string, env: CompileEnv) {
  return (item: ValueItem): string[] => {
    const value = item.value.trim();
    const numeric = /^\d+$/.test(value);
    if (!numeric && !ISSUE_KEY.test(value)) throw validationErrors.invalidIssueKey(value, field);
    const issue = env.findVisibleIssue(value);
    if (issue) return [issue.key.toUpperCase()];
    throw numeric ? validationErrors.unknownId(value, field) : validationErrors.unknownIssueKey(value.toUpperCase(), field);
  };
}

function userField(name: string, env: CompileEnv, get: (issue: SimIssue) => string | null): ChoiceField {
  return {
    kind: 'choice',
    name,
    operators: ops(EQUALITY, EMPTINESS),
    emptyAllowed: true,
    get,
    resolve: (item) => {
      const users = env.index.users.get(lower(item.value));
      if (users) return users.map((u) => u.accountId);
      // Jira Data Center only warns about unknown users (and matches nothing); Cloud refuses the query.
      const error = validationErrors.unknownValue(item.value, name);
      if (env.ctx.dataset.mode === 'datacenter') {
        env.warnings.push(error.message);
        return [];
      }
      throw error;
    },
    resolveFunction: (item) => userFunctionValues(item, name, env.ctx, env.index),
    sortValue: (issue) => {
      const accountId = get(issue);
      return accountId === null ? null : lower(env.index.userByAccountId.get(accountId)?.displayName ?? accountId);
    },
  };
}

function issueRefField(name: string, env: CompileEnv, get: (issue: SimIssue) => string | null, withEmpty: boolean): ChoiceField {
  return {
    kind: 'choice',
    name,
    operators: withEmpty ? ops(EQUALITY, EMPTINESS) : ops(EQUALITY),
    emptyAllowed: withEmpty,
    get: (issue) => {
      const key = get(issue);
      return key === null ? null : key.toUpperCase();
    },
    resolve: issueRefResolver(name, env),
    prefetch: env.prefetchIssues,
    sortValue: (issue) => get(issue),
  };
}

/** The Epic of an issue: Data Center's Epic Link; on Cloud, Jira answers "Epic Link" from `parent`. */
function epicOf(env: CompileEnv): (issue: SimIssue) => string | null {
  if (env.ctx.dataset.mode === 'datacenter') return (issue) => issue.epicLinkKey;
  return (issue) => issue.epicLinkKey ?? (issue.issueType === 'Sub-task' || issue.issueType === 'Epic' ? null : issue.parentKey);
}

function systemField(lowerName: string, name: string, env: CompileEnv): FieldDef | null {
  const { index } = env;
  switch (lowerName) {
    case 'project':
      return {
        kind: 'choice',
        name,
        operators: ops(EQUALITY),
        emptyAllowed: false,
        get: (issue) => issue.projectKey,
        resolve: (item) => {
          const project = index.projects.get(lower(item.value));
          if (project && env.canSeeProject(project.key)) return [project.key];
          throw unknownValueError(item, name);
        },
        sortValue: (issue) => issue.projectKey,
      };
    case 'key':
    case 'issue':
    case 'issuekey':
    case 'id':
      return {
        kind: 'choice',
        name,
        operators: ops(EQUALITY, RELATIONAL),
        emptyAllowed: false,
        get: (issue) => issue.key,
        resolve: issueRefResolver(name, env),
        prefetch: env.prefetchIssues,
        relational: (operator, token) => {
          // Jira compares keys within the key's project only.
          const project = token.slice(0, token.lastIndexOf('-'));
          const bound = keyNumber(token);
          const test = relationalTest(operator);
          return (issue) =>
            (issue.projectKey === project || issue.projectKey.toUpperCase() === project) && test(keyNumber(issue.key), bound);
        },
        sortCompare: compareKeys,
      };
    case 'issuetype':
    case 'type':
      return {
        kind: 'choice',
        name,
        operators: ops(EQUALITY, EMPTINESS),
        emptyAllowed: false,
        get: (issue) => issue.issueType,
        resolve: fromTable(
          // Cloud renamed "Sub-task" to "Subtask"; Jira accepts either spelling.
          [...ISSUE_TYPES.map((t) => ({ id: t.ids[env.ctx.dataset.mode], name: t.name })), { id: 'subtask', name: 'Sub-task' }],
          name,
        ),
        resolveFunction: (item) => {
          const wanted = issueTypeFunctionValues(item, name) === 'subtask';
          return ISSUE_TYPES.filter((t) => t.subtask === wanted).map((t) => t.name);
        },
        sortValue: (issue) => ISSUE_TYPES.findIndex((t) => t.name === issue.issueType),
      };
    case 'status':
      return {
        kind: 'choice',
        name,
        operators: ops(EQUALITY, EMPTINESS),
        emptyAllowed: false,
        get: (issue) => issue.statusId,
        resolve: (item) => {
          const statuses = index.statuses.get(lower(item.value));
          if (statuses) return statuses.map((s) => s.id);
          throw unknownValueError(item, name);
        },
        sortValue: (issue) => env.statusOrder(issue.statusId),
      };
    case 'statuscategory': {
      const categoryOf = (issue: SimIssue): string | null => index.statusById.get(issue.statusId)?.categoryKey ?? null;
      return {
        kind: 'choice',
        name,
        operators: ops(EQUALITY),
        emptyAllowed: false,
        get: categoryOf,
        resolve: (item) => {
          const ref = lower(item.value);
          const category = STATUS_CATEGORIES.find((c) => lower(c.name) === ref || c.key === ref || String(c.id) === ref);
          if (category) return [category.key];
          throw unknownValueError(item, name);
        },
        sortValue: (issue) => ['undefined', 'new', 'indeterminate', 'done'].indexOf(categoryOf(issue) ?? 'undefined'),
      };
    }
    case 'resolution': {
      const resolveKnown = fromTable(RESOLUTIONS, name);
      return {
        kind: 'choice',
        name,
        operators: ops(EQUALITY, EMPTINESS),
        emptyAllowed: true,
        get: (issue) => issue.resolution,
        // "Unresolved" is Jira's name for an empty resolution; it is handled as EMPTY by the compiler.
        resolve: (item) => (lower(item.value) === 'unresolved' ? [UNRESOLVED] : resolveKnown(item)),
        sortValue: (issue) => (issue.resolution === null ? null : RESOLUTIONS.findIndex((r) => r.name === issue.resolution)),
      };
    }
    case 'assignee':
      return userField(name, env, (issue) => issue.assigneeAccountId);
    case 'reporter':
      return userField(name, env, (issue) => issue.reporterAccountId);
    case 'labels':
      return {
        kind: 'multi',
        name,
        operators: ops(EQUALITY, EMPTINESS),
        emptyAllowed: true,
        getAll: (issue) => issue.labels,
        resolve: (item) => [lower(item.value)],
      };
    case 'priority':
      return {
        kind: 'choice',
        name,
        operators: ops(EQUALITY, EMPTINESS, RELATIONAL),
        emptyAllowed: true,
        get: (issue) => issue.priority,
        resolve: fromTable(PRIORITIES, name),
        relational: (operator, token) => {
          const bound = PRIORITY_RANK.get(token) ?? 0;
          const test = relationalTest(operator);
          return (issue) => issue.priority !== null && test(PRIORITY_RANK.get(issue.priority) ?? 0, bound);
        },
        sortValue: (issue) => (issue.priority === null ? null : (PRIORITY_RANK.get(issue.priority) ?? 0)),
        defaultDescending: true,
      };
    case 'component':
    case 'fixversion': {
      const known = lowerName === 'component' ? index.componentNames : index.versionNames;
      const getAll = lowerName === 'component' ? (i: SimIssue) => i.components : (i: SimIssue) => i.fixVersions;
      return {
        kind: 'multi',
        name,
        operators: ops(EQUALITY, EMPTINESS),
        emptyAllowed: true,
        getAll,
        resolve: (item) => {
          if (known.has(lower(item.value))) return [lower(item.value)];
          throw unknownValueError(item, name);
        },
        sortValue: (issue) => {
          const first = getAll(issue)[0];
          return first === undefined ? null : lower(first);
        },
      };
    }
    case 'parent':
      return issueRefField(name, env, (issue) => issue.parentKey, true);
    case 'rank':
      // Jira Software's Rank only sorts; the simulator has no ranking, so key order stands in for it.
      return { kind: 'choice', name, operators: ops(), emptyAllowed: false, get: () => null, resolve: () => [], sortCompare: compareKeys };
    case 'summary':
      return { kind: 'text', name, operators: ops(['~', '!~']), emptyAllowed: false, sources: ['summary'], sortValue: (i) => lower(i.summary) };
    case 'description':
      return { kind: 'text', name, operators: ops(['~', '!~'], EMPTINESS), emptyAllowed: true, sources: ['description'] };
    case 'text':
      return { kind: 'text', name, operators: ops(['~']), emptyAllowed: false, sources: ['summary', 'description'] };
    case 'created':
    case 'createddate':
      return dateField(name, 'instant', (issue) => issue.created, true);
    case 'updated':
    case 'updateddate':
      return dateField(name, 'instant', (issue) => issue.updated, true);
    case 'resolved':
    case 'resolutiondate':
      return dateField(name, 'instant', (issue) => issue.resolutionDate, true);
    case 'duedate':
    case 'due':
      return dateField(name, 'day', (issue) => issue.dueDate, false);
  }
  return null;
}

export const UNRESOLVED = '\u0000unresolved';

function dateField(name: string, kind: 'instant' | 'day', get: (issue: SimIssue) => string | null, descending: boolean): DateField {
  return {
    kind,
    name,
    operators: ops(EQUALITY, EMPTINESS, RELATIONAL),
    emptyAllowed: true,
    get,
    sortValue: get,
    defaultDescending: descending,
  };
}

function customField(lowerName: string, name: string, env: CompileEnv): FieldDef | null {
  const cf = /^cf\[(\d+)\]$/.exec(lowerName);
  const candidates = cf
    ? [env.index.customFieldsById.get(Number(cf[1]))].filter((f) => f !== undefined)
    : (env.index.customFieldsByName.get(lowerName) ?? []);
  const field = candidates[0];
  if (!field) return null;
  const { dataset } = env.ctx;
  if (field === dataset.epicLinkField) return issueRefField(name, env, epicOf(env), true);
  const get =
    field === dataset.storyPointsField
      ? (issue: SimIssue) => issue.storyPoints
      : (issue: SimIssue) => issue.customNumbers[field.id] ?? null;
  return { kind: 'number', name, operators: ops(EQUALITY, EMPTINESS, RELATIONAL), emptyAllowed: true, get, sortValue: get };
}

/** The field a query names, or null when this instance has no such field. */
export function resolveField(name: string, env: CompileEnv): FieldDef | null {
  const lowerName = lower(name.trim());
  return systemField(lowerName, name, env) ?? customField(lowerName, name, env);
}
