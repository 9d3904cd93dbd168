/**
 * ORDER BY → one comparator. Without ORDER BY the simulator sorts by `created DESC`: the Jira
 * issue navigator's default, and for issues numbered in creation order the same as key DESC.
 * Every order ends with a tie-break on the numeric issue id (descending) so pages never shuffle.
 * Empty values sort as the greatest: last in ASC, first in DESC, as Jira does for due dates.
 * Fields named without direction use Jira's default for the field: DESC for created, updated,
 * resolved and priority; ASC otherwise.
 */
import type { OrderBy } from '@atlassianlabs/jql-ast';
import type { SimIssue } from '../model';
import type { CompileEnv } from './env';
import { resolveField } from './fields';
import type { SortValue } from './field-types';
import { JqlError, validationErrors } from './messages';

export type IssueComparator = (a: SimIssue, b: SimIssue) => number;

/** Numeric ids as strings: shorter is smaller, equal lengths compare as text. */
export function compareIds(a: SimIssue, b: SimIssue): number {
  if (a.id.length !== b.id.length) return a.id.length - b.id.length;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function compareSortValues(x: SortValue, y: SortValue): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

const byCreatedDescending: IssueComparator = (a, b) => (a.created === b.created ? 0 : a.created < b.created ? 1 : -1);

export function compileOrder(orderBy: OrderBy | void, env: CompileEnv, errors: string[]): IssueComparator {
  const parts: IssueComparator[] = [];
  if (!orderBy) {
    parts.push(byCreatedDescending);
  } else {
    for (const sort of orderBy.fields) {
      const name = sort.field.value;
      try {
        const field = resolveField(name, env);
        if (!field) throw validationErrors.unknownField(name);
        const descending = sort.direction ? sort.direction.value === 'DESC' : (field.defaultDescending ?? false);
        const sign = descending ? -1 : 1;
        const { sortCompare, sortValue } = field;
        if (sortCompare) parts.push((a, b) => sign * sortCompare(a, b));
        else if (sortValue) parts.push((a, b) => sign * compareSortValues(sortValue(a), sortValue(b)));
        else throw validationErrors.notSortable(name);
      } catch (error) {
        if (!(error instanceof JqlError)) throw error;
        errors.push(error.message);
      }
    }
  }
  return (a, b) => {
    for (const part of parts) {
      const result = part(a, b);
      if (result !== 0) return result;
    }
    return -compareIds(a, b);
  };
}
