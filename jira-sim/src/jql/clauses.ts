/**
 * Compiles the WHERE clause into one predicate. NOT is pushed down to the terminal clauses with
 * De Morgan's laws and flipped operators, exactly as Jira's DeMorgansVisitor does, which is why
 * `NOT assignee = dana` (= `assignee != dana`) does not find unassigned issues either.
 */
import type { Clause, TerminalClause } from '@atlassianlabs/jql-ast';
import type { SimIssue } from '../model';
import { dateRangeOf, dayComparison, dayInRanges, instantComparison, instantInRanges } from './dates';
import type { DateRange } from './dates';
import type { CompileEnv } from './env';
import { relationalTest } from './field-types';
import type { ChoiceField, DateField, IssuePredicate, MultiChoiceField, NumberField, Relational, TextField } from './field-types';
import { UNRESOLVED, resolveField } from './fields';
import { JqlError, validationErrors } from './messages';
import { operandItems, rejectFunction } from './operands';
import type { OperandItem } from './operands';
import { parseTextQuery, textMatcher } from './text';

const NEVER: IssuePredicate = () => false;

const FLIPPED: Record<string, string> = {
  '=': '!=',
  '!=': '=',
  in: 'not in',
  'not in': 'in',
  is: 'is not',
  'is not': 'is',
  '~': '!~',
  '!~': '~',
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
};

export function compileClause(clause: Clause, negated: boolean, env: CompileEnv, errors: string[]): IssuePredicate {
  switch (clause.clauseType) {
    case 'not':
      return compileClause(clause.clause, !negated, env, errors);
    case 'compound': {
      const parts = clause.clauses.map((child) => compileClause(child, negated, env, errors));
      const conjunction = (clause.operator.value === 'and') !== negated;
      return conjunction ? allOf(parts) : anyOf(parts);
    }
    case 'terminal':
      try {
        return compileTerminal(clause, negated, env, errors);
      } catch (error) {
        if (!(error instanceof JqlError)) throw error;
        errors.push(error.message);
        return NEVER;
      }
  }
}

function allOf(parts: IssuePredicate[]): IssuePredicate {
  const [a, b, c] = parts;
  if (parts.length === 1 && a) return a;
  if (parts.length === 2 && a && b) return (issue) => a(issue) && b(issue);
  if (parts.length === 3 && a && b && c) return (issue) => a(issue) && b(issue) && c(issue);
  return (issue) => {
    for (const part of parts) if (!part(issue)) return false;
    return true;
  };
}

function anyOf(parts: IssuePredicate[]): IssuePredicate {
  const [a, b] = parts;
  if (parts.length === 1 && a) return a;
  if (parts.length === 2 && a && b) return (issue) => a(issue) || b(issue);
  return (issue) => {
    for (const part of parts) if (part(issue)) return true;
    return false;
  };
}

function compileTerminal(clause: TerminalClause, negated: boolean, env: CompileEnv, errors: string[]): IssuePredicate {
  const field = resolveField(clause.field.value, env);
  if (!field) throw validationErrors.unknownField(clause.field.value);
  const written = clause.operator?.value ?? '=';
  if (!field.operators.has(written)) throw validationErrors.operatorNotSupported(written, field.name);
  const operator = negated ? (FLIPPED[written] ?? written) : written;
  const items = operandItems(clause.operand);
  if (items.some((item) => item.kind === 'empty') && (!field.emptyAllowed || isRelational(operator))) {
    throw validationErrors.emptyNotSupported(field.name);
  }
  switch (field.kind) {
    case 'choice':
    case 'multi':
      return choicePredicate(field, operator, items, errors);
    case 'instant':
    case 'day':
      return datePredicate(field, operator, items, env, errors);
    case 'number':
      return numberPredicate(field, operator, items, errors);
    case 'text':
      return textPredicate(field, operator, items);
  }
}

function isRelational(operator: string): operator is Relational {
  return operator === '<' || operator === '<=' || operator === '>' || operator === '>=';
}

/** Runs `resolve` for each value, collecting every Jira message instead of stopping at the first. */
function collect<T>(items: OperandItem[], errors: string[], resolve: (item: Exclude<OperandItem, { kind: 'empty' }>) => T[]): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (item.kind === 'empty') continue;
    try {
      out.push(...resolve(item));
    } catch (error) {
      if (!(error instanceof JqlError)) throw error;
      errors.push(error.message);
    }
  }
  return out;
}

/**
 * Equality semantics shared by every field: `=`/`IN` match a listed value (or emptiness when EMPTY
 * is listed); `!=`/`NOT IN` match only non-empty fields holding none of the values.
 */
function equalityPredicate<V>(
  operator: string,
  valueOf: (issue: SimIssue) => V | null,
  isWanted: (value: V) => boolean,
  includeEmpty: boolean,
): IssuePredicate {
  switch (operator) {
    case '=':
    case 'in':
      return (issue) => {
        const value = valueOf(issue);
        return value === null ? includeEmpty : isWanted(value);
      };
    case '!=':
    case 'not in':
      return (issue) => {
        const value = valueOf(issue);
        return value !== null && !isWanted(value);
      };
    case 'is':
      return (issue) => valueOf(issue) === null;
    case 'is not':
      return (issue) => valueOf(issue) !== null;
  }
  return NEVER;
}

function choicePredicate(field: ChoiceField | MultiChoiceField, operator: string, items: OperandItem[], errors: string[]): IssuePredicate {
  if (field.kind === 'choice' && field.prefetch) {
    field.prefetch(items.flatMap((item) => (item.kind === 'value' ? [item.value] : [])));
  }
  const tokens = new Set(
    collect(items, errors, (item) => {
      if (item.kind === 'value') return field.resolve(item);
      if (field.kind === 'choice' && field.resolveFunction) return field.resolveFunction(item);
      return rejectFunction(item, field.name);
    }),
  );
  let includeEmpty = items.some((item) => item.kind === 'empty');
  if (tokens.delete(UNRESOLVED)) includeEmpty = true;
  if (isRelational(operator)) {
    const [token] = tokens;
    if (field.kind !== 'choice' || !field.relational || token === undefined) return NEVER;
    return field.relational(operator, token);
  }
  if (field.kind === 'multi') {
    const getAll = field.getAll;
    return equalityPredicate(
      operator,
      (issue) => (getAll(issue).length === 0 ? null : getAll(issue)),
      (values) => {
        for (const value of values) if (tokens.has(value.toLowerCase())) return true;
        return false;
      },
      includeEmpty,
    );
  }
  const get = field.get;
  if (tokens.size === 1 && !includeEmpty && operator === '=') {
    const [only] = tokens;
    return (issue) => get(issue) === only;
  }
  return equalityPredicate(operator, get, (value) => tokens.has(value), includeEmpty);
}

function datePredicate(field: DateField, operator: string, items: OperandItem[], env: CompileEnv, errors: string[]): IssuePredicate {
  const ranges = collect<DateRange>(items, errors, (item) => {
    const range = dateRangeOf(item, field.name, env.ctx);
    return range ? [range] : [];
  });
  const get = field.get;
  if (isRelational(operator)) {
    const bound = ranges[0];
    if (!bound) return NEVER;
    const test = field.kind === 'instant' ? instantComparison(operator, bound.from) : dayComparison(operator, bound.from, env.ctx);
    return (issue) => test(get(issue));
  }
  const isWanted = field.kind === 'instant' ? instantInRanges(ranges) : dayInRanges(ranges, env.ctx);
  return equalityPredicate(operator, get, isWanted, items.some((item) => item.kind === 'empty'));
}

function numberPredicate(field: NumberField, operator: string, items: OperandItem[], errors: string[]): IssuePredicate {
  const numbers = collect(items, errors, (item) => {
    if (item.kind === 'function') return rejectFunction(item, field.name);
    const value = Number(item.value);
    if (item.value.trim() === '' || !Number.isFinite(value)) throw validationErrors.invalidNumber(item.value, field.name);
    return [value];
  });
  const get = field.get;
  if (isRelational(operator)) {
    const bound = numbers[0];
    if (bound === undefined) return NEVER;
    const test = relationalTest(operator);
    return (issue) => {
      const value = get(issue);
      return value !== null && test(value, bound);
    };
  }
  const wanted = new Set(numbers);
  return equalityPredicate(operator, get, (value) => wanted.has(value), items.some((item) => item.kind === 'empty'));
}

function textPredicate(field: TextField, operator: string, items: OperandItem[]): IssuePredicate {
  if (operator === 'is' || operator === 'is not') {
    const sources = field.sources;
    const isEmpty = (issue: SimIssue): boolean => {
      for (const source of sources) if (issue[source]) return false;
      return true;
    };
    return operator === 'is' ? isEmpty : (issue) => !isEmpty(issue);
  }
  const [item] = items;
  if (!item || item.kind === 'empty') return NEVER;
  if (item.kind === 'function') return rejectFunction(item, field.name);
  const query = parseTextQuery(item.value);
  if (!query) return NEVER;
  const matcher = textMatcher(query, field.sources);
  return operator === '~' ? (issue) => matcher(issue) === true : (issue) => matcher(issue) === false;
}
