/**
 * JQL engine of the simulator: parses with Atlassian's grammar and compiles the query into
 * closures evaluated on in-memory SimIssue objects. (Minimal first version: project, key,
 * AND/OR/NOT, ORDER BY key; grown in later commits.)
 */
import { JastBuilder } from '@atlassianlabs/jql-ast';
import type { Clause, Operand } from '@atlassianlabs/jql-ast';
import type { JqlCompileResult, JqlContext, SimIssue } from '../model';

type Predicate = (issue: SimIssue) => boolean;

class JqlError extends Error {}

function operandValues(operand: Operand | void): string[] {
  if (!operand) return [];
  if (operand.operandType === 'value') return [operand.value];
  if (operand.operandType === 'list') return operand.values.flatMap((v) => operandValues(v));
  return [];
}

function compileClause(clause: Clause, ctx: JqlContext): Predicate {
  if (clause.clauseType === 'compound') {
    const parts = clause.clauses.map((c) => compileClause(c, ctx));
    return clause.operator.value === 'and'
      ? (i) => parts.every((p) => p(i))
      : (i) => parts.some((p) => p(i));
  }
  if (clause.clauseType === 'not') {
    const inner = compileClause(clause.clause, ctx);
    return (i) => !inner(i);
  }
  const field = clause.field.value.toLowerCase();
  const op = clause.operator?.value ?? '=';
  const wanted = new Set(operandValues(clause.operand).map((v) => v.toLowerCase()));
  let get: (i: SimIssue) => string;
  if (field === 'project') {
    get = (i) => i.projectKey.toLowerCase();
  } else if (field === 'key' || field === 'issue' || field === 'issuekey') {
    get = (i) => i.key.toLowerCase();
  } else {
    throw new JqlError(`Field '${clause.field.value}' does not exist or you do not have permission to view it.`);
  }
  if (op === '=' || op === 'in') return (i) => wanted.has(get(i));
  if (op === '!=' || op === 'not in') return (i) => !wanted.has(get(i));
  throw new JqlError(`The operator '${op}' is not supported by the '${clause.field.value}' field.`);
}

const compareKeys = (a: SimIssue, b: SimIssue): number => {
  if (a.projectKey !== b.projectKey) return a.projectKey < b.projectKey ? -1 : 1;
  return Number(a.key.split('-')[1]) - Number(b.key.split('-')[1]);
};

export function compileJql(jql: string, ctx: JqlContext): JqlCompileResult {
  const ast = new JastBuilder().build(jql);
  if (ast.errors.length > 0 || !ast.query) {
    return { ok: false, errorMessages: ["Error in the JQL Query: Expecting ')' before the end of the query."] };
  }
  try {
    const where = ast.query.where ? compileClause(ast.query.where, ctx) : () => true;
    const desc = ast.query.orderBy?.fields[0]?.direction?.value === 'DESC';
    return {
      ok: true,
      bounded: Boolean(ast.query.where),
      matches: where,
      compare: (a, b) => (desc ? -compareKeys(a, b) : compareKeys(a, b)),
    };
  } catch (error) {
    if (error instanceof JqlError) return { ok: false, errorMessages: [error.message] };
    throw error;
  }
}
