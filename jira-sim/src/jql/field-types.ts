/**
 * What the JQL engine knows about a searchable field: its operators, how query values map to the
 * normalised tokens stored on SimIssue, and how it sorts. The fields themselves are in fields.ts.
 */
import type { SimIssue } from '../model';
import type { OperandItem } from './operands';

export type ValueItem = Extract<OperandItem, { kind: 'value' }>;
export type FunctionItem = Extract<OperandItem, { kind: 'function' }>;
export type Relational = '<' | '<=' | '>' | '>=';
export type IssuePredicate = (issue: SimIssue) => boolean;
export type SortValue = string | number | null;

export const EQUALITY = ['=', '!=', 'in', 'not in'];
export const EMPTINESS = ['is', 'is not'];
export const RELATIONAL = ['<', '<=', '>', '>='];

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
