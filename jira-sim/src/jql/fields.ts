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
import { issueTypeFunctionValues, userFunctionValues } from './operands';
import type { OperandItem } from './operands';

type ValueItem = Extract<OperandItem, { kind: 'value' }>;
type FunctionItem = Extract<OperandItem, { kind: 'function' }>;
export type Relational = '<' | '<=' | '>' | '>=';
export type IssuePredicate = (issue: SimIssue) => boolean;
export type SortValue = string | number | null;

const EQUALITY = ['=', '!=', 'in', 'not in'];
const EMPTINESS = ['is', 'is not'];
const RELATIONAL = ['<', '<=', '>', '>='];

interface FieldBase {
  /** The name as the query wrote it; Jira quotes it back in messages. */
  name: string;
  operators: ReadonlySet<string>;
  emptyAllowed: boolean;
  /** Absent when Jira cannot sort by the field. */
  sortValue?: (issue: SimIssue) => SortValue;
  /** Direction used when ORDER BY names the field without ASC/DESC. */
  defaultDescending?: boolean;
  /** Custom compare for sorting, when a single sort value cannot express it (issue keys). */
  sortCompare?: (a: SimIssue, b: SimIssue) => number;
}

/** Single-valued field compared by normalised tokens (project key, status id, accountId…). */
export interface ChoiceField extends FieldBase {
  kind: 'choice';
  get: (issue: SimIssue) => string | null;
  resolve: (item: ValueItem) => string[];
  /** Called with all the clause's literal values before `resolve`, to batch look-ups. */
  prefetch?: (values: string[]) => void;
  resolveFunction?: (item: FunctionItem) => string[];
  relational?: (operator: Relational, token: string) => IssuePredicate;
}

export interface MultiChoiceField extends FieldBase {
  kind: 'multi';
  getAll: (issue: SimIssue) => readonly string[];
  resolve: (item: ValueItem) => string[];
}

export interface DateField extends FieldBase {
  kind: 'instant' | 'day';
  get: (issue: SimIssue) => string | null;
}

export interface NumberField extends FieldBase {
  kind: 'number';
  get: (issue: SimIssue) => number | null;
}

export interface TextField extends FieldBase {
  kind: 'text';
  sources: readonly ('summary' | 'description')[];
}

export type FieldDef = ChoiceField | MultiChoiceField | DateField | NumberField | TextField;

const ops = (...groups: string[][]): ReadonlySet<string> => new Set(groups.flat());
const lower = (value: string): string => value.toLowerCase();

/** Jira's issue-key shape: a project key, a dash, a number. */
const ISSUE_KEY = /^[A-Za-z][A-Za-z0-9_]*-\d+$/;

export function keyNumber(key: string): number {
  let n = 0;
  let scale = 1;
  for (let i = key.length - 1; i >= 0; i--) {
    const code = key.charCodeAt(i);
    if (code < 48 || code > 57) break;
    n += (code - 48) * scale;
    scale *= 10;
  }
  return n;
}

export function compareKeys(a: SimIssue, b: SimIssue): number {
  if (a.projectKey !== b.projectKey) return a.projectKey < b.projectKey ? -1 : 1;
  return keyNumber(a.key) - keyNumber(b.key);
}

const PRIORITY_RANK = new Map<string, number>(PRIORITIES.map((p, i) => [p.name, PRIORITIES.length - i]));

function fromTable(table: readonly { id: string; name: string }[], env: CompileEnv, field: string) {
  const byRef = new Map<string, string>();
  for (const entry of table) {
    byRef.set(lower(entry.name), entry.name);
    byRef.set(entry.id, entry.name);
  }
  return (item: ValueItem): string[] => {
    const found = byRef.get(lower(item.value));
    if (found) return [found];
    throw unknownValueError(item, field, env);
  };
}

function unknownValueError(item: ValueItem, field: string, _env: CompileEnv) {
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
          throw unknownValueError(item, name, env);
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
          env,
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
          throw unknownValueError(item, name, env);
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
          throw unknownValueError(item, name, env);
        },
        sortValue: (issue) => ['undefined', 'new', 'indeterminate', 'done'].indexOf(categoryOf(issue) ?? 'undefined'),
      };
    }
    case 'resolution': {
      const resolveKnown = fromTable(RESOLUTIONS, env, name);
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
        resolve: fromTable(PRIORITIES, env, name),
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
          throw unknownValueError(item, name, env);
        },
        sortValue: (issue) => {
          const first = getAll(issue)[0];
          return first === undefined ? null : lower(first);
        },
      };
    }
    case 'parent':
      return issueRefField(name, env, (issue) => issue.parentKey, true);
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

export function relationalTest(operator: Relational): (value: number, bound: number) => boolean {
  switch (operator) {
    case '<':
      return (value, bound) => value < bound;
    case '<=':
      return (value, bound) => value <= bound;
    case '>':
      return (value, bound) => value > bound;
    case '>=':
      return (value, bound) => value >= bound;
  }
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
