/**
 * The simulator's JQL engine: parses with Atlassian's grammar (@atlassianlabs/jql-ast), validates
 * like Jira (same error sentences) and compiles the query into closures over SimIssue, so a
 * simple filter over 200,000 issues takes about 10-30 ms. Without ORDER BY the order is
 * created DESC (see order.ts).
 *
 * Deliberate approximations (see also text.ts, order.ts, dates.ts):
 * - history operators (WAS, CHANGED) are refused as unsupported operators: there is no history;
 * - a restricted caller (allowedProjectKeys) never matches issues of other projects, and those
 *   projects and their issue keys "do not exist" in messages, as in Jira;
 * - Data Center only warns about unknown users (warningMessages) and matches nothing for them.
 */
import type { JqlCompileResult, JqlContext, SimIssue } from '../model';
import { compileClause } from './clauses';
import { createEnv } from './env';
import { JqlError, syntaxErrors } from './messages';
import type { SourcePosition } from './messages';
import { compileOrder } from './order';
import { parseJqlSyntax } from './syntax';
import type { Query } from '@atlassianlabs/jql-ast';

export { invalidateJqlIndex } from './dataset-index';
export { ISSUE_TYPES, PRIORITIES, RESOLUTIONS, STATUS_CATEGORIES, statusCategoryByKey } from './catalog';

export function compileJql(jql: string, ctx: JqlContext): JqlCompileResult {
  let query: Query | undefined;
  try {
    query = parseJqlSyntax(jql);
    if (query) checkNames(query, jql);
  } catch (error) {
    if (error instanceof JqlError) return { ok: false, kind: error.kind, errorMessages: [error.message] };
    throw error;
  }
  const env = createEnv(ctx);
  const errors: string[] = [];
  const where = query?.where ? compileClause(query.where, false, env, errors) : null;
  const compare = compileOrder(query?.orderBy, env, errors);
  if (errors.length > 0) return { ok: false, kind: 'validation', errorMessages: [...new Set(errors)] };

  const canSee = ctx.currentUser?.allowedProjectKeys ? (issue: SimIssue) => env.canSeeProject(issue.projectKey) : null;
  let matches: (issue: SimIssue) => boolean;
  if (where && canSee) matches = (issue) => canSee(issue) && where(issue);
  else matches = where ?? canSee ?? (() => true);
  return { ok: true, bounded: Boolean(query?.where), matches, compare, warningMessages: [...new Set(env.warnings)] };
}

/** Jira's parser refuses empty field and function names ('' = x, x = ""()) as syntax errors. */
function checkNames(query: Query, jql: string): void {
  const positionOf = (offset: number): SourcePosition => {
    const before = jql.slice(0, offset);
    const line = before.split('\n').length;
    return { line, character: offset - before.lastIndexOf('\n') };
  };
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const position = Array.isArray(record.position) ? (record.position as number[]) : null;
    if ('field' in record && isNamed(record.field) && record.field.value.trim() === '') {
      throw syntaxErrors.emptyFieldName(positionOf(positionStart(record.field) ?? position?.[0] ?? 0));
    }
    if (record.operandType === 'function' && isNamed(record.function) && record.function.value.trim() === '') {
      throw syntaxErrors.emptyFunctionName(positionOf(position?.[0] ?? 0));
    }
    for (const key of ['where', 'orderBy', 'clauses', 'clause', 'fields', 'operand', 'values']) {
      const child = record[key];
      if (Array.isArray(child)) child.forEach(visit);
      else visit(child);
    }
  };
  visit(query);
}

function isNamed(value: unknown): value is { value: string } {
  return typeof value === 'object' && value !== null && typeof (value as { value?: unknown }).value === 'string';
}

function positionStart(value: unknown): number | null {
  const position = (value as { position?: unknown }).position;
  return Array.isArray(position) && typeof position[0] === 'number' ? position[0] : null;
}
